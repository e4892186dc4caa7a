/* eslint-disable @typescript-eslint/no-explicit-any -- execution data from n8n's API is untyped */
import { createHash } from 'crypto';
import { sleep } from 'n8n-workflow';

import { makeWav, media, signing } from '../emulator';
import { getContext } from './context';
import { bench, executionError, nodeItems, packageNode } from './faultKit';
import { deploy, deployVmegTrigger, itemsFrom, manualChain, readFile, runData, startedByWebhook } from './workflows';

type Json = Record<string, any>;

const ctx = getContext();
const VMEG = 'n8n-nodes-ai-voice.vmeg';
const jenny = { __rl: true, mode: 'id', value: 'sv_en_us_jenny' };

const vmegNode = (parameters: Json, extra: Json = {}) => ({
	name: 'VMEG',
	type: VMEG,
	typeVersion: 1,
	credentials: ctx.credentialRef('vmegApi'),
	parameters,
	...extra,
});

const state = async () => (await ctx.emulator('GET', '/state')) as Json;
const vmegRequests = (s: Json, path: string) => s.requests.filter((r: Json) => r.api === 'vmeg' && r.path === `/openapi/v1${path}`);

/** Status of each task's first callback delivery, once every one has an answer (or 20 s pass). */
async function settledDeliveries(taskIds: string[]): Promise<Array<number | null>> {
	let statuses: Array<number | null> = [];
	for (let waited = 0; waited < 20_000; waited += 250) {
		const deliveries = (await state()).vmeg.webhookDeliveries as Json[];
		statuses = taskIds.map((id) => deliveries.find((d) => d.taskId === id && d.status !== null)?.status ?? null);
		if (statuses.every((status) => status !== null)) break;
		await sleep(250);
	}
	return statuses;
}

/** Writes a small MP4 into the folder n8n may read, returning its path. */
function videoFile(name: string, seconds = 4): string {
	return ctx.writeInputFile(name, media.makeMp4(seconds));
}

const mediaTranslation = (waitMode: string) =>
	vmegNode({
		resource: 'mediaTranslation',
		operation: 'create',
		taskType: 'vt',
		source: 'binary',
		binaryPropertyName: 'data',
		sourceLanguage: 'en-US',
		targetLanguage: 'es-ES',
		voiceCloneStyle: 'emotional',
		waitMode,
		waitTimeLimit: 10,
		downloadResults: true,
		options: { lipsync: true, speakerNum: '2' },
	});

describe(`VMEG jobs in a real n8n ${ctx.version}`, () => {
	beforeEach(async () => {
		await ctx.emulator('POST', '/reset');
	});

	it('speaks 120 lines in 3 requests and returns 120 items in order, each with its audio', async () => {
		const lines = Array.from({ length: 120 }, (_, i) => ({ text: `Line number ${i + 1}.` }));
		const id = await ctx.importWorkflow(
			manualChain('VMEG 120 lines', [
				itemsFrom(lines),
				vmegNode({
					resource: 'textToSpeech',
					operation: 'generate',
					text: '={{ $json.text }}',
					voiceSource: 'voice',
					voiceId: jenny,
					targetLanguage: 'en-US',
					outputFormat: 'mp3',
					downloadAudio: true,
				}),
			]),
		);
		const items = runData(await ctx.executeCli<any>(id), 'VMEG');
		expect(items).toHaveLength(120);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.text).toBe(`Line number ${i + 1}.`);
			expect(item.json.lineIndex).toBe(i % 50);
			expect(item.binary.data).toMatchObject({ mimeType: 'audio/mpeg', fileExtension: 'mp3' });
		});
		const s = await state();
		const posts = vmegRequests(s, '/task/tts/create');
		expect(posts).toHaveLength(3);
		const sizes = s.vmeg.tasks.filter((t: Json) => t.taskType === 'tts').map((t: Json) => t.request.data.length);
		expect(sizes).toEqual([50, 50, 20]);
		// Each task spoke its own lines, in input order.
		expect(s.vmeg.tasks[2].request.data[0].text).toBe('Line number 101.');
	});

	it('uploads a 12 MiB file in three streamed parts (Material > Upload)', async () => {
		const wav = makeWav(393, 16_000);
		const file = ctx.writeInputFile('long-interview.wav', wav);
		const id = await ctx.importWorkflow(
			manualChain('VMEG multipart', [readFile(file), vmegNode({ resource: 'material', operation: 'upload', binaryPropertyName: 'data' })]),
		);
		const [item] = runData(await ctx.executeCli<any>(id), 'VMEG');
		expect(item.json).toMatchObject({ uploadMethod: 'multipart', category: 'audio', filesize: wav.length });
		const s = await state();
		const partPuts = s.requests.filter((r: Json) => r.api === 's3' && r.method === 'PUT');
		expect(partPuts.length).toBe(Math.ceil(wav.length / (5 * 1024 * 1024)));
		expect(partPuts.length).toBeGreaterThan(2);
		const material = s.vmeg.materials.find((m: Json) => m.materialId === item.json.materialId);
		expect(material.status).toBe('completed');
		expect(material.dto.fileHash).toBe(createHash('md5').update(wav).digest('hex'));
	});

	it('uploads parts concurrently (4 in flight by default) and completes them in part order; a file it has is instant', async () => {
		const data = Buffer.alloc(40 * 1024 * 1024);
		for (let offset = 0; offset < data.length; offset += 4096) data.writeUInt32LE(offset, offset); // every part differs
		const file = ctx.writeInputFile('keynote.mp4', data);
		// Every part PUT takes 300 ms in storage, so PUTs that run together overlap for sure.
		await ctx.emulator('POST', '/faults', { rules: [{ api: 's3', method: 'PUT', kind: 'delay', delayMs: 300, times: 100 }] });
		const id = await ctx.importWorkflow(manualChain('VMEG parts in flight', [readFile(file), vmegNode({ resource: 'material', operation: 'upload', binaryPropertyName: 'data' })]));
		const [item] = runData(await ctx.executeCli<any>(id), 'VMEG');
		expect(item.json).toMatchObject({ uploadMethod: 'multipart', filesize: data.length, fileHash: createHash('md5').update(data).digest('hex') });

		const s = await state();
		const puts = s.requests.filter((r: Json) => r.api === 's3' && r.method === 'PUT');
		expect(puts).toHaveLength(8);
		// PUTs in storage at the moment each one arrived (itself included).
		const mostAtOnce = Math.max(...puts.map((p: Json) => puts.filter((q: Json) => q.at <= p.at && p.at < q.answeredAt).length));
		expect(mostAtOnce).toBe(4);
		const material = s.vmeg.materials.find((m: Json) => m.materialId === item.json.materialId);
		expect(material.parts.map((p: Json) => p.partNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

		// The same bytes again (another execution): only gen-upload-url, nothing uploaded.
		const before = s.requests.length;
		const [again] = runData(await ctx.executeCli<any>(id), 'VMEG');
		expect(again.json).toMatchObject({ materialId: item.json.materialId, uploadMethod: 'instant', instantUpload: true });
		const later = (await state()).requests.slice(before);
		expect(later.map((r: Json) => `${r.api} ${r.path}`)).toEqual(['vmeg /openapi/v1/assets/material/upload/gen-upload-url']);
	});

	it('dubs a video from a file and resumes on the webhook the VMEG Trigger forwards', async () => {
		await deployVmegTrigger();
		const workflowId = await deploy(startedByWebhook('VMEG dub one', 'dub-one', [readFile('={{ $json.body.path }}'), mediaTranslation('webhook')]), 'dub-one');
		const started = await ctx.webhook('dub-one', { path: videoFile('launch-video.mp4') });
		expect(started.status).toBe(200);

		const waiting = await ctx.waitForExecution((e) => String(e.workflowId) === workflowId, { status: 'waiting', timeoutMs: 30_000 });
		const done = await ctx.waitForExecution(waiting.id, { status: 'success', timeoutMs: 60_000 });
		const [item] = runData(await ctx.getExecution(done.id), 'VMEG');
		expect(item.json).toMatchObject({ status: 'finished', taskType: 'vt' });
		expect(item.binary.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${item.json.taskId}.mp4` });
		expect(item.binary.data_audio).toMatchObject({ mimeType: 'audio/mp4' });
		const s = await state();
		const [task] = s.vmeg.tasks;
		expect(task.request.options).toMatchObject({ lipsync: { enable: true }, voiceSpeakers: { speakerNum: '2' }, voiceClone: { style: 'emotional' } });
		expect(task.request.language).toEqual({ source: 'en-US', target: 'es-ES' });
	});

	it('with 3 videos, resumes once, after all 3 jobs, each item with its own dubbed video', async () => {
		await deployVmegTrigger(1_500);
		const paths = ['a.mp4', 'b.mp4', 'c.mp4'].map((name, i) => ({ path: videoFile(name, 3 + i) }));
		const workflowId = await deploy(
			startedByWebhook('VMEG dub three', 'dub-three', [itemsFrom(paths), readFile('={{ $json.path }}'), mediaTranslation('webhook')]),
			'dub-three',
		);
		await ctx.webhook('dub-three', {});
		const waiting = await ctx.waitForExecution((e) => String(e.workflowId) === workflowId, { status: 'waiting', timeoutMs: 30_000 });
		const done = await ctx.waitForExecution(waiting.id, { status: 'success', timeoutMs: 60_000 });
		const items = runData(await ctx.getExecution(done.id), 'VMEG');
		expect(items).toHaveLength(3);
		const s = await state();
		const tasks = s.vmeg.tasks.filter((t: Json) => t.event === 'openapi-media-translation');
		expect(tasks).toHaveLength(3);
		// Jobs are submitted two at a time, so VMEG may hold them in another order; the durations
		// below show each item got the job of its own video.
		const taskOf = (item: Json) => tasks.find((t: Json) => t.taskId === item.json.taskId) ?? {};
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ status: 'finished', taskId: taskOf(item).taskId });
			expect(item.binary.data.fileName).toBe(`${taskOf(item).taskId}.mp4`);
			// Each dubbed video is as long as its own source (3, 4, 5 s).
			expect(Math.round(item.json.result.build.video.duration)).toBe(3 + i);
		});
		// Every job's callback was answered 2xx by the Trigger (none left hanging on the forward),
		// and the execution ran to its end exactly once.
		expect(await settledDeliveries(tasks.map((t: Json) => t.taskId))).toEqual([200, 200, 200]);
		const runs = await ctx.listExecutions({ workflowId });
		expect(runs.filter((e) => e.status === 'success')).toHaveLength(1);
		expect(runData(await ctx.getExecution(done.id), 'Read File')).toHaveLength(3);
	});

	it('rejects forged and stale callbacks, and starts the workflow once for duplicates', async () => {
		// Download Result Files: the Trigger answers VMEG first, then attaches the audio.
		const trigger = await deployVmegTrigger(300, { downloadResultFiles: true });
		const id = await ctx.importWorkflow(
			manualChain('VMEG fire and forget', [
				vmegNode({ resource: 'textToSpeech', operation: 'createAsync', text: 'Hello', voiceSource: 'voice', voiceId: jenny, targetLanguage: 'en-US', outputFormat: 'mp3', waitMode: 'none' }),
			]),
		);
		const [accepted] = runData(await ctx.executeCli<any>(id), 'VMEG');
		const taskId = String(accepted.json.taskId);
		const first = await ctx.waitForExecution((e) => String(e.workflowId) === trigger.id, { status: 'success', timeoutMs: 30_000 });
		const [delivered] = runData(await ctx.getExecution(first.id), 'VMEG Trigger');
		expect(delivered.json).toMatchObject({ event: 'openapi-tts', data: { taskId } });
		expect(delivered.binary.audio).toMatchObject({ mimeType: 'audio/mpeg' });
		expect((await state()).vmeg.webhookDeliveries.filter((d: Json) => d.taskId === taskId).map((d: Json) => d.status)).toEqual([200]);

		for (const tamper of ['signature', 'timestamp-stale', 'body', 'no-signature']) {
			const sent = await ctx.emulator<Json>('POST', '/vmeg/send-callback', { taskId, tamper });
			expect({ tamper, statuses: sent.statuses }).toEqual({ tamper, statuses: [401] });
		}
		const again = await ctx.emulator<Json>('POST', '/vmeg/send-callback', { taskId, duplicate: 3 });
		expect(again.statuses).toEqual([200, 200, 200]);
		await sleep(1_000);
		expect(await ctx.listExecutions({ workflowId: trigger.id })).toHaveLength(1);
	});

	it('keeps a waiting execution waiting when a forged callback hits its resume URL directly', async () => {
		await deployVmegTrigger(4_000);
		const workflowId = await deploy(startedByWebhook('VMEG dub guarded', 'dub-guarded', [readFile('={{ $json.body.path }}'), mediaTranslation('webhook')]), 'dub-guarded');
		await ctx.webhook('dub-guarded', { path: videoFile('guarded.mp4') });
		const waiting = await ctx.waitForExecution((e) => String(e.workflowId) === workflowId, { status: 'waiting', timeoutMs: 30_000 });
		const [task] = (await state()).vmeg.tasks;
		const resumeUrl = String(task.extraData.n8nResumeUrl);
		const forged = JSON.stringify({ code: 200, version: 'v1', event: 'openapi-media-translation', pipelineKey: 'f'.repeat(32), extraData: task.extraData, data: { taskId: task.taskId, taskType: 'vt', status: 'finished', result: { build: { video: { url: 'https://attacker.example/evil.mp4' } } } } });
		const timestamp = String(Date.now());
		const response = await fetch(resumeUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': signing.signVmegCallback('not-the-secret', timestamp, forged) },
			body: forged,
		});
		expect(response.status).toBe(401);
		expect((await ctx.getExecution(waiting.id)).status).toBe('waiting');
		const done = await ctx.waitForExecution(waiting.id, { status: 'success', timeoutMs: 60_000 });
		const [item] = runData(await ctx.getExecution(done.id), 'VMEG');
		expect(item.binary.data.fileName).toBe(`${task.taskId}.mp4`);
		expect(JSON.stringify(item.json)).not.toContain('attacker.example');
	});

	it('does not submit a second job when the connection drops after VMEG accepted the first, and carries on with that job', async () => {
		await ctx.emulator('POST', '/faults', {
			rules: [{ api: 'vmeg', method: 'POST', path: '/openapi/v1/task/tts/create-async', kind: 'drop-after-accept', times: 1 }],
		});
		const id = await ctx.importWorkflow(
			manualChain('VMEG dropped', [
				vmegNode(
					{ resource: 'textToSpeech', operation: 'createAsync', text: 'Only once', voiceSource: 'voice', voiceId: jenny, targetLanguage: 'en-US', outputFormat: 'mp3', waitMode: 'none' },
					{ onError: 'continueRegularOutput' },
				),
			]),
		);
		const [item] = runData(await ctx.executeCli<any>(id), 'VMEG');
		const s = await state();
		expect(s.vmeg.tasks.filter((t: Json) => t.taskType === 'tts')).toHaveLength(1);
		const attempts = vmegRequests(s, '/task/tts/create-async');
		expect(attempts).toHaveLength(2);
		// The retry carried the same idempotency key, so VMEG refused to start a second job.
		expect(attempts[1].idempotencyKey).toBe(attempts[0].idempotencyKey);
		expect(attempts[1].code ?? attempts[1].status).toBe(409);
		// …and the node carried on with the job VMEG had accepted (found in its task list).
		expect(item.json.error).toBeUndefined();
		expect(item.json.taskId).toBe(s.vmeg.tasks[0].taskId);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	describe('Create Async of many items', () => {
		const cloneAsync = packageNode('vmeg', {
			resource: 'voiceClone',
			operation: 'createAsync',
			cloneVoiceName: '={{ $json.name }}',
			refAudio: 'https://example.com/voice.wav',
			cloneEngine: 'V1',
			sampleLanguage: 'en-US',
			waitMode: 'none',
		});
		const names = Array.from({ length: 8 }, (_, i) => ({ name: `Narrator ${i + 1}` }));
		const creates = (s: Json) => vmegRequests(s, '/task/clone-voice/create-async');

		it('submits 4 jobs at once and outputs each item its own task, in input order', async () => {
			const run = await bench(cloneAsync);
			await ctx.emulator('POST', '/faults', { rules: [{ api: 'vmeg', method: 'POST', path: '/openapi/v1/task/clone-voice/create-async', kind: 'delay', delayMs: 300, times: 100 }] });
			const items = nodeItems(await run.run(names));
			const s = await state();
			const posts = creates(s);
			expect(posts).toHaveLength(8);
			const mostAtOnce = Math.max(...posts.map((p: Json) => posts.filter((q: Json) => q.at <= p.at && p.at < q.answeredAt).length));
			expect(mostAtOnce).toBe(4);
			const taskOf = new Map(s.vmeg.tasks.map((t: Json) => [t.request.voiceName, t.taskId]));
			expect(items.map((item) => item.json.taskId)).toEqual(names.map((n) => taskOf.get(n.name)));
			items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
		});

		it('a refused submit stops the rest and names the tasks VMEG had already accepted', async () => {
			const run = await bench(cloneAsync);
			await ctx.emulator('POST', '/faults', {
				rules: [{ api: 'vmeg', method: 'POST', path: '/openapi/v1/task/clone-voice/create-async', kind: 'status', status: 400, times: 1 }],
			});
			const execution = await run.run(names);
			const s = await state();
			// The refused one and the three in flight beside it; nothing started after the refusal.
			expect(creates(s)).toHaveLength(4);
			expect(s.vmeg.tasks).toHaveLength(3);
			const { description } = executionError(execution);
			expect(description).toContain('VMEG had already accepted these tasks, which still run: ');
			for (const task of s.vmeg.tasks) expect(description).toContain(`${task.taskId} (item `);
		});
	});
});
