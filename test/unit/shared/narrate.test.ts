/* eslint-disable @typescript-eslint/no-explicit-any -- wrapping the fake context's request helper */
import type { IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { execute as vmegNarrate } from '../../../nodes/Vmeg/resources/textToSpeech/narrate';
import * as voiceTts from '../../../nodes/VoiceApi/resources/textToSpeech';
import { fakeExecuteContext, rl } from '../support/fakeExecuteContext';
import { probeAudio, probeSubtitles, tempFile } from '../../support/ffprobe';

import type { RequestLogEntry, RunningEmulator } from '../../emulator';
import { media, startEmulator } from '../../emulator';
import { control } from '../../emulator/testkit';

// ffmpeg decodes every joined file: give the heavier tests room on a shared 2-core machine.
jest.setTimeout(60_000);

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, taskDurationMs: 100, voiceTaskDurationMs: 100 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const sentence = (p: number, s: number) => `Paragraph ${p} sentence ${s} tells a small part of the story.`;
/** `paragraphs` paragraphs of `sentences` sentences each (about 50 characters a sentence). */
const article = (paragraphs: number, sentences: number) =>
	Array.from({ length: paragraphs }, (_, p) => Array.from({ length: sentences }, (_, s) => sentence(p + 1, s + 1)).join(' ')).join('\n\n');

const vmegCredentials = () => ({ vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: 'whsec', baseUrl: `${emu.url}/vmeg` } });
const voiceCredentials = () => ({ voiceApi: { apiKey: 'voice-test-key', authStyle: 'rapidApi', baseUrl: `${emu.url}/voice`, rapidApiHost: '' } });
const vmegBase: IDataObject = { resource: 'textToSpeech', operation: 'narrate', voiceSource: 'voice', voiceId: rl('sv_en_us_jenny'), targetLanguage: 'en-US', options: {} };
const paidTts = (api: 'vmeg' | 'voice') =>
	emu.state.requests.filter((r: RequestLogEntry) => r.api === api && r.method === 'POST' && (r.path.endsWith('/task/tts/create') || r.path === '/v1/tts'));

function vmegContext(parameters: IDataObject, items: INodeExecutionData[] = [{ json: {} }], continueOnFail = false) {
	return fakeExecuteContext({ parameters: { ...vmegBase, ...parameters }, items, credentials: vmegCredentials(), continueOnFail });
}

/** Bodies of the TTS tasks the emulator accepted (VMEG: one per request of up to 50 lines). */
const vmegBodies = () => emu.state.vmeg.tasks.filter((t) => t.taskType === 'tts').map((t) => t.request as { data: Array<{ text: string }> });
const voiceTexts = () => emu.state.voice.tasks.filter((t) => t.taskType === 'tts').map((t) => String(t.request.text));
const binaryBytes = (item: INodeExecutionData, field: string) => Buffer.from(item.binary![field].data, 'base64');

describe('VMEG Text to Speech > Narrate', () => {
	test.each(['mp3', 'wav'] as const)('%s: 130 pieces in 3 requests of 50 lines, one file of the pieces plus pauses (ffprobe), SRT cues in order', async (format) => {
		// 13 paragraphs x 20 sentences of ~57 characters, pieces of at most 120 characters: 2 sentences a piece.
		const text = article(13, 20);
		const [[out]] = await vmegNarrate.call(
			vmegContext({ text, outputFormat: format, subtitles: 'srt', narrationOptions: { maxPieceCharacters: 120, pauseSeconds: 0.5 } }),
		);
		expect(paidTts('vmeg')).toHaveLength(3);
		const requests = vmegBodies();
		expect(requests.map((r) => r.data.length)).toEqual([50, 50, 30]);
		expect(out.json).toMatchObject({ pieces: 130, paragraphs: 13, format, characters: text.length, pauseSeconds: 0.5 });
		expect(out.json.charactersBilled).toBe(requests.flatMap((r) => r.data.map((d) => d.text)).join('').length);
		expect(out.pairedItem).toEqual({ item: 0 });

		// Each piece's stated duration (the emulator's results) + 12 pauses = what ffprobe decodes.
		const tasks = emu.state.vmeg.tasks.filter((t) => t.taskType === 'tts');
		const pieceSeconds = tasks.flatMap((t) => ((t.result as IDataObject).results as Array<{ duration: number }>).map((r) => r.duration));
		const expected = pieceSeconds.reduce((a, b) => a + b, 0) + 12 * 0.5;
		const audio = binaryBytes(out, 'data');
		expect(out.binary!.data).toMatchObject({ mimeType: format === 'wav' ? 'audio/wav' : 'audio/mpeg', fileName: `narration-${tasks[0].taskId}.${format}` });
		const probed = probeAudio(tempFile(audio, format));
		expect(probed.decodeErrors).toBe('');
		expect(Math.abs(probed.duration - expected) / expected).toBeLessThan(0.01);
		expect(Math.abs(probed.decodedSeconds - expected) / expected).toBeLessThan(0.01);
		expect(Math.abs((out.json.durationSeconds as number) - expected) / expected).toBeLessThan(0.01);

		// Chapters: one per paragraph, in order, paragraph 2 starting after paragraph 1's pieces and a pause.
		const chapters = out.json.chapters as Array<{ paragraph: number; start: number; text: string }>;
		expect(chapters.map((c) => c.paragraph)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
		expect(chapters[0]).toMatchObject({ start: 0, text: sentence(1, 1) });
		expect(chapters[1].start).toBeCloseTo(pieceSeconds.slice(0, 10).reduce((a, b) => a + b, 0) + 0.5, 1);

		const cues = probeSubtitles(tempFile(binaryBytes(out, 'data_subtitles'), 'srt'));
		expect(out.binary!.data_subtitles).toMatchObject({ mimeType: 'application/x-subrip', fileName: `narration-${tasks[0].taskId}.srt` });
		expect(cues.length).toBeGreaterThanOrEqual(260);
		cues.forEach((c, i) => {
			if (i) expect(c.start).toBeGreaterThanOrEqual(cues[i - 1].end - 0.002);
			expect(c.end).toBeLessThanOrEqual(probed.duration + 0.01);
		});
		expect(cues[0].text.replace(/\s+/g, ' ').trim()).toBe(sentence(1, 1));
	});

	test('batches are spoken 4 at a time, the first answering last; the file keeps text order', async () => {
		const ctx = vmegContext({ text: article(10, 30), outputFormat: 'mp3', narrationOptions: { maxPieceCharacters: 100, pauseSeconds: 0 } });
		const original = ctx.helpers.httpRequestWithAuthentication;
		let inFlight = 0;
		let most = 0;
		ctx.helpers.httpRequestWithAuthentication = (async (type: string, options: IHttpRequestOptions) => {
			if (!options.url.endsWith('/task/tts/create')) return await (original as any).call(ctx, type, options);
			const first = String((options.body as { data: IDataObject[] }).data[0].text);
			inFlight++;
			most = Math.max(most, inFlight);
			try {
				await sleep(first.startsWith('Paragraph 1 sentence 1 ') ? 200 : 40); // the first batch answers last
				return await (original as any).call(ctx, type, options);
			} finally {
				inFlight--;
			}
		}) as never;
		const [[out]] = await vmegNarrate.call(ctx);
		expect(paidTts('vmeg')).toHaveLength(6);
		expect(most).toBe(4);
		// Pieces joined in text order: the chapters start where their paragraphs do, in order.
		const chapters = out.json.chapters as Array<{ paragraph: number; start: number; text: string }>;
		expect(chapters.map((c) => c.paragraph)).toEqual(Array.from({ length: 10 }, (_, p) => p + 1));
		chapters.forEach((c) => expect(c.text.startsWith(`Paragraph ${c.paragraph} sentence 1 `)).toBe(true));
		expect(chapters.map((c) => c.start)).toEqual([...chapters.map((c) => c.start)].sort((a, b) => a - b));
	});

	test('bad input fails before any paid request: empty text, M4A, too many pieces', async () => {
		await expect(vmegNarrate.call(vmegContext({ text: '  \n\n ', outputFormat: 'mp3' }))).rejects.toThrow('The text to narrate is empty');
		await expect(vmegNarrate.call(vmegContext({ text: 'Hello.', outputFormat: 'm4a' }))).rejects.toMatchObject({
			message: 'Narrate cannot join M4A pieces into one file',
			description: expect.stringContaining('Choose WAV or MP3'),
		});
		await expect(vmegNarrate.call(vmegContext({ text: article(30, 10), outputFormat: 'mp3', narrationOptions: { maxPieceCharacters: 100, maxPieces: 200 } }))).rejects.toThrow(
			'The text splits into 300 pieces, more than Max Pieces (200)',
		);
		// Item 2 is bad: item 1 is not spoken either.
		const two = fakeExecuteContext({
			parameters: (i) => ({ ...vmegBase, outputFormat: 'mp3', text: i === 0 ? 'Fine text.' : '' }),
			items: [{ json: {} }, { json: {} }],
			credentials: vmegCredentials(),
		});
		await expect(vmegNarrate.call(two)).rejects.toMatchObject({ message: 'The text to narrate is empty', context: { itemIndex: 1 } });
		expect(paidTts('vmeg')).toHaveLength(0);
	});

	test('Continue On Fail: the bad item gets its error, the good one its narration', async () => {
		const ctx = fakeExecuteContext({
			parameters: (i) => ({ ...vmegBase, outputFormat: 'wav', text: i === 1 ? 'Fine text. Two sentences.' : '' }),
			items: [{ json: {} }, { json: {} }],
			credentials: vmegCredentials(),
			continueOnFail: true,
		});
		const [out] = await vmegNarrate.call(ctx);
		expect(out[0]).toMatchObject({ json: { error: 'The text to narrate is empty' }, pairedItem: { item: 0 } });
		expect(out[1]).toMatchObject({ json: { pieces: 1 }, pairedItem: { item: 1 } });
		expect(paidTts('vmeg')).toHaveLength(1);
	});

	test('a sentence with no boundary within the piece length is cut at a space and the output says so', async () => {
		const long = `${Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ')}.`;
		const [[out]] = await vmegNarrate.call(vmegContext({ text: long, outputFormat: 'mp3', narrationOptions: { maxPieceCharacters: 200 } }));
		expect(out.json.sentencesCut).toBe(1);
		expect(out.json.notes).toEqual([`A sentence of ${long.length} characters in paragraph 1 has no sentence boundary within the piece length; it was cut at a space.`]);
		const sent = vmegBodies().flatMap((r) => r.data.map((d) => d.text));
		expect(sent.join(' ')).toBe(long);
		for (const t of sent) expect(t.length).toBeLessThanOrEqual(200);
	});
});

describe('VMEG Narrate under faults: paid jobs are counted', () => {
	const text = article(3, 4);

	test('a piece download that fails twice is retried: one paid request, one complete file', async () => {
		await control(emu.url, 'POST', '/faults', { rules: [{ api: 'cdn', method: 'GET', path: '*', kind: 'status', status: 503, times: 2 }] });
		const [[out]] = await vmegNarrate.call(vmegContext({ text, outputFormat: 'wav', narrationOptions: { maxPieceCharacters: 150 } }));
		expect(paidTts('vmeg')).toHaveLength(1);
		const probed = probeAudio(tempFile(binaryBytes(out, 'data'), 'wav'));
		expect(probed.decodeErrors).toBe('');
		expect(Math.abs(probed.duration - (out.json.durationSeconds as number))).toBeLessThan(0.01);
	});

	test('the answer lost after VMEG accepted the request: one job paid, never a second, and the narration is made from it', async () => {
		await control(emu.url, 'POST', '/faults', { rules: [{ api: 'vmeg', path: '/openapi/v1/task/tts/create', kind: 'drop-after-accept', times: 1 }] });
		const [[out]] = await vmegNarrate.call(vmegContext({ text, outputFormat: 'mp3' }));
		expect(emu.state.vmeg.tasks.filter((t) => t.taskType === 'tts')).toHaveLength(1);
		// The node found the accepted job in VMEG's task list and used its result.
		expect(binaryBytes(out, 'data').length).toBeGreaterThan(0);
	});

	test('a truncated WAV piece fails the item by name instead of joining a short piece', async () => {
		await control(emu.url, 'POST', '/faults', { rules: [{ api: 'cdn', method: 'GET', path: '*', kind: 'truncate', times: 1 }] });
		const error = await vmegNarrate.call(vmegContext({ text: 'One short piece.', outputFormat: 'wav' })).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/^Piece 1 is truncated: its header says \d+ bytes of samples, the file holds \d+$/);
		expect(paidTts('vmeg')).toHaveLength(1);
	});
});

describe('Voice API Text to Speech > Narrate', () => {
	const models = () => emu.state.voice.models.filter((m) => m.state === 'trained').map((m) => m.id);
	const voiceContext = (parameters: IDataObject) =>
		fakeExecuteContext({
			parameters: { resource: 'textToSpeech', operation: 'narrate', speakerModels: { speakers: models().slice(0, 2).map((id) => ({ model: rl(id) })) }, ...parameters },
			credentials: voiceCredentials(),
		});

	test('a two-speaker script: markers carried into each call, one MP3 of the pieces plus pauses (ffprobe), WebVTT', async () => {
		const turns = Array.from({ length: 6 }, (_, p) => `<|speaker:${p % 2}|>[calm] ${Array.from({ length: 8 }, (_, s) => sentence(p + 1, s + 1)).join(' ')}`);
		const [[out]] = await voiceTts.narrate.execute.call(voiceContext({ text: turns.join('\n\n'), subtitles: 'vtt', narrationOptions: { maxPieceCharacters: 300, pauseSeconds: 1 } }));
		const calls = voiceTexts();
		expect(paidTts('voice')).toHaveLength(calls.length);
		expect(calls.length).toBe(out.json.pieces);
		for (const t of calls) {
			expect(t).toMatch(/^<\|speaker:[01]\|>/);
			expect(t.length).toBeLessThanOrEqual(300);
		}
		// Paragraph 2's pieces are all speaker 1's.
		expect(calls.filter((t) => t.includes('Paragraph 2 ')).every((t) => t.startsWith('<|speaker:1|>'))).toBe(true);
		const audio = binaryBytes(out, 'data');
		const probed = probeAudio(tempFile(audio, 'mp3'));
		expect(probed.decodeErrors).toBe('');
		// Each piece as the emulator serves it (0.06 s per spoken character), plus 5 pauses.
		const expected =
			calls.map((t) => media.audioSeconds('mp3', Math.max(0.5, t.replace(/<\|speaker:\d+\|>/g, '').replace(/\[[^\]]*\]/g, '').trim().length * 0.06))).reduce((a, b) => a + b, 0) + 5;
		expect(Math.abs(probed.decodedSeconds - expected) / expected).toBeLessThan(0.01);
		expect(Math.abs(probed.duration - expected) / expected).toBeLessThan(0.01);
		const cues = probeSubtitles(tempFile(binaryBytes(out, 'data_subtitles'), 'vtt'));
		expect(out.binary!.data_subtitles.mimeType).toBe('text/vtt');
		expect(cues.length).toBeGreaterThanOrEqual(48);
		expect(cues[cues.length - 1].end).toBeLessThanOrEqual(probed.duration + 0.01);
		expect(cues.map((c) => c.text).join(' ')).not.toMatch(/speaker|\[calm\]/);
	});

	test('a piece whose task fails fails the item with the task and the reason; no new pieces start after it', async () => {
		await control(emu.url, 'POST', '/fail-next', { api: 'voice', taskType: 'tts', message: 'voice model overloaded' });
		const text = Array.from({ length: 12 }, (_, p) => sentence(p + 1, 1)).join('\n\n');
		const error = (await voiceTts.narrate.execute.call(voiceContext({ text })).catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(/^Voice API: Text to speech task \S+ failed: voice model overloaded$/);
		const started = voiceTexts().length;
		expect(started).toBeGreaterThanOrEqual(1);
		expect(started).toBeLessThan(12);
	});

	test('a marker without a model fails before any call', async () => {
		await expect(voiceTts.narrate.execute.call(voiceContext({ text: 'Hi. <|speaker:5|>Who?' }))).rejects.toThrow('The text uses <|speaker:5|> but only 2 speaker model(s) are set');
		expect(paidTts('voice')).toHaveLength(0);
	});
});
