import { createHash } from 'crypto';
import type { IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { VimmerseAudio } from '../../../nodes/VimmerseAudio/VimmerseAudio.node';
import { resultFileName } from '../../../nodes/VimmerseAudio/helpers/generation';
import * as music from '../../../nodes/VimmerseAudio/resources/audio/music';
import * as soundEffect from '../../../nodes/VimmerseAudio/resources/audio/soundEffect';
import * as textToSpeech from '../../../nodes/VimmerseAudio/resources/audio/textToSpeech';
import * as upload from '../../../nodes/VimmerseAudio/resources/audio/upload';
import { vimmerseClient } from '../../../nodes/VimmerseAudio/transport';
import { declarativeRunOf } from '../support/declarative';
import { asLoadOptionsContext, asPaginationContext, binaryItem, fakeExecuteContext } from '../support/fakeExecuteContext';

import type { RequestLogEntry, RunningEmulator } from '../../emulator';
import { makeWav, media, startEmulator } from '../../emulator';

const audio = { music, soundEffect, textToSpeech, upload };

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const WRONG_KEY = ['wrong', 'key', String(Date.now())].join('-');
const node = new VimmerseAudio();
const credentials = () => ({ vimmerseApi: { apiKey: 'vimmerse-test-key', baseUrl: `${emu.url}/vimmerse/` } });
const vimmerseRequests = () => emu.state.requests.filter((r: RequestLogEntry) => r.api === 'vimmerse');
const ctxFor = (parameters: IDataObject | ((i: number) => IDataObject), extra: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {}) =>
	fakeExecuteContext({ parameters, credentials: credentials(), ...extra });

/** What n8n's routing would hand the declarative operation's transport hook (its routing's `operations.pagination`). */
async function runDeclarative(operation: 'estimateCredits' | 'get', request: Partial<IHttpRequestOptions>, continueOnFail = false) {
	const ctx = fakeExecuteContext({ parameters: { resource: 'audio', operation }, credentials: credentials(), continueOnFail });
	const exec = declarativeRunOf(node.description, 'audio', operation);
	const options = { baseURL: `${emu.url}/vimmerse`, headers: { Accept: 'application/json' }, qs: {}, ...request };
	return await exec.call(asPaginationContext(ctx), { options });
}

describe('Vimmerse Audio: generation returns audio files', () => {
	test('text to speech, sound effect and music: one binary each, right MIME type and file name', async () => {
		const tts = ctxFor({ resource: 'audio', operation: 'textToSpeech', prompt: 'Welcome to the show.', voice: { __rl: true, mode: 'list', value: 'Rachel' }, options: {} });
		const [ttsOut] = await audio.textToSpeech.execute.call(tts);
		const ttsAsset = ttsOut[0].json;
		expect(ttsAsset).toMatchObject({ app_name: 'text-to-speech', status: 'success', args: { prompt: 'Welcome to the show.', voice: 'Rachel', option: 'ElevenLabsTTS' } });
		expect(ttsOut[0].binary!.data).toMatchObject({ fileName: `${ttsAsset.id}.mp3`, mimeType: 'audio/mpeg' });
		expect(media.inspectMp3(Buffer.from(ttsOut[0].binary!.data.data, 'base64')).valid).toBe(true);
		expect(ttsOut[0].pairedItem).toEqual({ item: 0 });

		const sfx = ctxFor({ resource: 'audio', operation: 'soundEffect', prompt: 'Door creak', duration: 3, downloadAudio: true, binaryPropertyName: 'sfx' });
		const [sfxOut] = await audio.soundEffect.execute.call(sfx);
		expect(sfxOut[0].json).toMatchObject({ app_name: 'text-to-audio', args: { duration: 3 } });
		expect(sfxOut[0].binary!.sfx).toMatchObject({ fileName: `${sfxOut[0].json.id}.mp3`, mimeType: 'audio/mpeg' });

		const music = ctxFor({ resource: 'audio', operation: 'music', prompt: 'Happy jingle' });
		const [musicOut] = await audio.music.execute.call(music);
		expect(musicOut[0].binary!.data).toMatchObject({ fileName: `${musicOut[0].json.id}.wav`, mimeType: 'audio/wav' });
		const wav = media.parseWav(Buffer.from(musicOut[0].binary!.data.data, 'base64'));
		expect(wav!.duration).toBeCloseTo(30, 0);
	});

	test('only the fields the user set are sent (the API rejects unknown or empty ones)', async () => {
		const ctx = ctxFor({ prompt: 'Hi', voice: { __rl: true, mode: 'id', value: ' ' }, options: { language: '  ' }, downloadAudio: false });
		const [out] = await audio.textToSpeech.execute.call(ctx);
		expect(out[0].binary).toBeUndefined();
		expect(out[0].json.results).toHaveLength(1);
		const sent = vimmerseRequests().find((r: RequestLogEntry) => r.path === '/v2/audio/text-2-speech');
		expect(sent!.bodyKeys).toEqual(['prompt']);
		const ctx2 = ctxFor({ prompt: 'Hola', voice: 'Custom Voice', options: { option: 'ChirpTTS', language: 'es-ES' }, downloadAudio: false });
		const [out2] = await audio.textToSpeech.execute.call(ctx2);
		expect(out2[0].json.args).toEqual({ prompt: 'Hola', option: 'ChirpTTS', voice: 'Custom Voice', language: 'es-ES' });
	});

	test('several results become data, data_1, … with <id>_<n> file names', () => {
		expect(resultFileName('abc', 0, 'https://cdn.example/x/abc.mp3', 'audio/mp3')).toEqual({ fileName: 'abc.mp3', mimeType: 'audio/mpeg' });
		expect(resultFileName('abc', 2, 'https://cdn.example/x/file', 'audio/wav')).toEqual({ fileName: 'abc_2.wav', mimeType: 'audio/wav' });
	});

	test('sound effect duration outside 1–30 and over-long prompts are refused before any request', async () => {
		await expect(audio.soundEffect.execute.call(ctxFor({ prompt: 'Boom', duration: 31 }))).rejects.toThrow(/Duration must be between 1 and 30/);
		await expect(audio.textToSpeech.execute.call(ctxFor({ prompt: 'x'.repeat(5001) }))).rejects.toThrow(/5001 characters/);
		await expect(audio.music.execute.call(ctxFor({ prompt: '  ' }))).rejects.toThrow(/Prompt is empty/);
		expect(vimmerseRequests()).toHaveLength(0);
	});
});

describe('Vimmerse Audio: upload', () => {
	test('multipart audio_file reaches the API with the exact bytes', async () => {
		const wav = makeWav(3);
		const ctx = ctxFor({ binaryPropertyName: 'recording' }, { items: [binaryItem(wav, 'voiceover.wav', 'audio/wav', 'recording')] });
		const [out] = await audio.upload.execute.call(ctx);
		expect(out[0].json).toMatchObject({ app_name: 'upload-audio', args: { audio_file: 'voiceover.wav' }, mime_type: 'audio/wav' });
		const entry = vimmerseRequests().find((r: RequestLogEntry) => r.path === '/v2/audio');
		expect(entry).toMatchObject({ status: 200, size: wav.length, md5: createHash('md5').update(wav).digest('hex') });
	});

	test('a missing binary property fails with a hint and sends nothing', async () => {
		const ctx = ctxFor({ binaryPropertyName: 'nope' }, { items: [binaryItem(makeWav(1), 'a.wav', 'audio/wav')] });
		await expect(audio.upload.execute.call(ctx)).rejects.toThrow(/no binary property "nope"/);
		expect(vimmerseRequests()).toHaveLength(0);
	});
});

describe('Vimmerse Audio: errors', () => {
	test('402 says credit ran out and suggests Estimate Credits; with Continue On Fail the other items succeed', async () => {
		emu.configure({ vimmerseCredits: 16 });
		const items = [{ json: {} }, { json: {} }, { json: {} }];
		const params = { prompt: 'Short line', downloadAudio: false };
		const ctx = ctxFor(params, { items, continueOnFail: true });
		const [out] = await audio.textToSpeech.execute.call(ctx);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const failed = out.filter((o) => o.json.error);
		expect(failed).toHaveLength(1);
		expect(String(failed[0].json.error)).toMatch(/Insufficient Vimmerse credit \(HTTP 402 INSUFFICIENT_CREDIT\); run Audio > Estimate Credits first/);
		expect(out.filter((o) => o.json.id)).toHaveLength(2);

		await expect(audio.textToSpeech.execute.call(ctxFor(params))).rejects.toThrow(/Insufficient Vimmerse credit/);
	});

	test('422 lists the API field errors (declarative Estimate Credits)', async () => {
		const out = await runDeclarative('estimateCredits', {
			method: 'POST',
			url: '/v2/audio/estimate-credits',
			body: { app_name: 'text-to-speech', option: 'ElevenLabsTTS', quantity: 500, colour: 'red' },
		}, true);
		expect(out[0].json.error).toMatch(/HTTP 422/);
		expect(out[0].json.error).toMatch(/quantity: /);
		expect(out[0].json.error).toMatch(/colour: Extra inputs are not permitted/);
	});

	test('wrong key: clear 401 without the key in the message', async () => {
		const ctx = fakeExecuteContext({
			parameters: { prompt: 'Hi', downloadAudio: false },
			credentials: { vimmerseApi: { apiKey: WRONG_KEY, baseUrl: `${emu.url}/vimmerse` } },
		});
		const error = await audio.textToSpeech.execute.call(ctx).catch((e: Error) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/Vimmerse: Authorization failed \(HTTP 401 UNAUTHORIZED\)/);
		expect((error as { description?: string }).description).toMatch(/Check the API key/);
		expect(JSON.stringify(error)).not.toContain(WRONG_KEY);
		expect((error as Error).message).not.toContain(WRONG_KEY);
	});
});

describe('Vimmerse Audio: declarative operations', () => {
	test('Estimate Credits and Get return the API JSON', async () => {
		const est = await runDeclarative('estimateCredits', { method: 'POST', url: '/v2/audio/estimate-credits', body: { app_name: 'text-to-audio', option: 'ElevenLabsSE', quantity: 2, duration: 10 } });
		expect(est[0].json).toMatchObject({ total_credits: 20 });
		const [out] = await audio.music.execute.call(ctxFor({ prompt: 'Jingle', downloadAudio: false }));
		const got = await runDeclarative('get', { method: 'GET', url: `/asset/${out[0].json.id}` });
		expect(got[0].json).toMatchObject({ id: out[0].json.id, app_name: 'text-to-music' });
		const missing = await runDeclarative('get', { method: 'GET', url: '/asset/nope' }, true);
		expect(missing[0].json.error).toMatch(/Not found \(HTTP 404 MEDIA_NOT_FOUND\)/);
	});

	test('the voice picker lists AutoV and the documented voices, filtered', async () => {
		const ctx = asLoadOptionsContext(fakeExecuteContext({ parameters: {} }));
		const all = await node.methods.listSearch.searchVoices.call(ctx);
		expect(all.results).toHaveLength(22);
		expect(all.results[0]).toEqual({ name: 'AutoV (automatic voice)', value: 'AutoV' });
		const some = await node.methods.listSearch.searchVoices.call(ctx, 'char');
		expect(some.results.map((r) => r.value)).toEqual(['Charlotte', 'Charlie']);
	});

	test('every declarative operation is paginated through the shared executor; the others are custom', () => {
		const operation = node.description.properties.find((p) => p.name === 'operation')!;
		for (const option of operation.options as Array<{ value: string; routing?: { send?: { paginate?: boolean } } }>) {
			const custom = option.value in node.customOperations.audio;
			expect({ op: option.value, declarative: option.routing?.send?.paginate === true }).toEqual({ op: option.value, declarative: !custom });
		}
		expect(vimmerseClient.extractError({ statusCode: 200, headers: {}, body: {} })).toBeUndefined();
	});
});
