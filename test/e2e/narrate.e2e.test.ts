/* eslint-disable @typescript-eslint/no-explicit-any -- execution data from n8n's API is untyped */
import { getContext } from './context';
import { base64ToFile, deploy, deployVmegTrigger, lastExecution, readFile, runData, startedByWebhook, webhookChain } from './workflows';
import type { WfNode } from './workflows';
import { makeWav, media } from '../emulator';
import { fileHead, probeAudio, probeSubtitles } from '../support/ffprobe';

const ctx = getContext();
const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const sentence = (p: number, s: number) => `Paragraph ${p} sentence ${s} tells a small part of the story.`;
const article = (paragraphs: number, sentences: number) =>
	Array.from({ length: paragraphs }, (_, p) => Array.from({ length: sentences }, (_, s) => sentence(p + 1, s + 1)).join(' ')).join('\n\n');

/** Read/Write Files from Disk: writes binary `field` to `file` (inside n8n's allowed folder). */
const writeFile = (name: string, file: string, field: string): WfNode => ({
	name,
	type: 'n8n-nodes-base.readWriteFile',
	typeVersion: 1,
	parameters: { operation: 'write', fileName: file, dataPropertyName: field, options: {} },
});

const ttsJobs = async (api: 'vmeg' | 'voice') => {
	const state = (await ctx.emulator('GET', '/state')) as any;
	return (api === 'vmeg' ? state.vmeg.tasks : state.voice.tasks).filter((t: any) => t.taskType === 'tts');
};

const within1Percent = (actual: number, expected: number) => expect(Math.abs(actual - expected) / expected).toBeLessThan(0.01);

describe(`Narrate in a real n8n ${ctx.version}`, () => {
	beforeEach(async () => {
		await ctx.emulator('POST', '/reset');
	});

	test('VMEG: a long text becomes one MP3 and an SRT on disk; ffprobe agrees with the pieces plus pauses', async () => {
		const stamp = Date.now();
		const audioPath = `${ctx.inputFilesDir}/vmeg-narration-${stamp}.mp3`;
		const srtPath = `${ctx.inputFilesDir}/vmeg-narration-${stamp}.srt`;
		const path = `narrate-vmeg-${stamp}`;
		const id = await deploy(
			webhookChain('VMEG narrate', path, [
				{
					name: 'Narrate',
					type: 'n8n-nodes-ai-voice.vmeg',
					typeVersion: 1,
					credentials: ctx.credentialRef('vmegApi'),
					parameters: {
						resource: 'textToSpeech',
						operation: 'narrate',
						text: '={{ $json.body.text }}',
						voiceSource: 'voice',
						voiceId: rl('sv_en_us_jenny'),
						targetLanguage: 'en-US',
						outputFormat: 'mp3',
						subtitles: 'srt',
						narrationOptions: { maxPieceCharacters: 200, pauseSeconds: 0.8 },
					},
				},
				writeFile('Write Audio', audioPath, 'data'),
				writeFile('Write Subtitles', srtPath, 'data_subtitles'),
			]),
			path,
		);
		const text = article(6, 20);
		expect((await ctx.webhook(path, { text })).status).toBe(200);
		const [item] = runData(await lastExecution(id), 'Narrate');
		const jobs = await ttsJobs('vmeg');
		// 6 paragraphs x 7 pieces (3 sentences of ~57 characters each, at most 200) in 1 request of 42 lines.
		expect(jobs.map((j: any) => j.request.data.length)).toEqual([42]);
		expect(item.json).toMatchObject({ pieces: 42, paragraphs: 6, format: 'mp3', characters: text.length });
		expect(item.binary.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: `narration-${jobs[0].taskId}.mp3` });
		expect(item.binary.data_subtitles).toMatchObject({ mimeType: 'application/x-subrip', fileName: `narration-${jobs[0].taskId}.srt` });

		const stated = jobs[0].result.results.reduce((n: number, r: any) => n + r.duration, 0) + 5 * 0.8;
		const probed = probeAudio(audioPath);
		expect(probed).toMatchObject({ codec: 'mp3', decodeErrors: '' });
		within1Percent(probed.duration, stated);
		within1Percent(probed.decodedSeconds, stated);
		within1Percent(item.json.durationSeconds, stated);
		expect(fileHead(audioPath, 3).toString('latin1')).not.toBe('ID3');

		const cues = probeSubtitles(srtPath);
		expect(cues.length).toBeGreaterThanOrEqual(120);
		cues.forEach((c, i) => {
			if (i) expect(c.start).toBeGreaterThanOrEqual(cues[i - 1].end - 0.002);
			expect(c.end).toBeLessThanOrEqual(probed.duration + 0.01);
		});
		expect(item.json.chapters.map((c: any) => c.paragraph)).toEqual([1, 2, 3, 4, 5, 6]);
	});

	test('Voice API: two speakers, one MP3 and a WebVTT; each call carries its speaker marker', async () => {
		const state = (await ctx.emulator('GET', '/state')) as any;
		const [a, b] = state.voice.models.filter((m: any) => m.state === 'trained').map((m: any) => m.id);
		const stamp = Date.now();
		const audioPath = `${ctx.inputFilesDir}/voice-narration-${stamp}.mp3`;
		const vttPath = `${ctx.inputFilesDir}/voice-narration-${stamp}.vtt`;
		const path = `narrate-voice-${stamp}`;
		const id = await deploy(
			webhookChain('Voice narrate', path, [
				{
					name: 'Narrate',
					type: 'n8n-nodes-ai-voice.voiceApi',
					typeVersion: 1,
					credentials: ctx.credentialRef('voiceApi'),
					parameters: {
						resource: 'textToSpeech',
						operation: 'narrate',
						text: '={{ $json.body.text }}',
						speakerModels: { speakers: [{ model: rl(a) }, { model: rl(b) }] },
						subtitles: 'vtt',
						narrationOptions: { maxPieceCharacters: 400, pauseSeconds: 1 },
					},
				},
				writeFile('Write Audio', audioPath, 'data'),
				writeFile('Write Subtitles', vttPath, 'data_subtitles'),
			]),
			path,
		);
		const turns = Array.from({ length: 4 }, (_, p) => `<|speaker:${p % 2}|>[calm] ${Array.from({ length: 12 }, (_, s) => sentence(p + 1, s + 1)).join(' ')}`);
		expect((await ctx.webhook(path, { text: turns.join('\n\n') })).status).toBe(200);
		const [item] = runData(await lastExecution(id), 'Narrate');
		const jobs = await ttsJobs('voice');
		expect(jobs.length).toBe(item.json.pieces);
		for (const job of jobs) expect(job.request.text).toMatch(/^<\|speaker:[01]\|>/);
		const probed = probeAudio(audioPath);
		expect(probed).toMatchObject({ codec: 'mp3', decodeErrors: '' });
		within1Percent(probed.decodedSeconds, item.json.durationSeconds);
		const cues = probeSubtitles(vttPath);
		expect(cues.length).toBeGreaterThanOrEqual(48);
		expect(cues[cues.length - 1].end).toBeLessThanOrEqual(probed.duration + 0.01);
	});

	test('an empty text fails the node with a clear message and pays for nothing', async () => {
		const path = `narrate-empty-${Date.now()}`;
		const id = await deploy(
			webhookChain('Narrate empty', path, [
				{
					name: 'Narrate',
					type: 'n8n-nodes-ai-voice.vmeg',
					typeVersion: 1,
					credentials: ctx.credentialRef('vmegApi'),
					parameters: { resource: 'textToSpeech', operation: 'narrate', text: '={{ $json.body.text }}', voiceSource: 'voice', voiceId: rl('sv_en_us_jenny'), targetLanguage: 'en-US', outputFormat: 'mp3' },
				},
			]),
			path,
		);
		await ctx.webhook(path, { text: '   ' });
		const execution: any = await lastExecution(id);
		expect(execution.data.resultData.error.message).toBe('The text to narrate is empty');
		expect(await ttsJobs('vmeg')).toHaveLength(0);
	});

	test('VMEG Media Translation resumed on the webhook: translated and source subtitles written to disk, read by ffmpeg', async () => {
		await deployVmegTrigger();
		const stamp = Date.now();
		const video = ctx.writeInputFile(`dub-${stamp}.mp4`, media.makeMp4(20));
		const vttPath = `${ctx.inputFilesDir}/dub-${stamp}.es.vtt`;
		const sourcePath = `${ctx.inputFilesDir}/dub-${stamp}.en.vtt`;
		const path = `dub-subtitles-${stamp}`;
		const workflowId = await deploy(
			startedByWebhook('VMEG dub with subtitles', path, [
				readFile('={{ $json.body.path }}'),
				{
					name: 'VMEG',
					type: 'n8n-nodes-ai-voice.vmeg',
					typeVersion: 1,
					credentials: ctx.credentialRef('vmegApi'),
					parameters: {
						resource: 'mediaTranslation', operation: 'create', taskType: 'vt', source: 'binary', binaryPropertyName: 'data', sourceLanguage: 'en-US',
						targetLanguage: 'es-ES', voiceCloneStyle: 'emotional', waitMode: 'webhook', waitTimeLimit: 10, downloadResults: true,
						subtitles: 'vtt', sourceSubtitles: true, options: {},
					},
				},
				writeFile('Write Subtitles', vttPath, 'data_subtitles'),
				writeFile('Write Source Subtitles', sourcePath, 'data_source_subtitles'),
			]),
			path,
		);
		expect((await ctx.webhook(path, { path: video })).status).toBe(200);
		const waiting = await ctx.waitForExecution((e) => String(e.workflowId) === workflowId, { status: 'waiting', timeoutMs: 30_000 });
		const done = await ctx.waitForExecution(waiting.id, { status: 'success', timeoutMs: 60_000 });
		const [item] = runData(await ctx.getExecution(done.id), 'VMEG');
		expect(Object.keys(item.binary).sort()).toEqual(['data', 'data_audio', 'data_source_subtitles', 'data_subtitles']);
		const script = item.json.result.translatedScripts.result;
		const cues = probeSubtitles(vttPath);
		expect(cues.map((c) => c.start)).toEqual(script.map((s: any) => s.start));
		expect(cues.map((c) => c.text.replace(/\s+/g, ' ').trim())).toEqual(script.map((s: any) => s.text));
		expect(cues[cues.length - 1].end).toBeLessThanOrEqual(item.json.result.build.video.duration + 0.01);
		expect(probeSubtitles(sourcePath).map((c) => c.text.replace(/\s+/g, ' ').trim())).toEqual(item.json.result.asrScripts.asrResults.map((s: any) => s.text));
		const jobs = ((await ctx.emulator('GET', '/state')) as any).vmeg.tasks;
		expect(jobs).toHaveLength(1);
	});

	test('Voice API Speech to Text: the segments as an SRT with speaker labels, read by ffmpeg', async () => {
		const stamp = Date.now();
		const srtPath = `${ctx.inputFilesDir}/call-${stamp}.srt`;
		const path = `stt-subtitles-${stamp}`;
		const id = await deploy(
			webhookChain('STT subtitles', path, [
				base64ToFile('call.wav', 'audio/wav'),
				{
					name: 'Transcribe',
					type: 'n8n-nodes-ai-voice.voiceApi',
					typeVersion: 1,
					credentials: ctx.credentialRef('voiceApi'),
					parameters: { resource: 'speechToText', operation: 'create', binaryPropertyName: 'data', waitForCompletion: true, options: { subtitles: 'srt', subtitleSpeakers: true } },
				},
				writeFile('Write Subtitles', srtPath, 'data_subtitles'),
			]),
			path,
		);
		expect((await ctx.webhook(path, { audio: makeWav(12).toString('base64') })).status).toBe(200);
		const [item] = runData(await lastExecution(id), 'Transcribe');
		const cues = probeSubtitles(srtPath);
		expect(cues.map((c) => c.start)).toEqual(item.json.segments.map((s: any) => s.start));
		expect(cues[0].text).toContain(`${item.json.segments[0].speaker}: `);
		expect(cues[cues.length - 1].end).toBeLessThanOrEqual(12.01);
	});
});
