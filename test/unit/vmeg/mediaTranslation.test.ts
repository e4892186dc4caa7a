import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { execute as create } from '../../../nodes/Vmeg/resources/mediaTranslation/create';
import { binaryItem, fakeExecuteContext } from '../support/fakeExecuteContext';

import type { RequestLogEntry, RunningEmulator } from '../../emulator';
import { media, startEmulator } from '../../emulator';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, taskDurationMs: 100 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const credentials = () => ({ vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: 'whsec-test-secret', baseUrl: `${emu.url}/vmeg` } });
const video = (name = 'clip.mp4', seconds = 4) => binaryItem(media.makeMp4(seconds), name, 'video/mp4');
const paidPosts = () => emu.state.requests.filter((r: RequestLogEntry) => r.api === 'vmeg' && r.path.endsWith('/media-translation/create-async'));
const uploads = () => emu.state.requests.filter((r: RequestLogEntry) => r.api === 'vmeg' && r.path.includes('/assets/material/upload'));

const base: IDataObject = {
	taskType: 'vt',
	source: 'binary',
	binaryPropertyName: 'data',
	sourceLanguage: 'auto',
	targetLanguage: 'es-ES',
	voiceCloneStyle: 'emotional',
	waitMode: 'none',
	options: {},
};

async function run(parameters: IDataObject | ((i: number) => IDataObject), items: INodeExecutionData[], continueOnFail = false) {
	const ctx = fakeExecuteContext({
		parameters: typeof parameters === 'function' ? (i) => ({ ...base, ...parameters(i) }) : { ...base, ...parameters },
		items,
		credentials: credentials(),
		continueOnFail,
	});
	const [out] = await create.call(ctx);
	return out;
}

describe('VMEG Media Translation > Create', () => {
	test('uploads the input file, then submits the job with only the options set', async () => {
		const out = await run(
			{
				sourceLanguage: 'en-US',
				options: {
					voiceCloneMode: 'role',
					voiceCloneProvider: 'V5',
					transcribeMode: 'normal',
					translatePrompt: 'Keep brand names in English',
					lipsync: true,
					dynamicVideoLength: false,
					speakerNum: '2',
					timbreMethod: 'smart',
					textStyle: '{"subtitle": {"fontSize": 32}}',
					selectedVoices: { voices: [{ voiceId: 'sv_es_es_elvira', provider: 'S5' }] },
				},
			},
			[video()],
		);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ status: 'running', taskType: 'vt', uploadMethod: 'single' });
		expect(out[0].pairedItem).toEqual({ item: 0 });
		const [task] = emu.state.vmeg.tasks;
		expect(task.request).toEqual({
			taskType: 'vt',
			source: { materialId: out[0].json.materialId },
			language: { source: 'en-US', target: 'es-ES' },
			options: {
				voiceClone: { style: 'emotional', mode: 'role', provider: 'V5' },
				transcribe: { mode: 'normal' },
				translate: { prompt: 'Keep brand names in English' },
				lipsync: { enable: true },
				dynamicVideoLength: { enable: false },
				text: { subtitle: { fontSize: 32 } },
				voiceSpeakers: { speakerNum: '2', timbreMethod: 'smart', selectedVoicesList: [{ voiceId: 'sv_es_es_elvira', provider: 'S5' }] },
			},
		});
		expect(task.extraData).toBeNull();
	});

	test('speaker voices without a provider get it from the voice lists; an unknown voice is refused before upload', async () => {
		await run({ options: { selectedVoices: { voices: [{ voiceId: 'sv_es_es_elvira' }, { voiceId: 'sv_en_us_ava_hd', provider: '' }] } } }, [video()]);
		const [task] = emu.state.vmeg.tasks;
		expect(task.request.options.voiceSpeakers.selectedVoicesList).toEqual([
			{ voiceId: 'sv_es_es_elvira', provider: 'S5' },
			{ voiceId: 'sv_en_us_ava_hd', provider: 'S3' },
		]);
		const before = emu.state.requests.length;
		await expect(run({ options: { selectedVoices: { voices: [{ voiceId: 'sv_nobody' }] } } }, [video('x.mp4', 7)])).rejects.toThrow(/sv_nobody not found/);
		expect(emu.state.requests.slice(before).map((r: RequestLogEntry) => r.path)).toEqual(['/openapi/v1/assets/voice/basic/list']);
	});

	test('every item is checked before the first upload; shared speaker voices are looked up once', async () => {
		await expect(run((i) => (i === 2 ? { targetLanguage: 'klingon' } : {}), [video('a.mp4'), video('b.mp4', 5), video('c.mp4', 6)])).rejects.toThrow(
			/klingon/,
		);
		expect(uploads()).toHaveLength(0);
		expect(paidPosts()).toHaveLength(0);

		const speakers = { options: { selectedVoices: { voices: [{ voiceId: 'sv_es_es_elvira' }] } } };
		await run(speakers, [video('a.mp4'), video('b.mp4', 5), video('c.mp4', 6)]);
		expect(emu.state.requests.filter((r: RequestLogEntry) => r.path.endsWith('/voice/basic/list'))).toHaveLength(1);
		expect(paidPosts()).toHaveLength(3);
	});

	test('Poll waits for the job and attaches the dubbed video and audio as files', async () => {
		const out = await run({ waitMode: 'poll', waitTimeLimit: 1, downloadResults: true }, [video('launch.mp4', 3)]);
		const [item] = out;
		expect(item.json.status).toBe('finished');
		expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${item.json.taskId}.mp4` });
		expect(item.binary?.data_audio).toMatchObject({ mimeType: 'audio/mp4', fileName: `${item.json.taskId}.m4a` });
		expect(Buffer.from(item.binary!.data.data, 'base64').length).toBe((item.json.result as IDataObject & { build: { video: { size: number } } }).build.video.size);
	});

	test('an existing material is used as is; one that is not a finished upload is refused before any paid call', async () => {
		const first = await run({}, [video()]);
		const materialId = String(first[0].json.materialId);
		emu.reset();
		// reset() clears materials: the ID is now unknown to the account.
		await expect(run({ source: 'materialId', materialId }, [{ json: {} }])).rejects.toThrow(/not a finished upload/);
		expect(paidPosts()).toHaveLength(0);

		const again = await run({}, [video('other.mp4', 6)]);
		const known = String(again[0].json.materialId);
		const before = emu.state.requests.length;
		const out = await run({ source: 'materialId', materialId: known }, [{ json: {} }, { json: {} }]);
		expect(out.map((i) => i.json.materialId)).toEqual([known, known]);
		// The material list was read once for both items.
		expect(emu.state.requests.slice(before).filter((r: RequestLogEntry) => r.path.endsWith('/assets/material/list'))).toHaveLength(1);
	});

	test('bad input fails with the item index before any upload or paid call; continueOnFail carries on', async () => {
		const cases: Array<[IDataObject, RegExp]> = [
			[{ targetLanguage: 'es-ES', sourceLanguage: 'es-ES' }, /both es-ES/],
			[{ targetLanguage: 'spanish' }, /not a language VMEG supports/],
			[{ options: { speakerNum: 'two' } }, /Number of Speakers/],
			[{ options: { textStyle: '{not json' } }, /not valid JSON/],
			[{ binaryPropertyName: 'video' }, /no binary property "video"/],
		];
		for (const [parameters, message] of cases) {
			await expect(run(parameters, [video()])).rejects.toThrow(message);
		}
		// A near miss gets the right spelling as its hint.
		await expect(run({ targetLanguage: 'es-es' }, [video()])).rejects.toMatchObject({ description: expect.stringMatching(/Did you mean es-ES\?/) });
		expect(uploads()).toHaveLength(0);
		expect(paidPosts()).toHaveLength(0);

		const out = await run((i) => (i === 1 ? { targetLanguage: 'spanish' } : {}), [video('a.mp4'), video('b.mp4'), video('c.mp4', 5)], true);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[1].json.error).toMatch(/not a language VMEG supports/);
		expect(out[0].json.taskId).toBeDefined();
		expect(out[2].json.taskId).toBeDefined();
		expect(paidPosts()).toHaveLength(2);
	});

	test('Resume on Webhook does not park when every job has already ended (its callback may have come first)', async () => {
		emu.configure({ webhookBeforeResponse: true });
		const ctx = fakeExecuteContext({
			parameters: { ...base, waitMode: 'webhook', waitTimeLimit: 5 },
			items: [video('a.mp4'), video('b.mp4')],
			credentials: credentials(),
		});
		const putExecutionToWait = jest.fn();
		Object.assign(ctx, {
			getExecuteData: () => ({ data: { main: [[]] }, node: ctx.getNode(), source: null }),
			evaluateExpression: () => 'http://n8n.local/webhook-waiting/78?signature=abc',
			putExecutionToWait,
		});
		const [out] = await create.call(ctx);
		expect(putExecutionToWait).not.toHaveBeenCalled();
		const tasks = emu.state.vmeg.tasks;
		expect(out.map((i) => [i.json.taskId, i.json.status])).toEqual(tasks.map((t) => [t.taskId, 'finished']));
		expect(out.map((i) => Object.keys(i.binary ?? {}).length)).toEqual([2, 2]);
	});

	test('Resume on Webhook fails at once, before parking, when a job has already failed', async () => {
		emu.configure({ webhookBeforeResponse: true });
		await fetch(`${emu.url}/_emulator/fail-next`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ api: 'vmeg', message: 'Source video has no audio track' }),
		});
		const ctx = fakeExecuteContext({ parameters: { ...base, waitMode: 'webhook', waitTimeLimit: 5 }, items: [video('a.mp4')], credentials: credentials() });
		const putExecutionToWait = jest.fn();
		Object.assign(ctx, {
			getExecuteData: () => ({ data: { main: [[]] }, node: ctx.getNode(), source: null }),
			evaluateExpression: () => 'http://n8n.local/webhook-waiting/79?signature=abc',
			putExecutionToWait,
		});
		const error = await create.call(ctx).then(
			() => undefined,
			(e: Error) => e,
		);
		const [task] = emu.state.vmeg.tasks;
		expect(error?.message).toBe(`VMEG job ${task.taskId} failed for item 0: Source video has no audio track`);
		expect(putExecutionToWait).not.toHaveBeenCalled();
	});

	test('Resume on Webhook puts the resume URL in extraData and parks every job', async () => {
		const ctx = fakeExecuteContext({
			parameters: { ...base, waitMode: 'webhook', waitTimeLimit: 5 },
			items: [video('a.mp4'), video('b.mp4')],
			credentials: credentials(),
		});
		let waitTill: Date | undefined;
		const execData = { data: { main: [[]] as INodeExecutionData[][] }, node: ctx.getNode(), source: null };
		Object.assign(ctx, {
			getExecuteData: () => execData,
			evaluateExpression: (expression: string) => (expression.includes('resumeUrl') ? 'http://n8n.local/webhook-waiting/77?signature=abc' : undefined),
			putExecutionToWait: async (date: Date) => {
				waitTill = date;
			},
		});
		const [out] = await create.call(ctx);
		const parked = execData.data.main[0];
		expect(waitTill).toBeInstanceOf(Date);
		expect(out.map((i) => i.json.status)).toEqual(['timeout', 'timeout']);
		expect(parked.map((i) => i.json.taskId)).toEqual(out.map((i) => i.json.taskId));
		const tasks = emu.state.vmeg.tasks;
		expect(tasks.map((t) => t.extraData?.n8nResumeUrl)).toEqual([
			'http://n8n.local/webhook-waiting/77/callback?signature=abc',
			'http://n8n.local/webhook-waiting/77/callback?signature=abc',
		]);
	});
});
