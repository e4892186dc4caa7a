/**
 * n8n's binary conventions on VMEG: result files go in `data` unless "Put Output File in Field"
 * names another field; a dubbed video's audio goes in `<field>_audio`; an audio-only job's audio
 * in `<field>`. Task > Wait for Completion downloads TTS results too.
 */
import type { IDataObject } from 'n8n-workflow';

import { execute as createMediaTranslation } from '../../../nodes/Vmeg/resources/mediaTranslation/create';
import { execute as waitForCompletion } from '../../../nodes/Vmeg/resources/task/waitForCompletion';
import { execute as createAsync } from '../../../nodes/Vmeg/resources/textToSpeech/createAsync';
import { execute as generate } from '../../../nodes/Vmeg/resources/textToSpeech/generate';
import { binaryItem, fakeExecuteContext, rl, items } from '../support/fakeExecuteContext';

import type { RunningEmulator } from '../../emulator';
import { media, startEmulator } from '../../emulator';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, taskDurationMs: 100 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const credentials = () => ({ vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: 'whsec-test-secret', baseUrl: `${emu.url}/vmeg` } });
const tts: IDataObject = {
	resource: 'textToSpeech',
	voiceSource: 'voice',
	voiceId: rl('sv_en_us_jenny'),
	targetLanguage: 'en-US',
	outputFormat: 'mp3',
	downloadAudio: true,
	waitMode: 'none',
	options: {},
};
const dub: IDataObject = {
	taskType: 'vt',
	source: 'binary',
	binaryPropertyName: 'data',
	sourceLanguage: 'auto',
	targetLanguage: 'es-ES',
	voiceCloneStyle: 'emotional',
	waitMode: 'poll',
	waitTimeLimit: 1,
	downloadResults: true,
	options: {},
};

describe('VMEG output files: "data" by default, "Put Output File in Field" to rename', () => {
	test('Text to Speech > Generate puts each line\'s audio in data, or in the field named', async () => {
		const [plain] = await generate.call(fakeExecuteContext({ parameters: (i) => ({ ...tts, text: `Line ${i}` }), items: items(2), credentials: credentials() }));
		expect(plain.map((o) => Object.keys(o.binary ?? {}))).toEqual([['data'], ['data']]);
		expect(plain[1].binary!.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${plain[1].json.taskId}-2.mp3` });

		const [named] = await generate.call(
			fakeExecuteContext({ parameters: { ...tts, text: 'Hi', options: { outputBinaryField: 'speech' } }, items: items(1), credentials: credentials() }),
		);
		expect(Object.keys(named[0].binary ?? {})).toEqual(['speech']);
	});

	test('Text to Speech > Create Async Task (Poll) uses the same field', async () => {
		const [out] = await createAsync.call(
			fakeExecuteContext({
				parameters: (i) => ({ ...tts, text: `Line ${i}`, waitMode: 'poll', waitTimeLimit: 1, downloadResults: true, options: { outputBinaryField: 'voiceover' } }),
				items: items(2),
				credentials: credentials(),
			}),
		);
		expect(out.map((o) => Object.keys(o.binary ?? {}))).toEqual([['voiceover'], ['voiceover']]);
	});

	test('Media Translation: the dubbed video in <field>, its audio in <field>_audio', async () => {
		const video = binaryItem(media.makeMp4(3), 'launch.mp4', 'video/mp4');
		const [out] = await createMediaTranslation.call(fakeExecuteContext({ parameters: dub, items: [video], credentials: credentials() }));
		expect(Object.keys(out[0].binary ?? {}).sort()).toEqual(['data', 'data_audio']);
		expect(out[0].binary!.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${out[0].json.taskId}.mp4` });
		expect(out[0].binary!.data_audio.mimeType).toMatch(/^audio\//);

		const [named] = await createMediaTranslation.call(
			fakeExecuteContext({ parameters: { ...dub, options: { outputBinaryField: 'dubbed' } }, items: [video], credentials: credentials() }),
		);
		expect(Object.keys(named[0].binary ?? {}).sort()).toEqual(['dubbed', 'dubbed_audio']);
		// The input field (binaryPropertyName) is left alone: the upload read `data`, the output went to `dubbed`.
		expect(named[0].json.taskId).toEqual(expect.any(String));
	});

	test('Media Translation of audio only: the dubbed audio in <field> itself', async () => {
		const audio = binaryItem(media.makeMp3(3), 'podcast.mp3', 'audio/mpeg');
		const [out] = await createMediaTranslation.call(fakeExecuteContext({ parameters: { ...dub, taskType: 'at' }, items: [audio], credentials: credentials() }));
		expect(Object.keys(out[0].binary ?? {})).toEqual(['data']);
		expect(out[0].binary!.data.mimeType).toMatch(/^audio\//);
	});
});

describe('VMEG Task > Wait for Completion downloads TTS results too', () => {
	test('a TTS task of two lines -> data and data_1', async () => {
		const [accepted] = await createAsync.call(
			fakeExecuteContext({ parameters: (i) => ({ ...tts, text: `Line ${i}` }), items: items(2), credentials: credentials() }),
		);
		const taskId = String(accepted[0].json.taskId);
		expect(accepted[1].json.taskId).toBe(taskId); // one batch, one task
		const [out] = await waitForCompletion.call(
			fakeExecuteContext({ parameters: { taskId, waitTaskType: 'openapi-tts', waitTimeLimit: 1, downloadResults: true }, credentials: credentials() }),
		);
		expect(out).toHaveLength(1);
		expect(out[0].json.status).toBe('finished');
		expect(Object.keys(out[0].binary ?? {})).toEqual(['data', 'data_1']);
		expect(out[0].binary!.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${taskId}.mp3` });
		expect(out[0].binary!.data_1.fileName).toBe(`${taskId}-2.mp3`);
		expect(media.inspectMp3(Buffer.from(out[0].binary!.data_1.data, 'base64')).valid).toBe(true);
	});
});
