/**
 * Splits a long text for narration: paragraphs (blank lines), sentences inside them, and pieces
 * (consecutive sentences of one paragraph packed up to the API's per-line or per-call limit).
 * Linear in the text's length (ICU's sentence segmenter is far too slow for 500,000 characters).
 */

export interface Sentence {
	/** The sentence as sent to the API (emotion cues and speaker markers included). */
	text: string;
	/** What is spoken: cues and markers removed, whitespace collapsed (for subtitles and timing). */
	spoken: string;
	/** The speaker marker in force for this sentence (`<|speaker:N|>`), if any. */
	speaker?: number;
}

export interface Piece {
	/** The text sent in one API line or call. */
	text: string;
	paragraph: number;
	sentences: Sentence[];
}

export interface SplitResult {
	pieces: Piece[];
	paragraphs: number;
	/** Sentences longer than the limit with no boundary, cut at a space or word/character limit. */
	forcedSplits: Array<{ paragraph: number; characters: number; cutAt: 'clause' | 'space' | 'word' | 'character' }>;
}

export interface SplitOptions {
	/** Most characters in one piece (the API's per-line or per-call limit). */
	maxCharacters: number;
	/**
	 * Repeat the speaker marker in force at the start of a piece that does not begin with one
	 * (Voice API: a marker applies until the next one, so a piece must say who speaks).
	 */
	carrySpeakerMarkers?: boolean;
}

const SPEAKER_MARKER = /<\|speaker:(\d+)\|>/g;
const CUE = /\[[^\]\n]{0,80}\]/g;
/** Sentence ends that need whitespace after them (Latin, Cyrillic, Greek, Arabic, Indic …). */
const TERMINATORS = new Set(['.', '!', '?', '…', '‼', '⁇', '⁈', '⁉', '؟', '۔', '।', '॥', '።', '፧']);
/** Full-width ends (Chinese, Japanese, Korean full stops): a boundary even with no space after. */
const WIDE_TERMINATORS = new Set(['。', '！', '？', '｡', '．']);
/** Closing quotes and brackets that belong to the sentence they end. */
const CLOSERS = new Set(['"', "'", '”', '’', '»', '›', ')', '）', '」', '』', '】', '〕', '〉', '》']);
/** Clause marks where an over-long sentence may be cut. */
const CLAUSE_MARKS = new Set([',', ';', ':', '，', '、', '；', '：', '—', '–']);
/** Words that end in "." without ending a sentence. */
const ABBREVIATIONS = new Set([
	'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'etc', 'e.g', 'i.e', 'no', 'fig', 'approx', 'inc', 'ltd', 'co', 'mt', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const isLowerLatin = (c: string | undefined) => c !== undefined && /\p{Ll}/u.test(c);

/** Cue- and marker-free text, whitespace collapsed. */
function spokenText(text: string): string {
	return text.replace(SPEAKER_MARKER, ' ').replace(CUE, ' ').replace(/\s+/g, ' ').trim();
}

/** Paragraphs are separated by one or more blank lines; single line breaks are spaces. */
export function paragraphsOf(text: string): string[] {
	return text
		.split(/\r?\n[ \t\u00a0]*(?:\r?\n[ \t\u00a0]*)+/)
		.map((p) => p.replace(/\s+/g, ' ').trim())
		.filter((p) => p.length > 0);
}

function endsWithAbbreviation(text: string, dotAt: number): boolean {
	let start = dotAt;
	while (start > 0 && /[\p{L}.]/u.test(text[start - 1])) start--;
	const word = text.slice(start, dotAt).toLowerCase();
	// Initials ("J. R. R. Tolkien") and known abbreviations.
	return (word.length === 1 && /\p{Lu}/u.test(text[start])) || ABBREVIATIONS.has(word);
}

/** Splits one paragraph (whitespace already collapsed) into raw sentences. */
export function sentencesOf(paragraph: string): string[] {
	const out: string[] = [];
	let start = 0;
	let i = 0;
	while (i < paragraph.length) {
		const c = paragraph[i];
		const wide = WIDE_TERMINATORS.has(c);
		if (!wide && !TERMINATORS.has(c)) {
			i++;
			continue;
		}
		let end = i + 1;
		while (end < paragraph.length && (TERMINATORS.has(paragraph[end]) || WIDE_TERMINATORS.has(paragraph[end]))) end++;
		while (end < paragraph.length && CLOSERS.has(paragraph[end])) end++;
		const next = paragraph[end];
		let boundary = false;
		if (end >= paragraph.length) boundary = true;
		else if (wide) boundary = true;
		else if (isSpace(next)) {
			const after = paragraph[end + 1];
			// "e.g. this", "Dr. Smith": no boundary before a lower-case word or after an abbreviation.
			boundary = !isLowerLatin(after) && !(c === '.' && end === i + 1 && endsWithAbbreviation(paragraph, i));
		}
		if (boundary) {
			const sentence = paragraph.slice(start, end).trim();
			if (sentence) out.push(sentence);
			start = end;
		}
		i = end;
	}
	const rest = paragraph.slice(start).trim();
	if (rest) out.push(rest);
	return mergeSilent(out);
}

/** A "sentence" of cues or markers only joins the next sentence (or, at the end, the previous one). */
function mergeSilent(sentences: string[]): string[] {
	const out: string[] = [];
	let carry = '';
	for (const s of sentences) {
		if (!spokenText(s)) {
			carry = carry ? `${carry} ${s}` : s;
			continue;
		}
		out.push(carry ? `${carry} ${s}` : s);
		carry = '';
	}
	if (carry) {
		if (out.length) out[out.length - 1] = `${out[out.length - 1]} ${carry}`;
		else out.push(carry);
	}
	return out;
}

/** Positions inside a cue or marker, where a forced cut must not fall. */
function protectedRanges(text: string): Array<[number, number]> {
	const ranges: Array<[number, number]> = [];
	for (const re of [SPEAKER_MARKER, CUE]) for (const m of text.matchAll(re)) ranges.push([m.index, m.index + m[0].length]);
	return ranges;
}

/** Intl.Segmenter (Node 16+; the compile target's lib predates its types). */
interface WordSegmenter {
	segment(text: string): Iterable<{ index: number }>;
}
const wordSegmenter: WordSegmenter = new (Intl as unknown as { Segmenter: new (locale: undefined, options: { granularity: 'word' }) => WordSegmenter }).Segmenter(undefined, {
	granularity: 'word',
});

/**
 * Cuts an over-long sentence into parts of at most `max` characters: at the last clause mark,
 * else the last space, else the last word boundary (CJK, Thai: dictionary word breaks), else at
 * the character limit (never inside a surrogate pair, cue or marker).
 */
function cutLongSentence(sentence: string, max: number): { parts: string[]; cutAt: SplitResult['forcedSplits'][number]['cutAt'] } {
	const parts: string[] = [];
	let rest = sentence;
	let worst: SplitResult['forcedSplits'][number]['cutAt'] = 'clause';
	const rank = { clause: 0, space: 1, word: 2, character: 3 } as const;
	while (rest.length > max) {
		const ranges = protectedRanges(rest);
		const allowed = (pos: number) => pos > 0 && !ranges.some(([a, b]) => pos > a && pos < b);
		let cut = -1;
		let how: keyof typeof rank = 'clause';
		for (let p = max; p > max / 2; p--) {
			if (CLAUSE_MARKS.has(rest[p - 1]) && (isSpace(rest[p]) || !/[\p{Script=Latin}]/u.test(rest[p - 2] ?? '')) && allowed(p)) {
				cut = p;
				break;
			}
		}
		if (cut < 0) {
			how = 'space';
			for (let p = max; p > 0; p--) if (isSpace(rest[p]) && allowed(p)) { cut = p; break; }
		}
		if (cut < 0) {
			how = 'word';
			for (const seg of wordSegmenter.segment(rest.slice(0, max + 1))) if (seg.index > 0 && seg.index <= max && allowed(seg.index)) cut = seg.index;
		}
		if (cut <= 0) {
			how = 'character';
			cut = max;
			const code = rest.charCodeAt(cut - 1);
			if (code >= 0xd800 && code <= 0xdbff) cut--;
			for (const [a, b] of ranges) if (cut > a && cut < b) cut = a > 0 ? a : b;
		}
		if (rank[how] > rank[worst]) worst = how;
		parts.push(rest.slice(0, cut).trim());
		rest = rest.slice(cut).trim();
	}
	if (rest) parts.push(rest);
	return { parts: parts.filter(Boolean), cutAt: worst };
}

/** Joins two pieces of text: no space between CJK characters, else one space. */
function joinText(a: string, b: string): string {
	if (!a) return b;
	const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
	return cjk.test(a[a.length - 1]) && cjk.test(b[0]) ? a + b : `${a} ${b}`;
}

export function splitForNarration(text: string, options: SplitOptions): SplitResult {
	const max = options.maxCharacters;
	const pieces: Piece[] = [];
	const forcedSplits: SplitResult['forcedSplits'] = [];
	const paragraphs = paragraphsOf(text);
	let speaker: number | undefined;
	paragraphs.forEach((paragraph, p) => {
		let current: Piece | undefined;
		const sentences: Sentence[] = [];
		for (const raw of sentencesOf(paragraph)) {
			// Room for a carried speaker marker, so a piece never grows past the limit by it.
			const room = options.carrySpeakerMarkers && !raw.startsWith('<|speaker:') ? max - '<|speaker:99|>'.length : max;
			let parts = [raw];
			if (raw.length > room) {
				const cut = cutLongSentence(raw, room);
				parts = cut.parts;
				forcedSplits.push({ paragraph: p, characters: raw.length, cutAt: cut.cutAt });
			}
			for (const part of parts) {
				const markers = [...part.matchAll(SPEAKER_MARKER)];
				const speakerAtStart = part.startsWith('<|speaker:') ? Number(markers[0][1]) : speaker;
				if (markers.length) speaker = Number(markers[markers.length - 1][1]);
				sentences.push({ text: part, spoken: spokenText(part), speaker: speakerAtStart });
			}
		}
		for (const sentence of sentences) {
			const withSentence = current ? joinText(current.text, sentence.text) : sentence.text;
			if (current && withSentence.length <= max) {
				current.text = withSentence;
				current.sentences.push(sentence);
				continue;
			}
			let start = sentence.text;
			if (options.carrySpeakerMarkers && sentence.speaker !== undefined && !start.startsWith('<|speaker:')) {
				start = `<|speaker:${sentence.speaker}|>${start}`;
			}
			current = { text: start, paragraph: p, sentences: [sentence] };
			pieces.push(current);
		}
	});
	return { pieces, paragraphs: paragraphs.length, forcedSplits };
}
