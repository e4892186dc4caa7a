import { createHash } from 'crypto';

import { getContext } from './context';
import { base64ToFile, deploy, lastExecution, readFile, runData, webhookChain } from './workflows';
import { makeWav } from '../emulator';

const ctx = getContext();
type Params = Record<string, unknown>;
const voice = (name: string, parameters: Params, credentials: unknown = ctx.credentialRef('voiceApi')) => ({
	name,
	type: 'n8n-nodes-ai-voice.voiceApi',
	typeVersion: 1,
	parameters,
	credentials,
});

beforeEach(async () => {
	await ctx.emulator('POST', '/reset');
});

describe('Voice API in n8n', () => {
	test('text to speech with Wait for Completion returns an MP3 binary', async () => {
		const state = await ctx.emulator('GET', '/state');
		const [a, b] = state.voice.models.map((m: { id: string }) => m.id);
		const path = `voice-tts-${Date.now()}`;
		const id = await deploy(
			webhookChain('Voice TTS', path, [
				voice('Speak', {
					resource: 'textToSpeech',
					operation: 'create',
					text: '<|speaker:0|>[excited] Hello! <|speaker:1|>Hi there.',
					speakerModels: { speakers: [{ model: { __rl: true, mode: 'id', value: a } }, { model: { __rl: true, mode: 'list', value: b } }] },
					waitForCompletion: true,
					options: {},
				}),
			]),
			path,
		);
		expect((await ctx.webhook(path, {})).status).toBe(200);
		const [item] = runData(await lastExecution(id), 'Speak');
		expect(item.json).toMatchObject({ status: 'succeeded' });
		expect(item.binary.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${item.json.task_id}.mp3` });
	});

	test('speech to text from a binary with Wait: segments with speakers', async () => {
		const path = `voice-stt-${Date.now()}`;
		await deploy(
			webhookChain('Voice STT', path, [
				base64ToFile('call.wav', 'audio/wav'),
				voice('Transcribe', { resource: 'speechToText', operation: 'create', binaryPropertyName: 'data', waitForCompletion: true, options: {} }),
			]),
			path,
		);
		const res = await ctx.webhook(path, { audio: makeWav(12).toString('base64') });
		expect(res.status).toBe(200);
		const transcript = res.body[0];
		expect(transcript.segments.map((s: { speaker: string }) => s.speaker)).toEqual(['SPEAKER_0', 'SPEAKER_1', 'SPEAKER_0']);
		expect(transcript.text).toEqual(expect.any(String));
	});

	test('speech to text of a 120 MiB recording read from disk: streamed, exact bytes, no size cap', async () => {
		const head = makeWav(60);
		const recording = Buffer.alloc(120 * 1024 * 1024, 3);
		head.copy(recording);
		const file = ctx.writeInputFile('long-call.wav', recording);
		const md5 = createHash('md5').update(recording).digest('hex');
		const path = `voice-stt-big-${Date.now()}`;
		const id = await deploy(
			webhookChain('Voice STT big', path, [
				readFile(file),
				voice('Transcribe', { resource: 'speechToText', operation: 'create', binaryPropertyName: 'data', waitForCompletion: false, options: { language: 'en' } }),
			]),
			path,
		);
		const res = await ctx.webhook(path, {});
		expect(res.status).toBe(200);
		const [item] = runData(await lastExecution(id), 'Transcribe');
		expect(item.json).toMatchObject({ task_id: expect.any(String) });
		const state = await ctx.emulator('GET', '/state');
		const upload = state.requests.find((r: { path: string }) => r.path === '/v1/stt');
		expect(upload).toMatchObject({ status: 202, size: recording.length, md5 });
	});

	test('clone from a 12 s WAV gives a model ID that Model > List then includes', async () => {
		const path = `voice-clone-${Date.now()}`;
		const id = await deploy(
			webhookChain('Voice clone', path, [
				base64ToFile('ref.wav', 'audio/wav'),
				voice('Clone', { resource: 'voiceClone', operation: 'create', binaryPropertyName: 'data', title: 'E2E Narrator', waitForCompletion: true, options: {} }),
				voice('Models', { resource: 'model', operation: 'list', returnAll: true, filters: { tag: 'cloned', refresh: true } }),
			]),
			path,
		);
		const res = await ctx.webhook(path, { audio: makeWav(12).toString('base64') });
		expect(res.status).toBe(200);
		const execution = await lastExecution(id);
		const modelId = runData(execution, 'Clone')[0].json.model_id;
		expect(modelId).toEqual(expect.any(String));
		expect(res.body.map((m: { id: string }) => m.id)).toContain(modelId);
	});

	test('a 5 s clip is rejected before upload', async () => {
		const path = `voice-short-${Date.now()}`;
		const id = await deploy(
			webhookChain('Voice short clip', path, [
				base64ToFile('short.wav', 'audio/wav'),
				voice('Clone', { resource: 'voiceClone', operation: 'create', binaryPropertyName: 'data', title: 'Too short', options: {} }),
			]),
			path,
		);
		await ctx.webhook(path, { audio: makeWav(5).toString('base64') });
		const execution = await lastExecution(id);
		expect(execution.status).toBe('error');
		expect(JSON.stringify(execution.data.resultData.error)).toMatch(/5\.0 s long; voice cloning needs 10 to 90 s/);
		const state = await ctx.emulator('GET', '/state');
		expect(state.requests.filter((r: { api: string; path: string }) => r.api === 'voice' && r.path === '/v1/clone')).toHaveLength(0);
	});

	test('a wrong key gives a clear 401 without the key', async () => {
		const wrongKey = ['not', 'the', 'key', String(Date.now())].join('-');
		const credentialId = await ctx.createCredential({
			name: 'Voice wrong key',
			type: 'voiceApi',
			data: { baseUrl: ctx.emulatorBaseUrls.voice, authStyle: 'rapidApi', apiKey: wrongKey, rapidApiHost: '' },
		});
		const path = `voice-401-${Date.now()}`;
		const id = await deploy(
			webhookChain('Voice wrong key', path, [
				voice('Models', { resource: 'model', operation: 'list', returnAll: false, limit: 5, filters: {} }, { voiceApi: { id: credentialId, name: 'Voice wrong key' } }),
			]),
			path,
		);
		await ctx.webhook(path, {});
		const execution = await lastExecution(id);
		expect(execution.status).toBe('error');
		const error = JSON.stringify(execution.data.resultData.error);
		expect(error).toMatch(/Authorization failed \(HTTP 401/);
		expect(error).not.toContain(wrongKey);
	});
});
