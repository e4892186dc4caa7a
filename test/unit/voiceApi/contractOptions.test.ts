/**
 * Voice API contract gaps a user can fix: the undocumented multipart audio field name, the
 * "Identify Speakers" option that sends exactly what it shows, and a model picker that shows a
 * clone trained a moment ago although the API caches model pages.
 */
import type { IDataObject, INodeExecutionData, INodePropertyCollection, INodeProperties } from 'n8n-workflow';

import { VoiceApi } from '../../../nodes/VoiceApi/VoiceApi.node';
import * as speechToText from '../../../nodes/VoiceApi/resources/speechToText';
import * as voiceClone from '../../../nodes/VoiceApi/resources/voiceClone';
import { asLoadOptionsContext, binaryItem, fakeExecuteContext } from '../support/fakeExecuteContext';

import type { RequestLogEntry, RunningEmulator } from '../../emulator';
import { makeWav, startEmulator } from '../../emulator';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, voiceTaskDurationMs: 100 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const node = new VoiceApi();
const credentials = () => ({ voiceApi: { apiKey: 'voice-test-key', authStyle: 'rapidApi', baseUrl: `${emu.url}/voice`, rapidApiHost: '' } });
const ctxFor = (parameters: IDataObject, items: INodeExecutionData[]) => fakeExecuteContext({ parameters, credentials: credentials(), items });
const wav = (seconds: number) => [binaryItem(makeWav(seconds), 'a.wav', 'audio/wav')];
const paidTasks = (kind: string) => emu.state.voice.tasks.filter((t: { taskType: string }) => t.taskType === kind);
const requests = (path: string) => emu.state.requests.filter((r: RequestLogEntry) => r.api === 'voice' && r.path === path);

describe('Audio Field Name (the multipart field is undocumented)', () => {
	test('an API that wants "audio": the default fails with a hint naming the option; setting it works', async () => {
		emu.configure({ voiceAudioFieldName: 'audio' });
		const error = await speechToText.create.execute
			.call(ctxFor({ binaryPropertyName: 'data', waitForCompletion: false, options: {} }, wav(3)))
			.catch((e: Error & { description?: string }) => e);
		expect((error as Error).message).toMatch(/422/);
		expect((error as { description?: string }).description).toMatch(
			/sent in the multipart field "file"\. If the API says the audio file is required in a field with another name, set Options > Audio Field Name/,
		);
		expect(paidTasks('stt')).toHaveLength(0);

		const [ok] = await speechToText.create.execute.call(ctxFor({ binaryPropertyName: 'data', waitForCompletion: false, options: { audioFieldName: 'audio' } }, wav(3)));
		expect(ok[0].json.task_id).toEqual(expect.any(String));
		expect(paidTasks('stt')).toHaveLength(1);

		const [clone] = await voiceClone.create.execute.call(
			ctxFor({ binaryPropertyName: 'data', title: 'Narrator', waitForCompletion: false, options: { audioFieldName: 'audio' } }, wav(12)),
		);
		expect(clone[0].json.task_id).toEqual(expect.any(String));
		const cloneError = await voiceClone.create.execute
			.call(ctxFor({ binaryPropertyName: 'data', title: 'Narrator', waitForCompletion: false, options: {} }, wav(12)))
			.catch((e: Error & { description?: string }) => e);
		expect((cloneError as { description?: string }).description).toMatch(/Audio Field Name/);
		expect(paidTasks('clone')).toHaveLength(1);
	});

	test('both operations offer the option, default "file"', () => {
		for (const op of [speechToText.create.description, voiceClone.create.description]) {
			const options = (op as INodeProperties[]).find((p) => p.name === 'options')!.options as INodeProperties[];
			expect(options.find((o) => o.name === 'audioFieldName')).toMatchObject({ displayName: 'Audio Field Name', default: 'file' });
		}
	});
});

describe('Identify Speakers sends what it shows', () => {
	const diarizeOption = () =>
		((speechToText.create.description as INodeProperties[]).find((p) => p.name === 'options')!.options as Array<INodeProperties | INodePropertyCollection>).find(
			(o) => o.name === 'diarize',
		) as INodeProperties;

	test('added to the options it shows "API Default (Not Sent)", not an "on" that nothing sends', () => {
		expect(diarizeOption().default).toBe('apiDefault');
		expect((diarizeOption().options as Array<{ name: string }>).map((o) => o.name)).toEqual(['API Default (Not Sent)', 'Yes', 'No']);
	});

	test.each([
		[{}, undefined],
		[{ diarize: 'apiDefault' }, undefined],
		[{ diarize: 'true' }, 'true'],
		[{ diarize: 'false' }, 'false'],
		[{ diarize: false }, 'false'],
	])('options %j -> diarize field %s', async (options, sent) => {
		const [out] = await speechToText.create.execute.call(ctxFor({ binaryPropertyName: 'data', waitForCompletion: false, options }, wav(2)));
		const [request] = requests('/v1/stt');
		expect(request.bodyKeys.includes('diarize')).toBe(sent !== undefined);
		const task = emu.state.voice.tasks.find((t: { taskId: string }) => t.taskId === out[0].json.task_id) as { request: { diarize?: string } };
		if (sent) expect(task.request.diarize).toBe(sent);
	});
});

describe('Voice API model picker and the API\'s page cache', () => {
	test('a clone trained a moment ago appears (the picker asks for fresh pages)', async () => {
		emu.configure({ voiceModelsCacheMs: 60_000 });
		const pick = async () =>
			await node.methods.listSearch.searchModels.call(asLoadOptionsContext(fakeExecuteContext({ parameters: {}, credentials: credentials() })));
		const before = await pick();
		const [trained] = await voiceClone.create.execute.call(
			ctxFor({ binaryPropertyName: 'data', title: 'Fresh Clone', waitForCompletion: true, options: {} }, wav(12)),
		);
		const modelId = String(trained[0].json.model_id);
		expect(before.results.map((r) => r.value)).not.toContain(modelId);
		// A plain request for the same page is served from the cache without the new clone...
		const cached = await fetch(`${emu.url}/voice/v1/models?page=1&page_size=50`, { headers: { 'X-RapidAPI-Key': 'voice-test-key', 'X-RapidAPI-Host': '127.0.0.1' } });
		expect(cached.headers.get('x-cache')).toBe('HIT');
		// ...while the picker shows it.
		const after = await pick();
		expect(after.results.map((r) => r.value)).toContain(modelId);
		const models = requests('/v1/models');
		expect(models.filter((r) => r.query.refresh === 'true')).toHaveLength(2);
		expect(models.filter((r) => r.query.refresh !== 'true')).toHaveLength(1); // the plain fetch above
	});
});
