import { declarativeRunOf } from '../support/declarative';
import { createHash } from 'crypto';
import type { IBinaryData, IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { StreamedForm, streamedForm, wavDurationSeconds } from '../../../nodes/shared/multipart';
import { VoiceApi } from '../../../nodes/VoiceApi/VoiceApi.node';
import * as speechToText from '../../../nodes/VoiceApi/resources/speechToText';
import * as textToSpeech from '../../../nodes/VoiceApi/resources/textToSpeech';
import * as voiceClone from '../../../nodes/VoiceApi/resources/voiceClone';
import { asLoadOptionsContext, asPaginationContext, binaryItem, fakeExecuteContext } from '../support/fakeExecuteContext';

import type { RequestLogEntry, RunningEmulator } from '../../emulator';
import { makeWav, media, startEmulator } from '../../emulator';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, voiceTaskDurationMs: 200 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const WRONG_KEY = ['wrong', 'key', String(Date.now())].join('-');
const node = new VoiceApi();
const credentials = (apiKey = 'voice-test-key', authStyle = 'rapidApi') => ({
	voiceApi: { apiKey, authStyle, baseUrl: `${emu.url}/voice`, rapidApiHost: '' },
});
const voiceRequests = (path?: string) => emu.state.requests.filter((r: RequestLogEntry) => r.api === 'voice' && (!path || r.path === path));
const ctxFor = (parameters: IDataObject, extra: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {}) =>
	fakeExecuteContext({ parameters, credentials: credentials(), ...extra });
const rl = (value: string) => ({ __rl: true, mode: 'list', value });
const speakers = (...ids: string[]) => ({ speakers: ids.map((id) => ({ model: rl(id) })) });

async function runDeclarative(parameters: IDataObject, request: Partial<IHttpRequestOptions>) {
	const ctx = fakeExecuteContext({ parameters, credentials: credentials() });
	const exec = declarativeRunOf(node.description, String(parameters.resource), String(parameters.operation));
	return await exec.call(asPaginationContext(ctx), { options: { baseURL: `${emu.url}/voice`, qs: {}, headers: {}, ...request } });
}

async function pickModels(filter?: string) {
	const ctx = asLoadOptionsContext(fakeExecuteContext({ parameters: {}, credentials: credentials() }));
	return await node.methods.listSearch.searchModels.call(ctx, filter);
}

describe('Voice API: model picker and Model > List', () => {
	test('the picker searches titles through the API and pages', async () => {
		const all = await pickModels();
		expect(all.results).toHaveLength(25);
		expect(all.results[0].name).toMatch(/\(en; /);
		const narrators = await pickModels('narator');
		expect(narrators.results.length).toBeGreaterThan(0);
		expect(narrators.results.every((r) => /narrat/i.test(r.name))).toBe(true);
	});

	test('Return All pages through every model; Limit cuts the list', async () => {
		const everything = await runDeclarative({ resource: 'model', operation: 'list', returnAll: true }, { method: 'GET', url: '/v1/models', qs: { page_size: 10 } });
		expect(everything).toHaveLength(25);
		expect(voiceRequests('/v1/models')).toHaveLength(3);
		const some = await runDeclarative({ resource: 'model', operation: 'list', returnAll: false, limit: 4 }, { method: 'GET', url: '/v1/models', qs: { page_size: 4, tag: 'female' } });
		expect(some).toHaveLength(4);
		expect(some.every((m) => (m.json.tags as string[]).includes('female'))).toBe(true);
	});
});

describe('Voice API: text to speech', () => {
	test('Create with Wait for Completion returns the MP3 as binary (two speakers, emotion cues)', async () => {
		const [a, b] = (await pickModels()).results.map((r) => String(r.value));
		const ctx = ctxFor({
			resource: 'textToSpeech',
			operation: 'create',
			text: '<|speaker:0|>[excited] Welcome back! <|speaker:1|>[whisper] Thanks, glad to be here.',
			speakerModels: speakers(a, b),
			waitForCompletion: true,
			options: { speed: 1.25 },
		});
		const [out] = await textToSpeech.create.execute.call(ctx);
		expect(out[0].json).toMatchObject({ status: 'succeeded', progress: 100 });
		const file = out[0].binary!.data;
		expect(file).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${out[0].json.task_id}.mp3` });
		expect(media.inspectMp3(Buffer.from(file.data, 'base64')).valid).toBe(true);
		expect([...voiceRequests('/v1/tts')[0].bodyKeys].sort()).toEqual(['model_ids', 'speed', 'text']);
	});

	test('without waiting it returns the task; Get Status and Download Audio work on it', async () => {
		const [a] = (await pickModels()).results.map((r) => String(r.value));
		const [out] = await textToSpeech.create.execute.call(ctxFor({ text: 'Hello there', speakerModels: speakers(a), waitForCompletion: false }));
		expect(out[0].json).toEqual({ task_id: expect.any(String), status: 'queued' });
		const taskId = String(out[0].json.task_id);
		await sleep(400);
		const status = await runDeclarative({ resource: 'textToSpeech', operation: 'getStatus' }, { method: 'GET', url: `/v1/tts/${taskId}` });
		expect(status[0].json).toMatchObject({ status: 'succeeded' });
		const [dl] = await textToSpeech.downloadAudio.execute.call(ctxFor({ taskId, binaryPropertyName: 'audio' }));
		expect(dl[0].binary!.audio).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${taskId}.mp3` });
	});

	test('a speaker marker without a model, an empty text and a text over the cap are refused before any request', async () => {
		const [a] = (await pickModels()).results.map((r) => String(r.value));
		emu.reset();
		await expect(
			textToSpeech.create.execute.call(ctxFor({ text: '<|speaker:0|>Hi <|speaker:1|>Hello', speakerModels: speakers(a) })),
		).rejects.toThrow(/uses <\|speaker:1\|> but only 1 speaker model/);
		await expect(textToSpeech.create.execute.call(ctxFor({ text: '   ', speakerModels: speakers(a) }))).rejects.toThrow(/Text is empty/);
		await expect(
			textToSpeech.create.execute.call(ctxFor({ text: 'x'.repeat(51), speakerModels: speakers(a), options: { maxCharacters: 50 } })),
		).rejects.toThrow(/51 characters, more than the 50 allowed/);
		await expect(textToSpeech.create.execute.call(ctxFor({ text: 'Hi', speakerModels: {} }))).rejects.toThrow(/No speaker model/);
		expect(voiceRequests()).toHaveLength(0);
	});

	test('an unknown model ID shows the API field error (422)', async () => {
		const error = await textToSpeech.create.execute.call(ctxFor({ text: 'Hi', speakerModels: speakers('nope') })).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/Voice API: The request was rejected \(HTTP 422\): model_ids\.0: Model not found: nope/);
	});
});

describe('Voice API: speech to text', () => {
	test('Create from a binary with Wait returns segments with speakers', async () => {
		const wav = makeWav(12);
		const ctx = ctxFor({ binaryPropertyName: 'data', waitForCompletion: true, options: { language: 'en' } }, { items: [binaryItem(wav, 'call.wav', 'audio/wav')] });
		const [out] = await speechToText.create.execute.call(ctx);
		expect(out[0].json).toMatchObject({ language: 'en', duration: 12 });
		const segments = out[0].json.segments as IDataObject[];
		expect(segments).toHaveLength(3);
		expect(segments.map((s) => s.speaker)).toEqual(['SPEAKER_0', 'SPEAKER_1', 'SPEAKER_0']);
		expect(segments[0]).toMatchObject({ start: 0, end: 4, text: expect.any(String) });
		expect(voiceRequests('/v1/stt')[0]).toMatchObject({ size: expect.any(Number), status: 202 });
	});

	test('plain text format, diarize off, and Get Result on a task', async () => {
		const ctx = ctxFor({ binaryPropertyName: 'data', waitForCompletion: false, options: { diarize: false } }, { items: [binaryItem(makeWav(5), 'a.wav', 'audio/wav')] });
		const [out] = await speechToText.create.execute.call(ctx);
		const taskId = String(out[0].json.task_id);
		const plainCtx = ctxFor({ binaryPropertyName: 'data', options: { transcriptFormat: 'plainText' } }, { items: [binaryItem(makeWav(5), 'a.wav', 'audio/wav')] });
		const [plain] = await speechToText.create.execute.call(plainCtx);
		expect(Object.keys(plain[0].json).sort()).toEqual(['task_id', 'text']);
		const result = await runDeclarative({ resource: 'speechToText', operation: 'getResult' }, { method: 'GET', url: `/v1/stt/${taskId}/result`, qs: { plain_text: 'false' } });
		expect((result[0].json.segments as IDataObject[]).every((s) => s.speaker === 'SPEAKER_0')).toBe(true);
	});
});

/** An input item whose binary n8n keeps on disk: read through getBinaryStream, counted. */
function diskItem(ctx: ReturnType<typeof ctxFor>, bytes: (offset: number, length: number) => Buffer, size: number, fileName: string, recordedSize = size) {
	const reads: number[] = [];
	ctx.getInputData()[0].binary = { data: { id: `filesystem-v2:test/${fileName}`, data: 'filesystem-v2', fileName, mimeType: 'audio/wav' } as IBinaryData };
	ctx.helpers.getBinaryMetadata = async () => ({ fileName, mimeType: 'audio/wav', fileSize: recordedSize });
	ctx.helpers.getBinaryStream = (async () => {
		const open = reads.push(0) - 1;
		return (async function* () {
			for (let offset = 0; offset < size; offset += 256 * 1024) {
				const chunk = bytes(offset, Math.min(256 * 1024, size - offset));
				reads[open] += chunk.length;
				yield chunk;
			}
		})();
	}) as never;
	ctx.helpers.getBinaryDataBuffer = async () => {
		throw new Error('the whole file was read into memory');
	};
	return reads;
}

describe('Voice API: streamed uploads', () => {
	test('a 110 MiB recording (over the old 100 MiB cap) streams from the binary store with an exact Content-Length', async () => {
		const size = 110 * 1024 * 1024;
		const wav = makeWav(2);
		const bytes = (offset: number, length: number) => {
			const chunk = Buffer.alloc(length, 7);
			if (offset < wav.length) wav.copy(chunk, 0, offset, Math.min(wav.length, offset + length));
			return chunk;
		};
		const ctx = ctxFor({ binaryPropertyName: 'data', waitForCompletion: false, options: { language: 'en' } });
		const reads = diskItem(ctx, bytes, size, 'long-call.wav');
		const [out] = await speechToText.create.execute.call(ctx);

		expect(out[0].json).toMatchObject({ task_id: expect.any(String) });
		const sent = ctx.requests.find((r) => r.url.endsWith('/v1/stt'))!;
		expect(sent.streamed).toBe(true);
		expect(Number(sent.headers['content-length'])).toBe(sent.bodyBytes);
		expect(sent.bodyBytes).toBeGreaterThan(size);
		expect(reads).toEqual([size]); // opened once, while sending
		const hash = createHash('md5');
		for (let offset = 0; offset < size; offset += 256 * 1024) hash.update(bytes(offset, Math.min(256 * 1024, size - offset)));
		expect(voiceRequests('/v1/stt')[0]).toMatchObject({ status: 202, md5: hash.digest('hex'), size });
	}, 60_000);

	test('a file shorter than n8n recorded fails the upload instead of sending a short body', async () => {
		const wav = makeWav(3);
		const ctx = ctxFor({ binaryPropertyName: 'data', waitForCompletion: false });
		diskItem(ctx, (offset, length) => wav.subarray(offset, offset + length), wav.length, 'cut.wav', wav.length + 1000);
		await expect(speechToText.create.execute.call(ctx)).rejects.toThrow();
		expect(emu.state.voice.tasks).toHaveLength(0);
	});

	test('Voice Clone reads only the WAV header for its duration check, then streams the file', async () => {
		const wav = makeWav(30, 44_100);
		const ctx = ctxFor({ binaryPropertyName: 'data', title: 'Narrator', waitForCompletion: false });
		const reads = diskItem(ctx, (offset, length) => wav.subarray(offset, offset + length), wav.length, 'ref.wav');
		const [out] = await voiceClone.create.execute.call(ctx);
		expect(out[0].json).toMatchObject({ task_id: expect.any(String) });
		expect(reads).toEqual([256 * 1024, wav.length]);
		expect(ctx.requests.find((r) => r.url.endsWith('/v1/clone'))!.streamed).toBe(true);
	}, 60_000);
});

describe('Voice API: voice clone', () => {
	test('a 12 s WAV becomes a model ID, which then appears in Model > List', async () => {
		const ctx = ctxFor({ binaryPropertyName: 'data', title: 'Company Narrator', waitForCompletion: true, options: { language: 'en' } }, { items: [binaryItem(makeWav(12), 'ref.wav', 'audio/wav')] });
		const [out] = await voiceClone.create.execute.call(ctx);
		expect(out[0].json).toMatchObject({ status: 'succeeded', model_id: expect.any(String), title: 'Company Narrator' });
		const listed = await runDeclarative({ resource: 'model', operation: 'list', returnAll: true }, { method: 'GET', url: '/v1/models', qs: { tag: 'cloned', refresh: 'true' } });
		expect(listed.map((m) => m.json.id)).toContain(out[0].json.model_id);
	});

	test('a 5 s clip (and a 95 s one) is rejected before upload', async () => {
		const short = ctxFor({ binaryPropertyName: 'data', title: 'Short' }, { items: [binaryItem(makeWav(5), 'short.wav', 'audio/wav')] });
		await expect(voiceClone.create.execute.call(short)).rejects.toThrow(/5\.0 s long; voice cloning needs 10 to 90 s/);
		const long = ctxFor({ binaryPropertyName: 'data', title: 'Long' }, { items: [binaryItem(makeWav(95, 8000), 'long.wav', 'audio/wav')] });
		await expect(voiceClone.create.execute.call(long)).rejects.toThrow(/95\.0 s long/);
		expect(voiceRequests('/v1/clone')).toHaveLength(0);
		expect(short.requests).toHaveLength(0);
	});

	test('Wait for Completion on an existing task returns the model_id', async () => {
		const ctx = ctxFor({ binaryPropertyName: 'data', title: 'Later', waitForCompletion: false }, { items: [binaryItem(makeWav(11), 'ref.wav', 'audio/wav')] });
		const [out] = await voiceClone.create.execute.call(ctx);
		const [done] = await voiceClone.waitForCompletion.execute.call(ctxFor({ taskId: out[0].json.task_id, options: {} }));
		expect(done[0].json).toMatchObject({ status: 'succeeded', model_id: expect.any(String) });
	});
});

describe('Voice API: errors and plumbing', () => {
	test('wrong key: clear 401 without the key; Continue On Fail keeps item order', async () => {
		const ctx = fakeExecuteContext({ parameters: { text: 'Hi', speakerModels: speakers('m') }, credentials: credentials(WRONG_KEY), items: [{ json: {} }, { json: {} }], continueOnFail: true });
		const [out] = await textToSpeech.create.execute.call(ctx);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[0].json.error).toBe('Voice API: Authorization failed (HTTP 401: Invalid API key)');
		expect(JSON.stringify(out)).not.toContain(WRONG_KEY);
		const bearer = fakeExecuteContext({ parameters: { text: 'Hi', speakerModels: speakers('m') }, credentials: credentials(WRONG_KEY, 'bearer') });
		const error = await textToSpeech.create.execute.call(bearer).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/HTTP 401/);
		expect(JSON.stringify(error)).not.toContain(WRONG_KEY);
	});

	test('Health > Check needs no key', async () => {
		const out = await runDeclarative({ resource: 'health', operation: 'check' }, { method: 'GET', url: '/v1/health' });
		expect(out[0].json).toEqual({ status: 'ok' });
	});

	test('the streamed form is a spec FormData of text fields and Blob-like files, read only when sent', async () => {
		let opened = 0;
		const file = { binary: {} as IBinaryData, fileName: 'a "b".wav', mimeType: 'audio/wav', size: 4, open: async () => (opened++, Buffer.from('RIFF')) };
		const form = streamedForm([{ name: 'file', file }, { name: 'title', value: 'T' }]);
		expect(form).toBeInstanceOf(StreamedForm);
		expect(Object.prototype.toString.call(form)).toBe('[object FormData]');
		const [[fileName, blob], [titleName, title]] = [...form.entries()] as Array<[string, { stream(): AsyncIterable<Buffer> }]>;
		expect([fileName, titleName, title]).toEqual(['file', 'title', 'T']);
		expect(blob).toMatchObject({ name: 'a "b".wav', type: 'audio/wav', size: 4 });
		expect(opened).toBe(0);
		const read = async () => {
			const chunks: Buffer[] = [];
			for await (const chunk of blob.stream()) chunks.push(chunk);
			return Buffer.concat(chunks).toString();
		};
		expect(await read()).toBe('RIFF');
		expect(await read()).toBe('RIFF'); // a retry reads the file again
		expect(opened).toBe(2);
	});

	test('WAV duration from the header alone, bounded by the file size', () => {
		const wav = makeWav(12);
		expect(wavDurationSeconds(wav)).toBeCloseTo(12, 2);
		expect(wavDurationSeconds(wav.subarray(0, 4096), wav.length)).toBeCloseTo(12, 2);
		expect(wavDurationSeconds(media.makeMp3(3))).toBeUndefined();
	});
});
