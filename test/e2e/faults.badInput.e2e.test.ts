/**
 * Bad input in real n8n: each case runs a workflow whose item 0 is good and item 1 is bad. The
 * node must fail with a clear error naming item 1 and a hint, before any paid request: the
 * emulator counts 0 paid requests for every failing run.
 */
import { makeWav } from '../emulator';
import { getContext } from './context';
import type { Bench, Json } from './faultKit';
import { bench, emulatorState, executionError, packageNode, paidRequests } from './faultKit';

const ctx = getContext();

interface Case {
	name: string;
	good?: Json;
	bad: Json;
	message: RegExp;
	hint: RegExp;
}

const wav = (seconds: number) => makeWav(seconds, 8_000).toString('base64');

const vmegTts = packageNode('vmeg', {
	resource: 'textToSpeech',
	operation: 'generate',
	text: '={{ $json.text }}',
	voiceSource: '={{ $json.voiceSource ?? "voice" }}',
	voiceId: { __rl: true, mode: 'id', value: '={{ $json.voiceId ?? "sv_en_us_jenny" }}' },
	timbreRefAudio: '={{ $json.refAudio ?? "" }}',
	targetLanguage: '={{ $json.target ?? "en-US" }}',
	outputFormat: '={{ $json.format ?? "mp3" }}',
	downloadAudio: false,
	options: { emoWeight: '={{ $json.emoWeight ?? 0.5 }}', duration: '={{ $json.duration ?? 2 }}', emoRefAudio: '={{ $json.emoRefAudio ?? "" }}' },
});
const vmegTranslate = packageNode('vmeg', {
	resource: 'textTranslation',
	operation: 'translate',
	text: '={{ $json.text }}',
	sourceLanguage: '={{ $json.source ?? "en-US" }}',
	targetLanguage: '={{ $json.target ?? "es-ES" }}',
	segmentDetails: { gender: '={{ $json.gender ?? "" }}', start: '={{ $json.start ?? 0 }}', end: '={{ $json.end ?? 1 }}' },
	translationOptions: { contextWindow: '={{ $json.window ?? 3 }}' },
});
const vmegClone = packageNode('vmeg', {
	resource: 'voiceClone',
	operation: 'create',
	cloneVoiceName: '={{ $json.name }}',
	refAudio: '={{ $json.refAudio ?? "https://example.com/voice.wav" }}',
	cloneEngine: '={{ $json.engine ?? "V1" }}',
	sampleLanguage: '={{ $json.language ?? "en-US" }}',
});
const vmegUpload = packageNode('vmeg', { resource: 'material', operation: 'upload', binaryPropertyName: '={{ $("Items").item.json.field ?? "data" }}', options: {} });
const vimmerseTts = packageNode('vimmerseAudio', {
	resource: 'audio',
	operation: 'textToSpeech',
	prompt: '={{ $json.text }}',
	voice: { __rl: true, mode: 'id', value: '={{ $json.voice ?? "AutoV" }}' },
	options: {},
	downloadAudio: false,
});
const vimmerseSfx = packageNode('vimmerseAudio', {
	resource: 'audio',
	operation: 'soundEffect',
	prompt: '={{ $json.text }}',
	duration: '={{ $json.duration ?? 5 }}',
	downloadAudio: false,
});
const vimmerseMusic = packageNode('vimmerseAudio', { resource: 'audio', operation: 'music', prompt: '={{ $json.text }}', downloadAudio: false });
const vimmerseUpload = packageNode('vimmerseAudio', { resource: 'audio', operation: 'upload', binaryPropertyName: '={{ $("Items").item.json.field ?? "data" }}' });
const voiceTts = packageNode('voiceApi', {
	resource: 'textToSpeech',
	operation: 'create',
	text: '={{ $json.text }}',
	speakerModels: { speakers: [{ model: { __rl: true, mode: 'id', value: '={{ $json.model ?? $json.defaultModel }}' } }] },
	waitForCompletion: false,
	options: { speed: '={{ $json.speed ?? 1 }}', maxCharacters: '={{ $json.limit ?? 10000 }}' },
});
const voiceStt = packageNode('voiceApi', { resource: 'speechToText', operation: 'create', binaryPropertyName: '={{ $("Items").item.json.field ?? "data" }}', waitForCompletion: false, options: {} });
const voiceClone = packageNode('voiceApi', {
	resource: 'voiceClone',
	operation: 'create',
	binaryPropertyName: 'data',
	title: '={{ $("Items").item.json.title }}',
	waitForCompletion: false,
	options: {},
});

const good = { text: 'Hello there.' };
// Nodes after the Files node read the item's fields from the Items node (Convert to File keeps only the file).
const fileItem = (extra: Json = {}) => ({ file: wav(12), fileName: 'clip.wav', mimeType: 'audio/wav', ...extra });

const SUITES: Array<{ node: string; setup: typeof vmegTts; files?: boolean; good: Json; cases: Case[] }> = [
	{
		node: 'VMEG Text to Speech',
		setup: vmegTts,
		good,
		cases: [
			{ name: 'empty text', bad: { text: '' }, message: /^Text is empty$/, hint: /Enter the Text/ },
			{ name: 'text from an object', bad: { text: { line: 'Hi' } }, message: /^Text must be text, but its expression gave an object$/, hint: /JSON\.stringify/ },
			{ name: 'text from an array', bad: { text: ['a', 'b'] }, message: /^Text must be text, but its expression gave an array \(2 elements\)$/, hint: /join/ },
			{ name: 'text from a boolean', bad: { text: true }, message: /^Text must be text, but its expression gave a boolean \(true\)$/, hint: /Map a text field/ },
			{ name: 'text over 5,000 characters', bad: { text: 'x'.repeat(5001) }, message: /^Text is 5001 characters, more than the 5000 allowed$/, hint: /Shorten/ },
			{ name: 'unknown clone beside a system voice', bad: { text: 'Hi', voiceId: 'cv_doesnotexist' }, message: /^Voice cv_doesnotexist not found$/, hint: /cloned voice/ },
			{ name: 'unknown system voice beside another', bad: { text: 'Hi', voiceId: 'sv_xx_nobody' }, message: /^Voice sv_xx_nobody not found$/, hint: /system voice/ },
			{ name: 'mis-cased language', bad: { text: 'Hi', target: 'es-es' }, message: /^Target Language "es-es" is not a language VMEG supports/, hint: /Did you mean es-ES\?/ },
			{ name: 'language from an object', bad: { text: 'Hi', target: { code: 'es-ES' } }, message: /^Target Language must be text, but its expression gave an object$/, hint: /Map a text field/ },
			{ name: 'unsupported output format', bad: { text: 'Hi', format: 'ogg' }, message: /^Output Format "ogg" is not supported$/, hint: /Pick one of: wav, mp3, m4a/ },
			{ name: 'emotion weight out of range', bad: { text: 'Hi', emoWeight: 2 }, message: /^Emotion Weight must be between 0 and 1 \(got 2\)$/, hint: /number from 0 to 1/ },
			{ name: 'emotion weight from an array', bad: { text: 'Hi', emoWeight: [0.5] }, message: /^Emotion Weight must be a number, but its expression gave an array/, hint: /number from 0 to 1/ },
			{ name: 'target duration 0', bad: { text: 'Hi', duration: 0 }, message: /^Target Duration must be between 0\.1 and 3600 \(got 0\)$/, hint: /number from 0\.1/ },
			{ name: 'emotion reference over http', bad: { text: 'Hi', emoRefAudio: 'http://example.com/a.wav' }, message: /^Emotion Reference Audio URL must be an HTTPS URL/, hint: /https:\/\// },
			{ name: 'reference audio that is not a URL', bad: { text: 'Hi', voiceSource: 'timbreRefAudio', refAudio: 'my voice.wav' }, message: /^Reference Audio URL must be an HTTPS URL/, hint: /https:\/\// },
		],
	},
	{
		node: 'VMEG Text Translation',
		setup: vmegTranslate,
		good,
		cases: [
			{ name: 'empty text', bad: { text: '  ' }, message: /^Text is empty$/, hint: /Enter the Text/ },
			{ name: 'same source and target', bad: { text: 'Hi', target: 'en-US' }, message: /^Source and Target Language are both en-US$/, hint: /different/ },
			{ name: 'unknown source language', bad: { text: 'Hi', source: 'xx-XX' }, message: /^Source Language "xx-XX" is not a language VMEG supports/, hint: /Pick a language/ },
			{ name: 'start after end', bad: { text: 'Hi', start: 5, end: 2 }, message: /^Start \(5 s\) is after End \(2 s\)$/, hint: /before or equal/ },
			{ name: 'unknown gender', bad: { text: 'Hi', gender: 'other' }, message: /^Gender "other" is not supported$/, hint: /female, male/ },
			{ name: 'context window 50', bad: { text: 'Hi', window: 50 }, message: /^Context Window must be between 1 and 20 \(got 50\)$/, hint: /1 to 20/ },
		],
	},
	{
		node: 'VMEG Voice Clone',
		setup: vmegClone,
		good: { name: 'Narrator' },
		cases: [
			{ name: 'empty voice name', bad: { name: '' }, message: /^Voice Name is empty$/, hint: /Enter the Voice Name/ },
			{ name: 'reference audio over http', bad: { name: 'X', refAudio: 'http://example.com/v.wav' }, message: /^Reference Audio URL must be an HTTPS URL/, hint: /https:\/\// },
			{ name: 'unknown engine', bad: { name: 'X', engine: 'V9' }, message: /^Engine "V9" is not supported$/, hint: /Pick one of/ },
			{ name: 'voice name from an object', bad: { name: { first: 'A' } }, message: /^Voice Name must be text, but its expression gave an object$/, hint: /Map a text field/ },
		],
	},
	{
		node: 'VMEG Material Upload',
		setup: vmegUpload,
		files: true,
		good: fileItem(),
		cases: [
			{ name: 'missing binary field', bad: fileItem({ field: 'video' }), message: /^The input item has no binary property "video"$/, hint: /Input Binary Field/ },
			{ name: 'not an audio or video file', bad: fileItem({ fileName: 'notes.txt', mimeType: 'text/plain' }), message: /^"notes\.txt" \(text\/plain\) is not an audio or video file$/, hint: /File Name/ },
		],
	},
	{
		node: 'Vimmerse Text to Speech',
		setup: vimmerseTts,
		good,
		cases: [
			{ name: 'empty text', bad: { text: '' }, message: /^Text is empty$/, hint: /Enter the Text/ },
			{ name: 'text from an object', bad: { text: { a: 1 } }, message: /^Text must be text, but its expression gave an object$/, hint: /JSON\.stringify/ },
			{ name: 'text over 5,000 characters', bad: { text: 'y'.repeat(5001) }, message: /^Text is 5001 characters, more than the 5000 allowed$/, hint: /Shorten/ },
			{ name: 'voice from an array', bad: { text: 'Hi', voice: ['Rachel'] }, message: /^Voice must be text, but its expression gave an array/, hint: /Map a text field/ },
		],
	},
	{
		node: 'Vimmerse Sound Effect and Music',
		setup: vimmerseSfx,
		good,
		cases: [
			{ name: 'duration 31', bad: { text: 'Rain', duration: 31 }, message: /^Duration must be between 1 and 30 \(got 31\)$/, hint: /1 to 30/ },
			{ name: 'duration 2.5', bad: { text: 'Rain', duration: 2.5 }, message: /^Duration must be a whole number of seconds \(got 2\.5\)$/, hint: /1, 2, … 30/ },
			{ name: 'duration from an object', bad: { text: 'Rain', duration: { s: 3 } }, message: /^Duration must be a number, but its expression gave an object$/, hint: /1 to 30/ },
			{ name: 'empty prompt', bad: { text: '' }, message: /^Prompt is empty$/, hint: /Enter the Prompt/ },
		],
	},
	{
		node: 'Vimmerse Music',
		setup: vimmerseMusic,
		good,
		cases: [{ name: 'prompt from a number array', bad: { text: [1, 2] }, message: /^Prompt must be text, but its expression gave an array/, hint: /join/ }],
	},
	{
		node: 'Vimmerse Upload',
		setup: vimmerseUpload,
		files: true,
		good: fileItem(),
		cases: [{ name: 'missing binary field', bad: fileItem({ field: 'audio' }), message: /^The input item has no binary property "audio"$/, hint: /Input Binary Field/ }],
	},
	{
		node: 'Voice API Text to Speech',
		setup: voiceTts,
		good,
		cases: [
			{ name: 'empty text', bad: { text: '' }, message: /^Text is empty$/, hint: /Enter the Text/ },
			{ name: 'speaker marker without a model', bad: { text: '<|speaker:1|>Hi' }, message: /^The text uses <\|speaker:1\|> but only 1 speaker model\(s\) are set/, hint: /Add a Speaker Model/ },
			{ name: 'speed 3', bad: { text: 'Hi', speed: 3 }, message: /^Speed must be between 0\.5 and 2 \(got 3\)$/, hint: /0\.5 to 2/ },
			{ name: 'Text Limit -1', bad: { text: 'Hi', limit: -1 }, message: /^Text Limit must be between 1 and 1000000 \(got -1\)$/, hint: /Set Text Limit/ },
			{ name: 'text over the Text Limit', bad: { text: 'Hello world', limit: 5 }, message: /^Text is 11 characters, more than the 5 allowed$/, hint: /Shorten/ },
			{ name: 'unknown model', bad: { text: 'Hi', model: 'no-such-model' }, message: /^Voice model no-such-model not found$/, hint: /Model > List/ },
			{ name: 'model ID from an object', bad: { text: 'Hi', model: { id: 'x' } }, message: /^Speaker model 0 must be text, but its expression gave an object$/, hint: /Map a text field/ },
		],
	},
	{
		node: 'Voice API Speech to Text',
		setup: voiceStt,
		files: true,
		good: fileItem(),
		cases: [{ name: 'missing binary field', bad: fileItem({ field: 'recording' }), message: /^The input item has no binary property "recording"$/, hint: /Input Binary Field/ }],
	},
	{
		node: 'Voice API Voice Clone',
		setup: voiceClone,
		files: true,
		good: fileItem({ title: 'Narrator' }),
		cases: [
			{ name: 'clip of 5 s', bad: { file: wav(5), title: 'Short' }, message: /^The reference audio is 5\.0 s long; voice cloning needs 10 to 90 s$/, hint: /at least 10 seconds/ },
			{ name: 'clip of 95 s', bad: { file: wav(95), title: 'Long' }, message: /^The reference audio is 95\.0 s long; voice cloning needs 10 to 90 s$/, hint: /at most 90 seconds/ },
			{ name: 'empty title', bad: fileItem({ title: '' }), message: /^Title is empty$/, hint: /Enter the Title/ },
		],
	},
];

const caseCount = SUITES.reduce((n, s) => n + s.cases.length, 0);

describe(`bad input in a real n8n ${ctx.version}: ${caseCount} cases, each failing before any paid request`, () => {
	test('there are at least 40 cases across the nodes', () => {
		expect(caseCount).toBeGreaterThanOrEqual(40);
	});

	for (const suite of SUITES) {
		describe(suite.node, () => {
			let run: Bench;
			let defaultModel = '';
			beforeAll(async () => {
				run = await bench(suite.setup, { files: suite.files });
				defaultModel = ((await emulatorState()).voice.models as Json[])[0].id;
			});
			for (const c of suite.cases) {
				test(`${c.name}: item 1 fails with its fix, 0 paid requests`, async () => {
					await ctx.emulator('POST', '/reset');
					const execution = await run.run([suite.good, c.bad].map((item) => ({ defaultModel, ...item })));
					expect(execution.status).toBe('error');
					const error = executionError(execution);
					expect(error.message).toMatch(c.message);
					expect(error.description).toMatch(c.hint);
					expect(error.itemIndex).toBe(1);
					expect(paidRequests(await emulatorState())).toEqual([]);
				});
			}
		});
	}
});
