import { paragraphsOf, sentencesOf, splitForNarration } from '../../../nodes/shared/textSplit';

describe('narration text splitting', () => {
	test('paragraphs at blank lines; single line breaks are spaces', () => {
		expect(paragraphsOf('One.\nStill one.\n\n  \nTwo.\r\n\r\nThree.')).toEqual(['One. Still one.', 'Two.', 'Three.']);
	});

	test('sentences: abbreviations, initials, decimals, lower-case continuations and quotes stay inside', () => {
		expect(sentencesOf('Dr. Smith met J. R. Tolkien at 2.5 p.m. today. "Really?" she asked. e.g. this. Yes!')).toEqual([
			'Dr. Smith met J. R. Tolkien at 2.5 p.m. today.',
			'"Really?" she asked. e.g. this.',
			'Yes!',
		]);
	});

	test('CJK full stops end sentences without spaces; Hindi danda and Arabic question mark too', () => {
		expect(sentencesOf('今日は晴れです。明日は雨でしょう！本当？')).toEqual(['今日は晴れです。', '明日は雨でしょう！', '本当？']);
		expect(sentencesOf('यह पहला वाक्य है। यह दूसरा है।')).toEqual(['यह पहला वाक्य है।', 'यह दूसरा है।']);
		expect(sentencesOf('كيف حالك؟ أنا بخير.')).toEqual(['كيف حالك؟', 'أنا بخير.']);
	});

	test('emotion cues and speaker markers stay with their sentence', () => {
		expect(sentencesOf('Hello there. [whisper] Come closer. <|speaker:1|>[excited] Who is it? [laughing]')).toEqual([
			'Hello there.',
			'[whisper] Come closer.',
			'<|speaker:1|>[excited] Who is it? [laughing]',
		]);
	});

	test('pieces pack whole sentences of one paragraph up to the limit, never across paragraphs', () => {
		const sentence = 'This sentence has exactly forty-four chars.';
		const text = `${Array(10).fill(sentence).join(' ')}\n\n${sentence}`;
		const { pieces, paragraphs, forcedSplits } = splitForNarration(text, { maxCharacters: 100 });
		expect(paragraphs).toBe(2);
		expect(forcedSplits).toEqual([]);
		expect(pieces.map((p) => p.paragraph)).toEqual([0, 0, 0, 0, 0, 1]);
		expect(pieces.map((p) => p.sentences.length)).toEqual([2, 2, 2, 2, 2, 1]);
		for (const p of pieces) expect(p.text.length).toBeLessThanOrEqual(100);
		expect(pieces.map((p) => p.text).join(' ')).toBe(text.replace('\n\n', ' '));
	});

	test('speaker markers carry into a piece that starts mid-turn (Voice API)', () => {
		const text = '<|speaker:1|>First sentence is here. Second one is here. <|speaker:0|>Third one is here.';
		const { pieces } = splitForNarration(text, { maxCharacters: 40, carrySpeakerMarkers: true });
		expect(pieces.map((p) => p.text)).toEqual(['<|speaker:1|>First sentence is here.', '<|speaker:1|>Second one is here.', '<|speaker:0|>Third one is here.']);
		expect(pieces.flatMap((p) => p.sentences.map((s) => s.speaker))).toEqual([1, 1, 0]);
		expect(pieces[0].sentences[0].spoken).toBe('First sentence is here.');
	});

	test('an over-long sentence is cut at a clause mark or space, never inside a word, and reported', () => {
		const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
		const { pieces, forcedSplits } = splitForNarration(`${words}.`, { maxCharacters: 100 });
		expect(forcedSplits).toEqual([{ paragraph: 0, characters: words.length + 1, cutAt: 'space' }]);
		for (const p of pieces) {
			expect(p.text.length).toBeLessThanOrEqual(100);
			expect(p.text).toMatch(/^word\d+( word\d+)*\.?$/);
		}
		expect(pieces.map((p) => p.text).join(' ')).toBe(`${words}.`);
		const clauses = splitForNarration(`${'a'.repeat(60)}, ${'b'.repeat(60)}.`, { maxCharacters: 100 });
		expect(clauses.pieces.map((p) => p.text)).toEqual([`${'a'.repeat(60)},`, `${'b'.repeat(60)}.`]);
		expect(clauses.forcedSplits[0].cutAt).toBe('clause');
	});

	test('scripts without spaces: Thai cut at dictionary word boundaries, Chinese at clause marks', () => {
		const thai = 'สวัสดีครับวันนี้อากาศดีมาก'.repeat(10);
		const { pieces, forcedSplits } = splitForNarration(thai, { maxCharacters: 100 });
		expect(forcedSplits[0].cutAt).toBe('word');
		expect(pieces.map((p) => p.text).join('')).toBe(thai);
		// Every cut falls where the word segmenter sees a boundary.
		type Segmenter = { segment: (t: string) => Iterable<{ index: number }> };
		const Segmenter = (Intl as unknown as { Segmenter: new (l: string, o: object) => Segmenter }).Segmenter;
		const boundaries = new Set([...new Segmenter('th', { granularity: 'word' }).segment(thai)].map((s) => s.index));
		let at = 0;
		for (const p of pieces.slice(0, -1)) {
			at += p.text.length;
			expect(boundaries.has(at)).toBe(true);
		}
		const chinese = `${'我们今天去公园散步'.repeat(8)}，${'然后回家吃饭'.repeat(8)}。`;
		const cn = splitForNarration(chinese, { maxCharacters: 100 });
		expect(cn.pieces[0].text.endsWith('，')).toBe(true);
	});

	test('a cue is never cut in half, even at the character limit', () => {
		const text = `${'x'.repeat(95)}[whispering softly]${'y'.repeat(50)}`;
		const { pieces } = splitForNarration(text, { maxCharacters: 100 });
		expect(pieces.some((p) => p.text.includes('[whispering softly]'))).toBe(true);
	});

	test('500,000 characters split in well under a second', () => {
		const paragraph = 'The quick brown fox jumps over the lazy dog. '.repeat(40).trim();
		const text = Array(280).fill(paragraph).join('\n\n');
		expect(text.length).toBeGreaterThan(500_000);
		const started = Date.now();
		const { pieces, paragraphs } = splitForNarration(text, { maxCharacters: 2_000 });
		expect(Date.now() - started).toBeLessThan(3_000);
		expect(paragraphs).toBe(280);
		expect(pieces).toHaveLength(280);
	});
});
