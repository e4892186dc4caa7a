/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, not part of the published package */
import { getContext } from './context';
import { manualChain, runData } from './workflows';

type Json = Record<string, unknown>;

const ctx = getContext();
const VMEG = 'n8n-nodes-ai-voice.vmeg';
const TRIGGER_WEBHOOK_ID = 'vmeg-dashboard-callbacks';

describe(`VMEG in a real n8n ${ctx.version}`, () => {
	beforeEach(async () => {
		await ctx.emulator('POST', '/reset');
	});

	it('lists system voices through declarative routing (CLI execute)', async () => {
		const id = await ctx.importWorkflow(
			manualChain('VMEG voices', [
				{
					name: 'VMEG',
					type: VMEG,
					typeVersion: 1,
					credentials: ctx.credentialRef('vmegApi'),
					parameters: { resource: 'voice', operation: 'listSystem', returnAll: false, limit: 7, filters: { locale: 'en-US' } },
				},
			]),
		);
		const result = await ctx.executeCli<any>(id);
		const items = runData(result, 'VMEG');
		expect(items).toHaveLength(7);
		for (const item of items) {
			expect(item.json.voiceId).toMatch(/^sv_/);
			expect(item.json.locale).toBe('en-US');
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	it('tests the VMEG credential: right key passes, wrong key fails', async () => {
		const base = { baseUrl: ctx.emulatorBaseUrls.vmeg, webhookSecret: ctx.keys.vmegWebhookSecret };
		expect((await ctx.testCredential({ type: 'vmegApi', data: { ...base, apiKey: ctx.keys.vmeg } })).status).toBe('OK');
		const wrong = await ctx.testCredential({ type: 'vmegApi', data: { ...base, apiKey: 'wrong-key' } });
		expect(wrong.status).toBe('Error');
		expect(wrong.message).not.toContain('wrong-key');
	});

	it('tests the Vimmerse and Voice API credentials with their keys', async () => {
		const vimmerse = { baseUrl: ctx.emulatorBaseUrls.vimmerse };
		expect((await ctx.testCredential({ type: 'vimmerseApi', data: { ...vimmerse, apiKey: ctx.keys.vimmerse } })).status).toBe('OK');
		expect((await ctx.testCredential({ type: 'vimmerseApi', data: { ...vimmerse, apiKey: 'nope' } })).status).toBe('Error');
		const voice = { baseUrl: ctx.emulatorBaseUrls.voice, authStyle: 'rapidApi', rapidApiHost: '' };
		expect((await ctx.testCredential({ type: 'voiceApi', data: { ...voice, apiKey: ctx.keys.voice } })).status).toBe('OK');
		expect((await ctx.testCredential({ type: 'voiceApi', data: { ...voice, apiKey: 'nope' } })).status).toBe('Error');
		expect(
			(await ctx.testCredential({ type: 'voiceApi', data: { ...voice, authStyle: 'bearer', apiKey: ctx.keys.voice } })).status,
		).toBe('OK');
	});

	it('waits for an async TTS job and resumes on the callback forwarded by the VMEG Trigger', async () => {
		const triggerId = await ctx.importWorkflow({
			name: 'VMEG callbacks',
			nodes: [
				{
					id: 'trigger',
					name: 'VMEG Trigger',
					type: 'n8n-nodes-ai-voice.vmegTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId: TRIGGER_WEBHOOK_ID,
					parameters: {},
					credentials: ctx.credentialRef('vmegApi'),
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		await ctx.activate(triggerId);
		await ctx.waitForWebhook(`${TRIGGER_WEBHOOK_ID}/webhook`);
		await ctx.emulator('POST', '/config', {
			vmegWebhookUrl: `${ctx.baseUrl}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`,
			taskDurationMs: 2_000,
		});

		const waitingId = await ctx.importWorkflow({
			name: 'VMEG TTS resume',
			nodes: [
				{ id: 'hook', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'tts-resume-start', parameters: { httpMethod: 'POST', path: 'tts-resume-start', responseMode: 'onReceived' } },
				{
					id: 'vmeg',
					name: 'VMEG',
					type: VMEG,
					typeVersion: 1,
					position: [200, 0],
					credentials: ctx.credentialRef('vmegApi'),
					parameters: {
						resource: 'textToSpeech',
						operation: 'createAsync',
						text: '={{ $json.body.text }}',
						voiceSource: 'voice',
						voiceId: { __rl: true, mode: 'id', value: 'sv_en_us_jenny' },
						targetLanguage: 'en-US',
						outputFormat: 'mp3',
						waitMode: 'webhook',
						waitTimeLimit: 10,
						downloadResults: true,
					},
				},
			],
			connections: { Webhook: { main: [[{ node: 'VMEG', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		await ctx.activate(waitingId);
		await ctx.waitForWebhook('tts-resume-start');

		const started = await ctx.webhook('tts-resume-start', { text: 'Hello from a waiting workflow.' });
		expect(started.status).toBe(200);
		const waiting = await ctx.waitForExecution((e) => String(e.workflowId) === waitingId, { status: 'waiting', timeoutMs: 30_000 });
		const done = await ctx.waitForExecution(waiting.id, { status: 'success', timeoutMs: 60_000 });
		const full = await ctx.getExecution(done.id);
		const [item] = runData(full, 'VMEG');
		expect(item.json).toMatchObject({ status: 'finished', lineIndex: 0 });
		expect(typeof item.json.taskId).toBe('string');
		expect(item.binary?.audio).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${String(item.json.taskId)}-1.mp3` });

		const state = (await ctx.emulator('GET', '/state')) as any;
		expect(state.vmeg.tasks.filter((t: Json) => t.taskType === 'tts')).toHaveLength(1);
		// The trigger workflow ran once for the callback and forwarded it to the waiting execution.
		const triggerRuns = await ctx.listExecutions({ workflowId: triggerId });
		expect(triggerRuns.length).toBeGreaterThanOrEqual(1);
	});
});
