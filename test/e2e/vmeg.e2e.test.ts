/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, not part of the published package */
import { getContext } from './context';
import { deploy, deployVmegTrigger, manualChain, runData, startedByWebhook } from './workflows';

type Json = Record<string, unknown>;

const ctx = getContext();
const VMEG = 'n8n-nodes-ai-voice.vmeg';

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
		const trigger = await deployVmegTrigger();
		const waitingId = await deploy(
			startedByWebhook('VMEG TTS resume', 'tts-resume-start', [
				{
					name: 'VMEG',
					type: VMEG,
					typeVersion: 1,
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
			]),
			'tts-resume-start',
		);

		const started = await ctx.webhook('tts-resume-start', { text: 'Hello from a waiting workflow.' });
		expect(started.status).toBe(200);
		const waiting = await ctx.waitForExecution((e) => String(e.workflowId) === waitingId, { status: 'waiting', timeoutMs: 30_000 });
		const done = await ctx.waitForExecution(waiting.id, { status: 'success', timeoutMs: 60_000 });
		const full = await ctx.getExecution(done.id);
		const [item] = runData(full, 'VMEG');
		expect(item.json).toMatchObject({ status: 'finished', lineIndex: 0 });
		expect(typeof item.json.taskId).toBe('string');
		expect(item.binary?.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${String(item.json.taskId)}-1.mp3` });

		const state = (await ctx.emulator('GET', '/state')) as any;
		expect(state.vmeg.tasks.filter((t: Json) => t.taskType === 'tts')).toHaveLength(1);
		// The trigger workflow ran once for the callback and forwarded it to the waiting execution.
		const triggerRuns = await ctx.listExecutions({ workflowId: trigger.id });
		expect(triggerRuns.length).toBeGreaterThanOrEqual(1);
	});
});
