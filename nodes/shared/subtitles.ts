import type { IBinaryData, IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { parameterOf } from './parameters';

/** Subtitle files: SRT and WebVTT from timed text, wrapped for reading. */

export type SubtitleFormat = 'srt' | 'vtt';

export interface TimedText {
	/** Seconds. */
	start: number;
	end: number;
	text: string;
	speaker?: string;
}

/** Reading limits: at most this many characters per line and lines per cue. */
export const MAX_LINE_CHARACTERS = 42;
const MAX_CUE_LINES = 2;

/** Breaks text into lines of at most `max` characters: at spaces, else (CJK, Thai) anywhere. */
export function wrapLines(text: string, max = MAX_LINE_CHARACTERS): string[] {
	const words = text.split(' ').filter(Boolean);
	const lines: string[] = [];
	let line = '';
	const pushLong = (word: string) => {
		// A word longer than a line (or a run of CJK characters) breaks at the line length.
		const chars = Array.from(word);
		for (let i = 0; i < chars.length; i += max) {
			const part = chars.slice(i, i + max).join('');
			if (i + max < chars.length) lines.push(part);
			else line = part;
		}
	};
	for (const word of words) {
		const candidate = line ? `${line} ${word}` : word;
		if (Array.from(candidate).length <= max) {
			line = candidate;
			continue;
		}
		if (line) lines.push(line);
		line = '';
		if (Array.from(word).length > max) pushLong(word);
		else line = word;
	}
	if (line) lines.push(line);
	return lines;
}

/**
 * One timed text becomes one cue, or several consecutive ones when it needs more than two
 * lines; the time is shared out by characters.
 */
function toCues(items: TimedText[], maxLine = MAX_LINE_CHARACTERS, maxLines = MAX_CUE_LINES): TimedText[] {
	const cues: TimedText[] = [];
	for (const item of items) {
		const text = item.text.replace(/\s+/g, ' ').trim();
		if (!text || !(item.end > item.start)) continue;
		const lines = wrapLines(text, maxLine);
		const groups: string[][] = [];
		for (let i = 0; i < lines.length; i += maxLines) groups.push(lines.slice(i, i + maxLines));
		const total = lines.reduce((n, l) => n + l.length, 0);
		let at = item.start;
		let done = 0;
		groups.forEach((group, g) => {
			done += group.reduce((n, l) => n + l.length, 0);
			const end = g === groups.length - 1 ? item.end : item.start + ((item.end - item.start) * done) / total;
			cues.push({ start: at, end, text: group.join('\n'), speaker: item.speaker });
			at = end;
		});
	}
	return cues;
}

function timestamp(seconds: number, separator: ',' | '.'): string {
	const ms = Math.max(0, Math.round(seconds * 1000));
	const pad = (n: number, width = 2) => String(n).padStart(width, '0');
	return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

const escapeVtt = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The subtitle file for `items` (wrapped into cues first). */
export function buildSubtitles(items: TimedText[], format: SubtitleFormat): string {
	const cues = toCues(items);
	if (format === 'vtt') {
		const blocks = cues.map((c, i) => {
			const text = escapeVtt(c.text);
			const body = c.speaker ? `<v ${escapeVtt(c.speaker)}>${text}` : text;
			return `${i + 1}\n${timestamp(c.start, '.')} --> ${timestamp(c.end, '.')}\n${body}`;
		});
		return `WEBVTT\n\n${blocks.join('\n\n')}\n`;
	}
	const blocks = cues.map((c, i) => {
		const body = c.speaker ? `${c.speaker}: ${c.text}` : c.text;
		return `${i + 1}\n${timestamp(c.start, ',')} --> ${timestamp(c.end, ',')}\n${body}`;
	});
	return `${blocks.join('\n\n')}\n`;
}

/** The choice of a "Subtitles" field: none (default), SRT or WebVTT. */
export const SUBTITLE_FORMAT_OPTIONS = [
	{ name: 'None', value: 'none' },
	{ name: 'SRT', value: 'srt', description: 'SubRip (.srt)' },
	{ name: 'WebVTT', value: 'vtt', description: 'WebVTT (.vtt)' },
];

const SUBTITLE_MIME_TYPES: Record<SubtitleFormat, string> = { srt: 'application/x-subrip', vtt: 'text/vtt' };

/** Stores a subtitle file as n8n binary data named `<base>.<srt|vtt>`. */
export async function subtitleBinary(
	ctx: IExecuteFunctions | IWebhookFunctions,
	items: TimedText[],
	format: SubtitleFormat,
	baseName: string,
): Promise<IBinaryData> {
	return await ctx.helpers.prepareBinaryData(Buffer.from(buildSubtitles(items, format), 'utf8'), `${baseName}.${format}`, SUBTITLE_MIME_TYPES[format]);
}

/** Reads a subtitle option value: '' / 'none' means no subtitles. */
export function subtitleFormatOf(value: unknown): SubtitleFormat | undefined {
	return value === 'srt' || value === 'vtt' ? value : undefined;
}

/** Timed texts from API segments of `{start, end, text, speaker?}` (seconds or, with `unit`, ms). */
export function timedTextsFrom(segments: unknown, options: { speakers?: boolean; milliseconds?: boolean } = {}): TimedText[] {
	if (!Array.isArray(segments)) return [];
	const scale = options.milliseconds ? 1 / 1000 : 1;
	return (segments as IDataObject[])
		.map((s) => ({
			start: Number(s.start) * scale,
			end: Number(s.end) * scale,
			text: String(s.text ?? ''),
			speaker: options.speakers && s.speaker !== undefined && s.speaker !== null && s.speaker !== '' ? String(s.speaker) : undefined,
		}))
		.filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end))
		.sort((a, b) => a.start - b.start);
}

/**
 * The subtitle fields of an operation that downloads timed results (VMEG Media Translation):
 * the translated script, and optionally the source transcript.
 */
export function mediaSubtitleFields(show: NonNullable<IDisplayOptions['show']>): INodeProperties[] {
	const whenDownloading = { ...show, waitMode: ['poll', 'webhook'], downloadResults: [true] };
	return [
		{
			displayName: 'Subtitles',
			name: 'subtitles',
			type: 'options',
			default: 'none',
			displayOptions: { show: whenDownloading },
			options: SUBTITLE_FORMAT_OPTIONS,
			description: 'Whether to add the translated script as a subtitle file (binary "data_subtitles")',
		},
		{
			displayName: 'Source Subtitles',
			name: 'sourceSubtitles',
			type: 'boolean',
			default: false,
			displayOptions: { show: { ...whenDownloading, subtitles: ['srt', 'vtt'] } },
			description: 'Whether to add the source-language transcript too (binary "data_source_subtitles")',
		},
	];
}

/**
 * Script times: VMEG documents seconds for text-translation segments and gives no unit for the
 * media scripts. Seconds are assumed; times far beyond the media's length are read as ms.
 */
function scriptInMilliseconds(segments: IDataObject[], mediaSeconds: number | undefined): boolean {
	const last = Math.max(0, ...segments.map((s) => Number(s.end) || 0));
	return mediaSeconds !== undefined && mediaSeconds > 0 && last > mediaSeconds * 20;
}

/**
 * Subtitle binaries for a finished media translation: `<field>_subtitles` (translated script,
 * `translatedScripts.result[]`) and, if asked, `<field>_source_subtitles` (`asrScripts.asrResults[]`).
 */
export async function mediaTranslationSubtitles(
	ctx: IExecuteFunctions | IWebhookFunctions,
	itemIndex: number,
	data: IDataObject,
	baseName: string,
	/** The output field the result files went in (VMEG: Options > Put Output File in Field). */
	outputField?: string,
): Promise<Record<string, IBinaryData>> {
	const format = subtitleFormatOf(parameterOf(ctx, 'subtitles', itemIndex, 'none'));
	if (!format) return {};
	const field = outputField ?? String(parameterOf(ctx, 'outputBinaryField', itemIndex, 'data') || 'data');
	const result = ((data.result as IDataObject | undefined) ?? data) as IDataObject;
	const build = (result.build ?? {}) as IDataObject;
	const media = ((build.video ?? build.audio) as IDataObject | undefined)?.duration;
	const mediaSeconds = typeof media === 'number' ? media : undefined;
	const out: Record<string, IBinaryData> = {};
	const add = async (key: string, segments: unknown, name: string) => {
		if (!Array.isArray(segments) || !segments.length) return;
		const milliseconds = scriptInMilliseconds(segments as IDataObject[], mediaSeconds);
		out[key] = await subtitleBinary(ctx, timedTextsFrom(segments, { milliseconds }), format, name);
	};
	await add(`${field}_subtitles`, (result.translatedScripts as IDataObject | undefined)?.result, baseName);
	if (parameterOf(ctx, 'sourceSubtitles', itemIndex, false) === true) {
		await add(`${field}_source_subtitles`, (result.asrScripts as IDataObject | undefined)?.asrResults, `${baseName}-source`);
	}
	return out;
}
