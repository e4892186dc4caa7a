/**
 * Injected faults in real n8n, against the emulator in its strict modes. Each test asserts the
 * emulator's count of paid jobs (0 leaked, 0 duplicated, 0 lost) and the exact text the user reads.
 * Numbers refer to the cases of issue 9.
 */
import { getContext } from './context';
import type { Json } from './faultKit';
import { bench, emulatorState, executionError, nodeItems, packageNode, paidJobs } from './faultKit';

const ctx = getContext();
const fault = async (...rules: Json[]) => await ctx.emulator('POST', '/faults', { rules });
const configure = async (patch: Json) => await ctx.emulator('POST', '/config', patch);

const TTS_SYNC = '/openapi/v1/task/tts/create';
const TTS_ASYNC = '/openapi/v1/task/tts/create-async';
const retryOnFail = { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 };

const vmegTts = (extra: Json = {}, options: Json = {}, node: Json = {}) =>
	packageNode(
		'vmeg',
		{
			resource: 'textToSpeech',
			operation: 'generate',
			text: '={{ $json.text }}',
			voiceSource: 'voice',
			voiceId: { __rl: true, mode: 'id', value: 'sv_en_us_jenny' },
			targetLanguage: 'en-US',
			outputFormat: 'mp3',
			downloadAudio: true,
			options,
			...extra,
		},
		node,
	);
const voiceTts = (model: string, waitForCompletion: boolean) =>
	packageNode('voiceApi', {
		resource: 'textToSpeech',
		operation: 'create',
		text: '={{ $json.text }}',
		speakerModels: { speakers: [{ model: { __rl: true, mode: 'id', value: model } }] },
		waitForCompletion,
		options: {},
	});
const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `Line number ${i + 1}.` }));
const requestsTo = (s: Json, api: string, path: string) => (s.requests as Json[]).filter((r) => r.api === api && r.path === path);
/** The status VMEG gave: the envelope code (the same whether the emulator puts errors in the HTTP status or in a 200 envelope). */
const answer = (r: Json) => r.code ?? r.status;

beforeEach(async () => {
	await ctx.emulator('POST', '/reset');
});

describe(`faults in a real n8n ${ctx.version}`, () => {
	describe('3. a key whose request was answered is spent (strict emulator: any answered request uses its key up)', () => {
		beforeEach(async () => {
			await configure({ vmegStrictIdempotency: true });
		});

		test('synchronous 500 "Task failed": the user reads VMEG\'s error, and Retry On Fail succeeds with a new key (1 job)', async () => {
			const plain = await bench(vmegTts({ downloadAudio: false }));
			await fault({ api: 'vmeg', path: TTS_SYNC, kind: 'status', status: 500, body: { code: 500, message: 'Task failed', data: null } });
			const failed = await plain.run(lines(2));
			// "(HTTP 500)" as the emulator answers by default; "(code 500)" when it puts errors in a 200 envelope.
			const label = ((await ctx.emulator('GET', '/config')) as Json).vmegErrorStyle === 'envelope' ? 'code' : 'HTTP';
			expect(executionError(failed)).toEqual({
				message: `VMEG: Task failed (${label} 500)`,
				description: 'The API failed on its side. Sent once: not repeated automatically, because a repeat could create a second paid job. Try again later.',
				itemIndex: 0,
			});
			expect(paidJobs(await emulatorState()).vmegTasks).toBe(0);

			await ctx.emulator('POST', '/reset');
			await configure({ vmegStrictIdempotency: true });
			const retried = await bench(vmegTts({ downloadAudio: false }, {}, retryOnFail));
			await fault({ api: 'vmeg', path: TTS_SYNC, kind: 'status', status: 500, body: { code: 500, message: 'Task failed', data: null } });
			const execution = await retried.run(lines(2));
			expect(execution.status).toBe('success');
			const s = await emulatorState();
			const posts = requestsTo(s, 'vmeg', TTS_SYNC);
			expect(posts.map(answer)).toEqual([500, 200]);
			expect(posts[0].idempotencyKey).not.toBe(posts[1].idempotencyKey);
			expect(paidJobs(s).vmegTasks).toBe(1);
		});

		test('402 (credits topped up, then Retry On Fail) and "Voice not found" (voice not ready yet): the retry is new work with a new key, never a 409', async () => {
			const retried = await bench(vmegTts({ downloadAudio: false }, {}, retryOnFail));
			for (const body of [
				{ code: 402, message: 'Insufficient credits', data: null },
				{ code: 400, message: 'Voice not found: data[0].voiceId=sv_en_us_jenny', data: null },
			]) {
				await ctx.emulator('POST', '/reset');
				await configure({ vmegStrictIdempotency: true });
				await fault({ api: 'vmeg', path: TTS_SYNC, kind: 'status', status: 200, body });
				const execution = await retried.run(lines(1));
				expect(execution.status).toBe('success');
				const s = await emulatorState();
				expect(requestsTo(s, 'vmeg', TTS_SYNC).map(answer)).toEqual([body.code, 200]);
				expect((s.requests as Json[]).some((r) => answer(r) === 409)).toBe(false);
				expect(paidJobs(s).vmegTasks).toBe(1);
			}
		});
	});

	describe('4. connection dropped after the API accepted the job', () => {
		test('VMEG sync TTS: the node finds the accepted job and returns its audio (1 job, 0 duplicates)', async () => {
			const run = await bench(vmegTts());
			await fault({ api: 'vmeg', path: TTS_SYNC, kind: 'drop-after-accept' });
			const execution = await run.run(lines(3));
			expect(execution.status).toBe('success');
			const items = nodeItems(execution);
			const s = await emulatorState();
			expect(paidJobs(s).vmegTasks).toBe(1);
			expect(items.map((i) => i.json.taskId)).toEqual(Array(3).fill(s.vmeg.tasks[0].taskId));
			expect(items.every((i) => i.binary?.data?.mimeType === 'audio/mpeg')).toBe(true);
			expect(requestsTo(s, 'vmeg', TTS_SYNC).map((r) => [answer(r), Boolean(r.dropped)])).toEqual([
				[200, true],
				[409, false],
			]);
		});

		test("VMEG: every try of the node lost its answer, then n8n's Retry On Fail sends the same key and carries on with the one job", async () => {
			const run = await bench(vmegTts({ operation: 'createAsync', waitMode: 'none' }, {}, retryOnFail));
			await fault({ api: 'vmeg', path: TTS_ASYNC, kind: 'drop-after-accept', times: 4 });
			const execution = await run.run(lines(2));
			expect(execution.status).toBe('success');
			const s = await emulatorState();
			const posts = requestsTo(s, 'vmeg', TTS_ASYNC);
			expect(posts).toHaveLength(5);
			expect(new Set(posts.map((r) => r.idempotencyKey)).size).toBe(1);
			expect(paidJobs(s).vmegTasks).toBe(1);
			expect(nodeItems(execution).map((i) => i.json.taskId)).toEqual([s.vmeg.tasks[0].taskId, s.vmeg.tasks[0].taskId]);
		});

		test('Vimmerse and Voice API (no idempotency keys): not repeated, and the error says the job may exist and where to look, never "check the Base URL"', async () => {
			const vimmerse = await bench(
				packageNode('vimmerseAudio', { resource: 'audio', operation: 'textToSpeech', prompt: '={{ $json.text }}', voice: { __rl: true, mode: 'id', value: 'AutoV' }, options: {}, downloadAudio: false }),
			);
			await fault({ api: 'vimmerse', path: '/v2/audio/text-2-speech', kind: 'drop-after-accept' });
			const v = executionError(await vimmerse.run(lines(1)));
			expect(v.message).toBe('Vimmerse: the connection was lost before the answer arrived');
			expect(v.description).toMatch(
				/^The request reached Vimmerse, so it may have created the job \(and charged for it\)\. It was not repeated automatically, since without an idempotency key a repeat could pay twice\. Check the assets of your Vimmerse account \(the API cannot list them: see the Vimmerse dashboard\) before running it again\. \[\w+\]$/,
			);
			expect(v.itemIndex).toBe(0);
			let s = await emulatorState();
			expect(requestsTo(s, 'vimmerse', '/v2/audio/text-2-speech')).toHaveLength(1);
			expect(paidJobs(s).vimmerseAssets).toBe(1);

			const model = (s.voice.models as Json[])[0].id;
			const voice = await bench(
				voiceTts(model, false),
			);
			await fault({ api: 'voice', path: '/v1/tts', kind: 'drop-after-accept' });
			const e = executionError(await voice.run(lines(1)));
			expect(e.message).toBe('Voice API: the connection was lost before the answer arrived');
			expect(e.description).toMatch(/^The request reached Voice API, so it may have created the job \(and charged for it\)\. It was not repeated automatically/);
			expect(e.description).not.toMatch(/Base URL/);
			s = await emulatorState();
			expect(requestsTo(s, 'voice', '/v1/tts')).toHaveLength(1);
			expect(paidJobs(s).voiceTasks).toBe(1);
		});
	});

	describe('6. truncated downloads (Content-Length larger than the bytes sent)', () => {
		test('VMEG batch with Continue On Fail: the download is retried; the line whose file never arrives whole fails alone, the others keep their paid audio', async () => {
			const run = await bench(vmegTts({}, {}, { onError: 'continueRegularOutput' }));
			// Three cut-off bodies in a row: the first line's download and both of its retries.
			await fault({ api: 'cdn', kind: 'cut-off', times: 3 });
			const execution = await run.run(lines(3));
			expect(execution.status).toBe('success');
			const items = nodeItems(execution);
			expect(items).toHaveLength(3);
			expect(items[0].json.error).toMatch(/^Download of .+\.mp3 failed: the connection broke off during the download$/);
			expect(items[0].json.taskId).toBeDefined();
			expect(items[1].binary.data).toBeDefined();
			expect(items[2].binary.data).toBeDefined();
			const s = await emulatorState();
			expect(paidJobs(s).vmegTasks).toBe(1);
			expect((s.requests as Json[]).filter((r) => r.api === 'cdn')).toHaveLength(5);
		});

		test('Vimmerse and Voice API: one cut-off download is fetched again and the item gets the whole file', async () => {
			const vimmerse = await bench(
				packageNode('vimmerseAudio', { resource: 'audio', operation: 'textToSpeech', prompt: '={{ $json.text }}', voice: { __rl: true, mode: 'id', value: 'AutoV' }, options: {} }),
			);
			await fault({ api: 'cdn', kind: 'cut-off' });
			const [item] = nodeItems(await vimmerse.run(lines(1)));
			let s = await emulatorState();
			expect(item.binary.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${item.json.id}.mp3` });
			expect(paidJobs(s).vimmerseAssets).toBe(1);

			await ctx.emulator('POST', '/reset');
			const model = (s.voice.models as Json[])[0].id;
			const voice = await bench(
				voiceTts(model, true),
			);
			await fault({ api: 'voice', method: 'GET', path: '/v1/tts/*', kind: 'cut-off', times: 1 });
			await configure({ voiceTaskDurationMs: 0 });
			const execution = await voice.run(lines(1));
			expect(execution.status).toBe('success');
			s = await emulatorState();
			expect(nodeItems(execution)[0].binary.data).toMatchObject({ mimeType: 'audio/mpeg' });
			expect(paidJobs(s).voiceTasks).toBe(1);
		});
	});

	describe('8. waits and timeouts', () => {
		test('a slow answer (2.5 s) to a declarative GET is waited for on every item, not only the first', async () => {
			const created = await fetch(`${ctx.emulatorBaseUrls.vmeg}/openapi/v1/task/tts/create`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${ctx.keys.vmeg}`, 'Content-Type': 'application/json', 'X-Idempotency-Key': `slow-get-${Date.now()}` },
				body: JSON.stringify({ data: [{ text: 'Hello', voiceId: 'sv_en_us_jenny' }], language: { target: 'en-US' }, outputFormat: 'mp3' }),
			});
			const taskId = String(((await created.json()) as Json).data.taskId);
			const run = await bench(packageNode('vmeg', { resource: 'task', operation: 'get', taskId: '={{ $json.taskId }}' }));
			await fault({ api: 'vmeg', method: 'GET', path: '/openapi/v1/tasks/detail', kind: 'delay', delayMs: 2_500, times: 100 });
			const execution = await run.run([{ taskId }, { taskId }, { taskId }]);
			expect(executionError(execution).message).toBe('');
			expect(nodeItems(execution).map((item) => [item.json.taskId, item.pairedItem])).toEqual([0, 1, 2].map((item) => [taskId, { item }]));
			// One GET per item: no item timed out and tried again.
			expect(requestsTo(await emulatorState(), 'vmeg', '/openapi/v1/tasks/detail')).toHaveLength(3);
		});

		test('a download that stalls past Options > Request Timeout is dropped and fetched again', async () => {
			const run = await bench(
				packageNode('vimmerseAudio', { resource: 'audio', operation: 'textToSpeech', prompt: '={{ $json.text }}', voice: { __rl: true, mode: 'id', value: 'AutoV' }, options: { requestTimeout: 2 } }),
			);
			await fault({ api: 'cdn', kind: 'stall', fraction: 0.3, delayMs: 30_000 });
			const started = Date.now();
			const execution = await run.run(lines(1));
			expect(execution.status).toBe('success');
			expect(Date.now() - started).toBeLessThan(20_000);
			const [item] = nodeItems(execution);
			expect(item.binary.data).toMatchObject({ mimeType: 'audio/mpeg' });
			const s = await emulatorState();
			expect((s.requests as Json[]).filter((r) => r.api === 'cdn')).toHaveLength(2);
			expect(paidJobs(s).vimmerseAssets).toBe(1);
		});

		test('an answer held past Options > Request Timeout counts as lost: the same key finds the job (1 job)', async () => {
			const run = await bench(vmegTts({ downloadAudio: false }, { requestTimeout: 2 }));
			await fault({ api: 'vmeg', path: TTS_SYNC, kind: 'hold-after-accept', delayMs: 6_000 });
			const execution = await run.run(lines(2));
			expect(execution.status).toBe('success');
			const s = await emulatorState();
			expect(paidJobs(s).vmegTasks).toBe(1);
			expect(nodeItems(execution).map((i) => i.json.taskId)).toEqual([s.vmeg.tasks[0].taskId, s.vmeg.tasks[0].taskId]);
			// The timeout was applied: the node gave up on the held answer and repeated the request with the same key.
			const posts = requestsTo(s, 'vmeg', TTS_SYNC);
			expect(posts.map(answer)).toEqual([200, 409]);
			expect(posts[0].idempotencyKey).toBe(posts[1].idempotencyKey);
		});

		test('Voice API status checks failing 6 times in a row are retried until the job is done', async () => {
			const model = ((await emulatorState()).voice.models as Json[])[0].id;
			const run = await bench(
				voiceTts(model, true),
			);
			await fault({ api: 'voice', method: 'GET', path: '/v1/tts/*', kind: 'status', status: 503, times: 6 });
			const execution = await run.run(lines(1));
			expect(execution.status).toBe('success');
			expect(nodeItems(execution)[0].json.status).toBe('succeeded');
			expect(paidJobs(await emulatorState()).voiceTasks).toBe(1);
		});

		test('VMEG Poll rides out 6 failed status checks (well past the old 4-try limit)', async () => {
			await configure({ taskDurationMs: 200 });
			const run = await bench(vmegTts({ operation: 'createAsync', waitMode: 'poll', waitTimeLimit: 5, downloadResults: false }));
			await fault({ api: 'vmeg', path: '/openapi/v1/tasks/detail', kind: 'status', status: 503, times: 6 });
			const execution = await run.run(lines(1));
			expect(execution.status).toBe('success');
			expect(paidJobs(await emulatorState()).vmegTasks).toBe(1);
		});
	});

	describe('9. honest retry texts', () => {
		test('Vimmerse 503 on a POST: says it was sent once, and why, with the status once', async () => {
			const run = await bench(
				packageNode('vimmerseAudio', { resource: 'audio', operation: 'soundEffect', prompt: '={{ $json.text }}', duration: 3, downloadAudio: false }),
			);
			await fault({ api: 'vimmerse', path: '/v2/audio/text-2-sound-effect', kind: 'status', status: 503 });
			expect(executionError(await run.run(lines(1)))).toEqual({
				message: 'Vimmerse: SERVICE_UNAVAILABLE (HTTP 503)',
				description: 'The API failed on its side. Sent once: not repeated automatically, because a repeat could create a second paid job. Try again later.',
				itemIndex: 0,
			});
		});

		test('VMEG {code: 502} inside an HTTP 200: named as code 502 (not "HTTP 200"), sent once on a paid POST, retried on a status check', async () => {
			await configure({ vmegErrorStyle: 'envelope' });
			const run = await bench(vmegTts({ downloadAudio: false }));
			await fault({ api: 'vmeg', path: TTS_SYNC, kind: 'status', status: 502 });
			expect(executionError(await run.run(lines(1)))).toEqual({
				message: 'VMEG: Injected fault (code 502)',
				description: 'The API failed on its side. Sent once: not repeated automatically, because a repeat could create a second paid job. Try again later.',
				itemIndex: 0,
			});
			expect(paidJobs(await emulatorState()).vmegTasks).toBe(0);
		});

		test('Vimmerse INVALID_VOICE keeps the API\'s detail (the valid voices)', async () => {
			await configure({ vimmerseVoices: ['AutoV', 'Rachel'] });
			const run = await bench(
				packageNode('vimmerseAudio', { resource: 'audio', operation: 'textToSpeech', prompt: '={{ $json.text }}', voice: { __rl: true, mode: 'id', value: 'Nobody' }, options: {}, downloadAudio: false }),
			);
			const error = executionError(await run.run(lines(1)));
			expect(error.message).toBe('Vimmerse: INVALID_VOICE: Valid voices: AutoV, Rachel (HTTP 400)');
			expect(paidJobs(await emulatorState()).vimmerseAssets).toBe(0);
		});

		test('a Base URL without https:// fails at once with the fix, and nothing is sent', async () => {
			const name = `VMEG no scheme ${Date.now()}`;
			const id = await ctx.createCredential({ name, type: 'vmegApi', data: { apiKey: 'vmeg-test-key', baseUrl: 'api.vmeg.ai', webhookSecret: '' } });
			const run = await bench(vmegTts({ downloadAudio: false }, {}, { credentials: { vmegApi: { id, name } } }));
			expect(executionError(await run.run(lines(1)))).toEqual({
				message: 'The Base URL in the VMEG credential is not a web address: "api.vmeg.ai"',
				description: 'Start it with https:// (for example https://api.vmeg.ai).',
				itemIndex: 0,
			});
			expect((await emulatorState()).requests).toHaveLength(0);
		});
	});
});
