import type { IDataObject, IPairedItemData, NodeOperationError } from 'n8n-workflow';

import { Vmeg } from '../../../nodes/Vmeg/Vmeg.node';
import { execute as createAsync } from '../../../nodes/Vmeg/resources/textTranslation/createAsync';
import { execute as translate } from '../../../nodes/Vmeg/resources/textTranslation/translate';
import { fakeExecuteContext, items } from '../support/fakeExecuteContext';

import type { RequestLogEntry, RunningEmulator, VmegTask } from '../../emulator';
import { startEmulator } from '../../emulator';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, taskDurationMs: 100 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const credentials = () => ({ vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: 'whsec-test-secret', baseUrl: `${emu.url}/vmeg` } });
const vmegRequests = () => emu.state.requests.filter((r: RequestLogEntry) => r.api === 'vmeg');
const translateRequests = (suffix = '/task/translate/create') => vmegRequests().filter((r) => r.path.endsWith(suffix));
const translateTasks = (): VmegTask[] => emu.state.vmeg.tasks.filter((t) => t.taskType === 'textTranslation');

const base: IDataObject = {
	resource: 'textTranslation',
	sourceLanguage: 'en-US',
	targetLanguage: 'es-ES',
	waitMode: 'none',
	segmentDetails: {},
	translationOptions: {},
};

function context(perItem: (i: number) => IDataObject, count: number, continueOnFail = false) {
	return fakeExecuteContext({
		parameters: (i) => ({ ...base, text: `Sentence ${i}`, ...perItem(i) }),
		items: items(count),
		credentials: credentials(),
		continueOnFail,
	});
}

async function refusal(run: Promise<unknown>): Promise<NodeOperationError> {
	return (await run.then(
		() => {
			throw new Error('expected the operation to be refused');
		},
		(e: unknown) => e,
	)) as NodeOperationError;
}

describe('VMEG Text Translation > Translate', () => {
	test('60 items -> 2 requests (50 + 10); outputs aligned with their inputs', async () => {
		const [out] = await translate.call(context(() => ({}), 60));
		expect(translateRequests()).toHaveLength(2);
		const [first, second] = translateTasks();
		expect(first.request.segments).toHaveLength(50);
		expect(second.request.segments).toHaveLength(10);
		expect(second.request.segments[0]).toEqual({ text: 'Sentence 50' });
		expect(first.request.language).toEqual({ source: 'en-US', target: 'es-ES' });
		// Nothing optional was set, so nothing optional was sent.
		expect(first.request.options).toBeUndefined();

		expect(out).toHaveLength(60);
		out.forEach((item, i) => {
			expect((item.pairedItem as IPairedItemData).item).toBe(i);
			expect(item.json).toEqual({
				taskId: (i < 50 ? first : second).taskId,
				lineIndex: i % 50,
				sourceText: `Sentence ${i}`,
				text: `[es-ES] Sentence ${i}`,
			});
		});
	});

	test('glossary, prompt, context mode and scene are sent as the schema expects', async () => {
		const [out] = await translate.call(
			context(
				(i) => ({
					text: i === 0 ? 'Send the invoice to Acme' : 'Pay the invoice',
					segmentDetails: i === 0 ? { gender: 'female', speaker: 'SPEAKER_0', start: 1.5, end: 3, context: 'Previous line\n\nNext line' } : {},
					translationOptions: {
						contextMode: 'neighbor',
						contextWindow: 3,
						scene: 'subtitle',
						allowStutter: false,
						prompt: 'Formal tone',
						skipMissingTranslationCheck: true,
						glossary: { terms: [{ term: 'invoice', translation: 'factura' }] },
						glossaryJson: '{"Acme": "ACME S.A.", "invoice": "recibo"}',
					},
				}),
				2,
			),
		);
		expect(translateRequests()).toHaveLength(1);
		const [task] = translateTasks();
		expect(task.request.options).toEqual({
			sourceContext: { mode: 'neighbor', contextWindow: 3 },
			sceneCustomized: { scene: 'subtitle', allowStutter: false },
			// The pairs win over the JSON for the same term.
			glossary: { Acme: 'ACME S.A.', invoice: 'factura' },
			prompt: 'Formal tone',
			skipMissingTranslationCheck: true,
		});
		expect(task.request.segments).toEqual([
			{ text: 'Send the invoice to Acme', gender: 'female', speaker: 'SPEAKER_0', start: 1.5, end: 3, context: ['Previous line', 'Next line'] },
			{ text: 'Pay the invoice' },
		]);
		expect(translateRequests()[0].bodyKeys.sort()).toEqual(['language', 'options', 'segments']);
		// The emulator applies the glossary, so the outputs show it arrived.
		expect(out.map((o) => o.json.text)).toEqual(['[es-ES] Send the factura to ACME S.A.', '[es-ES] Pay the factura']);
	});

	test('items with different languages or options go to separate requests', async () => {
		const [out] = await translate.call(context((i) => ({ targetLanguage: i % 2 ? 'fr-FR' : 'de-DE' }), 4));
		expect(translateTasks().map((t) => [t.request.language.target, t.request.segments.map((s: IDataObject) => s.text)])).toEqual([
			['de-DE', ['Sentence 0', 'Sentence 2']],
			['fr-FR', ['Sentence 1', 'Sentence 3']],
		]);
		expect(out.map((o) => o.json.text)).toEqual(['[de-DE] Sentence 0', '[fr-FR] Sentence 1', '[de-DE] Sentence 2', '[fr-FR] Sentence 3']);
	});

	test('bad input is refused with the item index and a hint, before any request', async () => {
		const cases: Array<[IDataObject, RegExp]> = [
			[{ text: '   ' }, /Text is empty/],
			[{ text: 'x'.repeat(5_001) }, /5001 characters, more than the 5000 allowed/],
			[{ targetLanguage: 'en-US' }, /Source and Target Language are both en-US/],
			[{ targetLanguage: 'english please' }, /Target Language "english please" is not a language VMEG supports/],
			[{ sourceLanguage: 'EN_us' }, /Source Language "EN_us" is not a language VMEG supports/],
			[{ translationOptions: { contextWindow: 21 } }, /Context Window must be between 1 and 20/],
			[{ translationOptions: { contextWindow: 0 } }, /Context Window must be between 1 and 20/],
			[{ segmentDetails: { start: 5, end: 2 } }, /Start \(5 s\) is after End \(2 s\)/],
			[{ translationOptions: { glossaryJson: '{"a": ' } }, /Glossary \(JSON\) is not valid JSON/],
			[{ translationOptions: { glossary: { terms: [{ term: 'invoice', translation: ' ' }] } } }, /Glossary term "invoice" has no translation/],
		];
		for (const [params, message] of cases) {
			const error = await refusal(translate.call(context((i) => (i === 1 ? params : {}), 2)));
			expect(error.message).toMatch(message);
			expect(error.context.itemIndex).toBe(1);
			expect(error.description).toBeTruthy();
		}
		expect(vmegRequests()).toHaveLength(0);
	});

	test('Continue On Fail: refused items carry their error, the rest are translated', async () => {
		const [out] = await translate.call(context((i) => (i === 1 ? { targetLanguage: 'en-US' } : {}), 3, true));
		expect(out).toHaveLength(3);
		expect(out[1]).toEqual({ json: { error: 'Source and Target Language are both en-US' }, pairedItem: { item: 1 } });
		expect(out[0].json.text).toBe('[es-ES] Sentence 0');
		expect(out[2].json.text).toBe('[es-ES] Sentence 2');
		expect(translateTasks()[0].request.segments).toEqual([{ text: 'Sentence 0' }, { text: 'Sentence 2' }]);
	});

	test("a segment VMEG could not translate fails the node; with Continue On Fail it stays on that item", async () => {
		const data = { taskId: '4242', createdAt: '2025-01-01T00:00:00Z', items: [{ text: 'Hola' }, { text: null, errorMessage: 'Unsupported characters' }] };
		await fetch(`${emu.url}/_emulator/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ rules: [{ api: 'vmeg', path: '/openapi/v1/task/translate/create', kind: 'status', status: 200, times: 2, body: { code: 200, message: '', data } }] }),
		});
		const error = await refusal(translate.call(context(() => ({}), 2)));
		expect(error.message).toBe('VMEG could not translate item 1: Unsupported characters');
		expect(error.context.itemIndex).toBe(1);
		const [out] = await translate.call(context(() => ({}), 2, true));
		expect(out).toEqual([
			{ json: { taskId: '4242', lineIndex: 0, sourceText: 'Sentence 0', text: 'Hola' }, pairedItem: { item: 0 } },
			{ json: { taskId: '4242', lineIndex: 1, sourceText: 'Sentence 1', text: null, errorMessage: 'Unsupported characters' }, pairedItem: { item: 1 } },
		]);
	});

	test('an API error fails the node; with Continue On Fail it marks the items of that request', async () => {
		await fetch(`${emu.url}/_emulator/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ rules: [{ api: 'vmeg', path: '/openapi/v1/task/translate/create', kind: 'status', status: 402, times: 2 }] }),
		});
		await expect(translate.call(context(() => ({}), 2))).rejects.toThrow(/VMEG/);
		const [out] = await translate.call(context(() => ({}), 2, true));
		expect(out.map((o) => [o.pairedItem, typeof o.json.error])).toEqual([
			[{ item: 0 }, 'string'],
			[{ item: 1 }, 'string'],
		]);
	});
});

describe('VMEG Text Translation > Create Async Task', () => {
	test("Don't Wait outputs each item's task and line", async () => {
		const [out] = await createAsync.call(context(() => ({}), 3));
		const [task] = translateTasks();
		expect(task.mode).toBe('async');
		expect(out.map((o) => [o.json.taskId, o.json.status, o.json.lineIndex])).toEqual([
			[task.taskId, 'accepted', 0],
			[task.taskId, 'accepted', 1],
			[task.taskId, 'accepted', 2],
		]);
	});

	test('Poll returns the translated text per item, across batches', async () => {
		const [out] = await createAsync.call(context(() => ({ waitMode: 'poll', waitTimeLimit: 1 }), 55));
		expect(translateRequests('/task/translate/create-async')).toHaveLength(2);
		const [first, second] = translateTasks();
		expect(out).toHaveLength(55);
		out.forEach((item, i) => {
			expect((item.pairedItem as IPairedItemData).item).toBe(i);
			expect(item.json).toMatchObject({ taskId: (i < 50 ? first : second).taskId, status: 'finished', lineIndex: i % 50, text: `[es-ES] Sentence ${i}` });
			expect(item.binary).toBeUndefined();
		});
	});

	const failNextTranslation = async () =>
		await fetch(`${emu.url}/_emulator/fail-next`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ api: 'vmeg', taskType: 'textTranslation', message: 'Translation engine down' }),
		});

	test("Poll fails the node with VMEG's own reason when the job failed", async () => {
		await failNextTranslation();
		const error = await refusal(createAsync.call(context(() => ({ waitMode: 'poll', waitTimeLimit: 1 }), 2)));
		const [task] = translateTasks();
		expect(task.status).toBe('failed');
		expect(error.message).toBe(`VMEG job ${task.taskId} failed for item 0 (line 1 of the job): Translation engine down`);
		expect(error.context.itemIndex).toBe(0);
	});

	test('Poll under Continue On Fail makes every item of the failed job an error item with the reason', async () => {
		await failNextTranslation();
		const [out] = await createAsync.call(context(() => ({ waitMode: 'poll', waitTimeLimit: 1 }), 2, true));
		const [task] = translateTasks();
		expect(out.map((o) => [o.json.error, o.pairedItem])).toEqual([
			[`VMEG job ${task.taskId} failed for item 0 (line 1 of the job): Translation engine down`, { item: 0 }],
			[`VMEG job ${task.taskId} failed for item 1 (line 2 of the job): Translation engine down`, { item: 1 }],
		]);
	});
});

describe('VMEG node registration', () => {
	test('Text Translation and Voice Clone are resources with their operations wired', () => {
		const node = new Vmeg();
		const resource = node.description.properties.find((p) => p.name === 'resource')!;
		const values = (resource.options as Array<{ value: string }>).map((o) => o.value);
		expect(values).toEqual(expect.arrayContaining(['textTranslation', 'voiceClone']));
		const names = (resource.options as Array<{ name: string }>).map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(Object.keys(node.customOperations.textTranslation).sort()).toEqual(['createAsync', 'translate']);
		expect(Object.keys(node.customOperations.voiceClone).sort()).toEqual(['create', 'createAsync']);
	});
});
