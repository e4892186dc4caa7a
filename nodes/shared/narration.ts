import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { AudioPiece, JoinFormat, JoinPlan } from './audioJoin';
import { AudioJoinError, inspectAudio, planJoin } from './audioJoin';
import { openStoredBinary, readAll } from './binary';
import { asNodeError, inputError } from './errors';
import type { ItemResult } from './items';
import { mapBounded } from './concurrency';
import { mapItems, readEveryItem } from './items';
import type { SubtitleFormat, TimedText } from './subtitles';
import { SUBTITLE_FORMAT_OPTIONS, subtitleBinary, subtitleFormatOf } from './subtitles';
import type { Piece, SplitResult } from './textSplit';
import { splitForNarration } from './textSplit';
import { InputValidator } from './validation';

/**
 * Text to Speech > Narrate, shared by the VMEG and Voice API nodes: one long text is split into
 * pieces (see textSplit.ts), each node synthesises them its own way, and this joins them into
 * one audio file with pauses between paragraphs, chapters and optional subtitles.
 */

const DEFAULT_MAX_PIECES = 2_000;
const DEFAULT_PAUSE_SECONDS = 0.75;

/** The Narrate fields both nodes show (after their own text and voice fields), unscoped. */
export function narrationFields(
	/** "Piece Length (Characters)", `maxPieceCharacters`: each API's own default and limit. */
	pieceLengthOption: INodeProperties,
	extraOptions: INodeProperties[] = [],
): INodeProperties[] {
	return [
		{
			displayName: 'Put Output File in Field',
			name: 'outputBinaryField',
			type: 'string',
			default: 'data',
			description: 'Binary field for the joined audio; subtitles go in "&lt;field&gt;_subtitles"',
		},
		{
			displayName: 'Subtitles',
			name: 'subtitles',
			type: 'options',
			default: 'none',
			options: SUBTITLE_FORMAT_OPTIONS,
			description: 'Whether to add a subtitle file timed to the audio, one cue per sentence, as a second binary "&lt;field&gt;_subtitles"',
		},
		{
			displayName: 'Narration Options',
			name: 'narrationOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Pause Between Paragraphs (Seconds)',
					name: 'pauseSeconds',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 2 },
					default: DEFAULT_PAUSE_SECONDS,
					description: 'Silence inserted where a paragraph (text after a blank line) begins',
				},
				pieceLengthOption,
				{
					displayName: 'Max Pieces',
					name: 'maxPieces',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: DEFAULT_MAX_PIECES,
					description: 'Refuse (before anything is paid) a text that splits into more pieces than this, e.g. a runaway expression',
				},
				...extraOptions,
			],
		},
	];
}

export interface NarrationRequest {
	text: string;
	split: SplitResult;
	format: JoinFormat;
	pauseSeconds: number;
	subtitles?: SubtitleFormat;
	field: string;
	options: IDataObject;
}

/**
 * Reads and checks one item's Narrate settings and splits its text, before any paid request:
 * empty text, a format that cannot be joined, and too many pieces fail here.
 */
export function readNarration(
	ctx: IExecuteFunctions,
	itemIndex: number,
	format: unknown,
	pieceLimit: { default: number; max: number },
	carrySpeakerMarkers = false,
): NarrationRequest {
	const check = new InputValidator(ctx.getNode(), itemIndex);
	const raw = ctx.getNodeParameter('text', itemIndex);
	const text = typeof raw === 'string' ? raw : '';
	if (!text.trim()) check.fail('The text to narrate is empty', 'Map the article, chapter or post text into "Text" (e.g. {{ $json.content }}).');
	if (format !== 'wav' && format !== 'mp3') {
		check.fail(
			`Narrate cannot join ${String(format).toUpperCase()} pieces into one file`,
			'Choose WAV or MP3 as the Output Format: those can be joined exactly (M4A pieces would need re-encoding).',
		);
	}
	const options = ctx.getNodeParameter('narrationOptions', itemIndex, {}) as IDataObject;
	const maxCharacters = check.numberInRange(options.maxPieceCharacters ?? pieceLimit.default, 'Piece Length', 100, pieceLimit.max);
	const maxPieces = check.numberInRange(options.maxPieces ?? DEFAULT_MAX_PIECES, 'Max Pieces', 1, 1_000_000);
	const pauseSeconds = check.numberInRange(options.pauseSeconds ?? DEFAULT_PAUSE_SECONDS, 'Pause Between Paragraphs', 0, 10);
	const split = splitForNarration(text, { maxCharacters, carrySpeakerMarkers });
	if (!split.pieces.length) check.fail('The text to narrate has nothing to speak', 'It holds only emotion cues or speaker markers: add the words to say.');
	if (split.pieces.length > maxPieces) {
		check.fail(
			`The text splits into ${split.pieces.length} pieces, more than Max Pieces (${maxPieces})`,
			`It has ${text.length.toLocaleString('en-US')} characters. Check the expression that fills "Text", or raise Max Pieces (Narration Options) if you mean to narrate this much.`,
		);
	}
	const field = String(ctx.getNodeParameter('outputBinaryField', itemIndex, 'data') || 'data').trim();
	return {
		text,
		split,
		format: format as JoinFormat,
		pauseSeconds,
		subtitles: subtitleFormatOf(ctx.getNodeParameter('subtitles', itemIndex, 'none')),
		field,
		options,
	};
}

/** Bytes [start, end) of a stored binary, streamed. */
async function* readRange(ctx: IExecuteFunctions, binary: IBinaryData, start: number, end: number): AsyncIterable<Buffer> {
	const source = await openStoredBinary(ctx, binary);
	if (Buffer.isBuffer(source)) {
		yield source.subarray(start, end);
		return;
	}
	let offset = 0;
	for await (const raw of source) {
		const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
		const from = Math.max(start - offset, 0);
		const to = Math.min(end - offset, chunk.length);
		if (to > from) yield chunk.subarray(from, to);
		offset += chunk.length;
		if (offset >= end) break;
	}
}

async function* joinedBytes(ctx: IExecuteFunctions, plan: JoinPlan, stored: IBinaryData[], pieces: AudioPiece[]): AsyncIterable<Buffer> {
	for (const part of plan.parts) {
		if ('bytes' in part) yield part.bytes;
		else yield* readRange(ctx, stored[part.piece], pieces[part.piece].start, pieces[part.piece].end);
	}
}

type ReadableFrom = { from: (source: AsyncIterable<Buffer>, options: { objectMode: boolean }) => unknown };

/**
 * The Readable class of a stream n8n gave us: community nodes may not import `stream`, and
 * n8n's binary store takes a Buffer or a Readable, so the joined file is streamed through the
 * class of a stream we already hold (here: one of n8n's own binary read streams).
 */
function readableClassOf(stream: unknown): ReadableFrom | undefined {
	for (let proto = Object.getPrototypeOf(stream); proto; proto = Object.getPrototypeOf(proto)) {
		const ctor = (proto as { constructor?: { name?: string; from?: unknown } }).constructor;
		if (ctor?.name === 'Readable' && typeof ctor.from === 'function') return ctor as unknown as ReadableFrom;
	}
	return undefined;
}

/** Stores the joined file: streamed when the pieces are on disk, else (memory mode) as one buffer. */
async function storeJoined(ctx: IExecuteFunctions, bytes: AsyncIterable<Buffer>, stored: IBinaryData[], fileName: string, mimeType: string): Promise<IBinaryData> {
	const onDisk = stored.find((b) => b.id);
	if (onDisk) {
		const probe = await openStoredBinary(ctx, onDisk);
		const Readable = readableClassOf(probe);
		(probe as { destroy?: () => void }).destroy?.();
		if (Readable) return await ctx.helpers.prepareBinaryData(Readable.from(bytes, { objectMode: false }) as never, fileName, mimeType);
	}
	const chunks: Buffer[] = [];
	for await (const chunk of bytes) chunks.push(chunk);
	return await ctx.helpers.prepareBinaryData(Buffer.concat(chunks), fileName, mimeType);
}

/** Runs a join step; its AudioJoinError becomes the item's error with the hint. */
function joinStep<T>(ctx: IExecuteFunctions, itemIndex: number, step: () => T): T {
	try {
		return step();
	} catch (error) {
		if (error instanceof AudioJoinError) throw inputError(ctx.getNode(), itemIndex, error.message, error.hint);
		throw asNodeError(ctx.getNode(), error, itemIndex);
	}
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Each sentence's time inside its piece, shared out by spoken characters. */
function sentenceTimes(pieces: Piece[], audio: AudioPiece[], starts: number[]): TimedText[] {
	const out: TimedText[] = [];
	pieces.forEach((piece, i) => {
		const weights = piece.sentences.map((s) => Math.max(1, s.spoken.length));
		const total = weights.reduce((a, b) => a + b, 0);
		let at = starts[i];
		piece.sentences.forEach((s, k) => {
			const length = (audio[i].seconds * weights[k]) / total;
			out.push({ start: at, end: at + length, text: s.spoken });
			at += length;
		});
	});
	return out;
}

const CUT_LABEL = { clause: 'at a comma or clause mark', space: 'at a space', word: 'at a word boundary', character: 'at the character limit' } as const;

/**
 * Joins the synthesised pieces (`stored[i]` is piece i's file, in n8n's binary store) into the
 * item's output: one audio file, optional subtitles, and the narration's facts as JSON.
 */
export async function finishNarration(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: NarrationRequest,
	stored: IBinaryData[],
	baseName: string,
	extraJson: IDataObject = {},
): Promise<ItemResult> {
	const { split, format } = request;
	// One piece in memory at a time.
	const audio: AudioPiece[] = [];
	for (const [i, binary] of stored.entries()) {
		const bytes = await readAll(await openStoredBinary(ctx, binary));
		audio.push(joinStep(ctx, itemIndex, () => inspectAudio(bytes, format, `Piece ${i + 1}`)));
	}
	const pauseAfter = split.pieces.map((p, i) => (split.pieces[i + 1] && split.pieces[i + 1].paragraph !== p.paragraph ? request.pauseSeconds : 0));
	const plan = joinStep(ctx, itemIndex, () => planJoin(audio, pauseAfter));
	const mimeType = format === 'wav' ? 'audio/wav' : 'audio/mpeg';
	const binary: Record<string, IBinaryData> = {
		[request.field]: await storeJoined(ctx, joinedBytes(ctx, plan, stored, audio), stored, `${baseName}.${format}`, mimeType),
	};
	const chapters: IDataObject[] = [];
	split.pieces.forEach((p, i) => {
		if (i > 0 && split.pieces[i - 1].paragraph === p.paragraph) return;
		const words = p.sentences[0]?.spoken ?? '';
		chapters.push({ paragraph: p.paragraph + 1, start: round3(plan.pieceStarts[i]), text: words.length > 80 ? `${words.slice(0, 79)}…` : words });
	});
	if (request.subtitles) {
		binary[`${request.field}_subtitles`] = await subtitleBinary(ctx, sentenceTimes(split.pieces, audio, plan.pieceStarts), request.subtitles, baseName);
	}
	const json: IDataObject = {
		...extraJson,
		durationSeconds: round3(plan.seconds),
		format,
		sampleRate: audio[0].sampleRate,
		channels: audio[0].channels,
		bytes: plan.totalBytes,
		pieces: split.pieces.length,
		paragraphs: split.paragraphs,
		characters: request.text.length,
		charactersBilled: split.pieces.reduce((n, p) => n + p.text.length, 0),
		pauseSeconds: request.pauseSeconds,
		chapters,
	};
	if (split.forcedSplits.length) {
		json.sentencesCut = split.forcedSplits.length;
		json.notes = split.forcedSplits.slice(0, 20).map(
			(f) => `A sentence of ${f.characters} characters in paragraph ${f.paragraph + 1} has no sentence boundary within the piece length; it was cut ${CUT_LABEL[f.cutAt]}.`,
		);
	}
	return { json, binary };
}

/**
 * Synthesises pieces `concurrency` at a time; `work(i)` returns piece i's stored file. Stops
 * starting pieces after a failure (the item fails anyway) and throws the first error.
 */
export async function synthesiseAll(count: number, concurrency: number, work: (index: number) => Promise<IBinaryData>): Promise<IBinaryData[]> {
	return await mapBounded(Array.from({ length: count }, (_, i) => i), concurrency, work);
}

/**
 * The Narrate operation's frame on both nodes: every item is read and checked (`read`) before the
 * first paid request, then narrated one item at a time (`narrate`); output in order, paired.
 */
export async function runNarrations<T>(
	ctx: IExecuteFunctions,
	read: (itemIndex: number) => T,
	narrate: (itemIndex: number, item: T) => Promise<ItemResult>,
): Promise<INodeExecutionData[][]> {
	const { values, failures } = await readEveryItem(ctx, read);
	const byItem = new Map(values.map((v) => [v.itemIndex, v.value]));
	const failed = new Map(failures.map((f) => [f.itemIndex, f.error]));
	const run = async (itemIndex: number) => {
		const item = byItem.get(itemIndex);
		if (item === undefined) throw failed.get(itemIndex)!;
		return await narrate(itemIndex, item);
	};
	return [await mapItems(ctx, run, 1)];
}
