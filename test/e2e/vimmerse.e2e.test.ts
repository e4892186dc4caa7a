
import { getContext } from './context';
import type { WfNode } from './workflows';
import { base64ToFile, deploy, lastExecution, runData, webhookChain } from './workflows';
import { makeWav } from '../emulator';

const ctx = getContext();
const vimmerse = (name: string, parameters: Record<string, unknown>, extra: Partial<WfNode> = {}): WfNode => ({
	name,
	type: 'n8n-nodes-ai-voice.vimmerseAudio',
	typeVersion: 1,
	parameters: { resource: 'audio', ...parameters },
	credentials: ctx.credentialRef('vimmerseApi'),
	...extra,
});

beforeEach(async () => {
	await ctx.emulator('POST', '/reset');
});

describe('Vimmerse Audio in n8n', () => {
	test('text to speech, sound effect and music in one workflow: three audio binaries', async () => {
		const path = `vim-gen-${Date.now()}`;
		const id = await deploy(
			webhookChain('Vimmerse generate', path, [
				vimmerse('Speech', { operation: 'textToSpeech', prompt: 'Meet the new kettle.', voice: { __rl: true, mode: 'list', value: 'Rachel' }, options: {} }),
				vimmerse('Effect', { operation: 'soundEffect', prompt: 'Kettle whistle', duration: 3 }),
				vimmerse('Jingle', { operation: 'music', prompt: 'Cheerful kitchen jingle' }),
			]),
			path,
		);
		const res = await ctx.webhook(path, {});
		expect(res.status).toBe(200);
		const execution = await lastExecution(id);
		expect(execution.status).toBe('success');
		const speech = runData(execution, 'Speech')[0];
		const effect = runData(execution, 'Effect')[0];
		const jingle = runData(execution, 'Jingle')[0];
		expect(speech.binary.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${speech.json.id}.mp3`, fileExtension: 'mp3' });
		expect(effect.binary.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${effect.json.id}.mp3` });
		expect(jingle.binary.data).toMatchObject({ mimeType: 'audio/wav', fileName: `${jingle.json.id}.wav` });
		expect(speech.json).toMatchObject({ app_name: 'text-to-speech', args: { voice: 'Rachel' } });
	});

	test('upload of a binary', async () => {
		const path = `vim-upload-${Date.now()}`;
		await deploy(webhookChain('Vimmerse upload', path, [base64ToFile('voiceover.wav', 'audio/wav'), vimmerse('Upload', { operation: 'upload', binaryPropertyName: 'data' })]), path);
		const wav = makeWav(2);
		const res = await ctx.webhook(path, { audio: wav.toString('base64') });
		expect(res.status).toBe(200);
		expect(res.body[0]).toMatchObject({ app_name: 'upload-audio', args: { audio_file: 'voiceover.wav' } });
		const state = await ctx.emulator('GET', '/state');
		expect(state.requests.find((r: { path: string }) => r.path === '/v2/audio')).toMatchObject({ size: wav.length });
	});

	test('402 after the credit runs out: clear error, other items still succeed with Continue On Fail', async () => {
		await ctx.emulator('POST', '/config', { vimmerseCredits: 16 });
		const path = `vim-402-${Date.now()}`;
		const id = await deploy(
			webhookChain('Vimmerse credit', path, [
				{ name: 'Three', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.lines', options: {} } },
				vimmerse('Speech', { operation: 'textToSpeech', prompt: 'A short line.', downloadAudio: false }, { onError: 'continueRegularOutput' }),
			]),
			path,
		);
		const res = await ctx.webhook(path, { lines: ['a', 'b', 'c'] });
		expect(res.status).toBe(200);
		const items = runData(await lastExecution(id), 'Speech');
		expect(items).toHaveLength(3);
		const errors = items.filter((i: { json: { error?: string } }) => i.json.error);
		expect(errors).toHaveLength(1);
		expect(errors[0].json.error).toMatch(/Insufficient Vimmerse credit.*Estimate Credits/);
		expect(items.filter((i: { json: { id?: string } }) => i.json.id)).toHaveLength(2);
	});
});
