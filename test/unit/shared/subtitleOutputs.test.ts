import type { IDataObject } from 'n8n-workflow';

import { execute as mediaTranslation } from '../../../nodes/Vmeg/resources/mediaTranslation/create';
import * as speechToText from '../../../nodes/VoiceApi/resources/speechToText';
import { binaryItem, fakeExecuteContext } from '../support/fakeExecuteContext';
import { formatName, probeSubtitles, tempFile } from '../../support/ffprobe';

import type { RequestLogEntry, RunningEmulator } from '../../emulator';
import { makeWav, media, startEmulator } from '../../emulator';

jest.setTimeout(30_000);

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, taskDurationMs: 100, voiceTaskDurationMs: 100 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const bytes = (b: { data: string }) => Buffer.from(b.data, 'base64');

describe('VMEG Media Translation: subtitles from the downloaded results', () => {
	const run = async (parameters: IDataObject) => {
		const ctx = fakeExecuteContext({
			parameters: {
				taskType: 'vt', source: 'binary', binaryPropertyName: 'data', sourceLanguage: 'en-US', targetLanguage: 'es-ES', voiceCloneStyle: 'emotional',
				waitMode: 'poll', waitTimeLimit: 1, downloadResults: true, options: {}, ...parameters,
			},
			items: [binaryItem(media.makeMp4(20), 'launch.mp4', 'video/mp4')],
			credentials: { vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: 'whsec', baseUrl: `${emu.url}/vmeg` } },
		});
		const [[item]] = await mediaTranslation.call(ctx);
		return item;
	};

	test('translated script as SRT, source transcript as a second SRT, both read by ffmpeg', async () => {
		const item = await run({ subtitles: 'srt', sourceSubtitles: true });
		const result = item.json.result as { translatedScripts: { result: IDataObject[] }; asrScripts: { asrResults: IDataObject[] }; build: { video: { duration: number } } };
		const translated = probeSubtitles(tempFile(bytes(item.binary!.data_subtitles), 'srt'));
		expect(item.binary!.data_subtitles).toMatchObject({ mimeType: 'application/x-subrip', fileName: `${item.json.taskId}.srt` });
		expect(translated.map((c) => c.start)).toEqual(result.translatedScripts.result.map((s) => s.start));
		expect(translated.map((c) => c.text.replace(/\s+/g, ' ').trim())).toEqual(result.translatedScripts.result.map((s) => s.text));
		expect(translated[translated.length - 1].end).toBeLessThanOrEqual(result.build.video.duration + 0.01);
		const source = probeSubtitles(tempFile(bytes(item.binary!.data_source_subtitles), 'srt'));
		expect(item.binary!.data_source_subtitles.fileName).toBe(`${item.json.taskId}-source.srt`);
		expect(source.map((c) => c.text.replace(/\s+/g, ' ').trim())).toEqual(result.asrScripts.asrResults.map((s) => s.text));
		// The dubbed files are still there.
		expect(Object.keys(item.binary!).sort()).toEqual(['data', 'data_audio', 'data_source_subtitles', 'data_subtitles']);
	});

	test('subtitles follow Put Output File in Field: dub, dub_audio, dub_subtitles', async () => {
		const item = await run({ subtitles: 'srt', options: { outputBinaryField: 'dub' } });
		expect(Object.keys(item.binary!).sort()).toEqual(['dub', 'dub_audio', 'dub_subtitles']);
	});

	test('no subtitles unless asked', async () => {
		const item = await run({});
		expect(Object.keys(item.binary!).sort()).toEqual(['data', 'data_audio']);
	});
});

describe('Voice API Speech to Text: segments as subtitles', () => {
	const ctxFor = (options: IDataObject) =>
		fakeExecuteContext({
			parameters: { resource: 'speechToText', operation: 'create', binaryPropertyName: 'data', waitForCompletion: true, options },
			items: [binaryItem(makeWav(12), 'call.wav', 'audio/wav')],
			credentials: { voiceApi: { apiKey: 'voice-test-key', authStyle: 'rapidApi', baseUrl: `${emu.url}/voice`, rapidApiHost: '' } },
		});

	test('WebVTT with speaker voices, read by ffmpeg, cues in order within the recording', async () => {
		const [[item]] = await speechToText.create.execute.call(ctxFor({ subtitles: 'vtt', subtitleSpeakers: true }));
		const segments = item.json.segments as Array<{ start: number; end: number; speaker: string }>;
		const file = tempFile(bytes(item.binary!.data_subtitles), 'vtt');
		expect(formatName(file)).toBe('webvtt');
		expect(item.binary!.data_subtitles).toMatchObject({ mimeType: 'text/vtt', fileName: 'call.vtt' });
		const cues = probeSubtitles(file);
		expect(cues.map((c) => c.start)).toEqual(segments.map((s) => s.start));
		expect(cues[cues.length - 1].end).toBeLessThanOrEqual(12.01);
		expect(bytes(item.binary!.data_subtitles).toString()).toContain(`<v ${segments[0].speaker}>`);
	});

	test('subtitles with a plain-text transcript are refused before the upload', async () => {
		await expect(speechToText.create.execute.call(ctxFor({ subtitles: 'srt', transcriptFormat: 'plainText' }))).rejects.toThrow('Subtitles need the timed segments of the transcript');
		expect(emu.state.requests.filter((r: RequestLogEntry) => r.api === 'voice' && r.path === '/v1/stt')).toHaveLength(0);
	});
});
