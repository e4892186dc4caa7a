/**
 * First contact, in a real browser: the n8n editor (headless Chromium) of the n8n this run
 * started, signed in as its owner. A user must find the nodes by the words they would type, open
 * each node without an error, see its icon in light and dark theme, pick a VMEG voice from the
 * list and see each credential's test pass. Screenshots of every view go to
 * `.e2e/screenshots/<n8n version>/` (ignored by git) for a person to look at.
 */
import { getContext } from './context';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS helpers (the browser runs in a child process)
const { startBrowser, screenshotDir, chromiumMissing, report } = require('./browser/client');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OWNER } = require('./harness/instance');

type Listed = { name: string; kind: string; type: string; icon: string };
/* eslint-disable @typescript-eslint/no-explicit-any -- results of the browser driver are plain JSON */
type Kit = Record<string, (...args: any[]) => Promise<any>> & { stop(): Promise<void> };

const ctx = getContext();
const PKG = 'n8n-nodes-ai-voice';
const T = {
	vmeg: `${PKG}.vmeg`,
	trigger: `${PKG}.vmegTrigger`,
	vimmerse: `${PKG}.vimmerseAudio`,
	voice: `${PKG}.voiceApi`,
};
const SHOTS: string = screenshotDir(ctx.version);

/** What a user types, and the nodes it must list. */
const SEARCHES: Array<[string, string[]]> = [
	['VMEG', [T.vmeg]],
	['Vimmerse', [T.vimmerse]],
	['Voice API', [T.voice]],
	['text to speech', [T.vmeg, T.voice, T.vimmerse]],
	['dubbing', [T.vmeg]],
	['speech to text', [T.voice]],
];

let editorKit: Kit;
let workflowId: string;
let emptyWorkflowId: string;
let nextWorkflowId: string;
const editors: number[] = [];

/** A fresh signed-in tab; `errors()` are the uncaught page errors it has seen. */
async function editor(theme: 'light' | 'dark' = 'light') {
	const id: number = await editorKit.openEditor({ baseUrl: ctx.baseUrl, email: OWNER.email, password: OWNER.password, theme });
	editors.push(id);
	return id;
}

beforeAll(async () => {
	const missing: string | null = chromiumMissing();
	if (missing) throw new Error(missing);
	editorKit = await startBrowser();
	const start = { id: 'n-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	workflowId = await ctx.importWorkflow({
		name: 'Editor check',
		settings: { executionOrder: 'v1' },
		nodes: [
			start,
			{ id: 'n-vmeg', name: 'VMEG', type: T.vmeg, typeVersion: 1, position: [260, -160], parameters: {}, credentials: ctx.credentialRef('vmegApi') },
			{ id: 'n-vimmerse', name: 'Vimmerse Audio', type: T.vimmerse, typeVersion: 1, position: [260, 0], parameters: {}, credentials: ctx.credentialRef('vimmerseApi') },
			{ id: 'n-voice', name: 'Voice API', type: T.voice, typeVersion: 1, position: [260, 160], parameters: {}, credentials: ctx.credentialRef('voiceApi') },
			{
				id: 'n-trigger',
				name: 'VMEG Trigger',
				type: T.trigger,
				typeVersion: 1,
				position: [0, 320],
				webhookId: 'e2e-editor-vmeg-trigger',
				parameters: { events: ['openapi-tts', 'openapi-media-translation'] },
				credentials: ctx.credentialRef('vmegApi'),
			},
		],
		connections: {
			Start: {
				main: [
					[
						{ node: 'VMEG', type: 'main', index: 0 },
						{ node: 'Vimmerse Audio', type: 'main', index: 0 },
						{ node: 'Voice API', type: 'main', index: 0 },
					],
				],
			},
		},
	});
	emptyWorkflowId = await ctx.importWorkflow({ name: 'Empty', nodes: [], connections: {}, settings: { executionOrder: 'v1' } });
	// A one-node workflow: its "+" opens "What happens next?".
	nextWorkflowId = await ctx.importWorkflow({ name: 'Next step', nodes: [start], connections: {}, settings: { executionOrder: 'v1' } });
}, 120000);

afterAll(async () => {
	for (const e of editors) await editorKit.closeEditor(e).catch(() => undefined);
	await editorKit?.stop();
});

function typesOf(items: Listed[]) {
	return items.map((i) => i.type);
}

describe.each([
	['trigger panel', 'What triggers this workflow?', () => emptyWorkflowId],
	['next-step panel', 'What happens next?', () => nextWorkflowId],
])('nodes panel search: %s', (label, title, workflow) => {
	test(`finds every node by what a user types (${SEARCHES.map(([t]) => `"${t}"`).join(', ')})`, async () => {
		const e = await editor();
		await editorKit.gotoWorkflow(e, workflow());
		expect(await editorKit.openNodesPanel(e)).toBe(title);
		const seen: Record<string, string[]> = {};
		for (const [term, expected] of SEARCHES) {
			const items: Listed[] = await editorKit.searchNodes(e, term);
			seen[term] = items.map((i) => `${i.name} <${i.type}>`);
			await editorKit.screenshot(e, SHOTS, `search-${label.split(' ')[0]}-${term.replace(/\W+/g, '-').toLowerCase()}`);
			expect({ term, listed: typesOf(items) }).toEqual({ term, listed: expect.arrayContaining(expected) });
			// The README's picture of the search (docs/images/search-text-to-speech.png comes from here).
			if (term === 'text to speech' && label === 'next-step panel') {
				await editorKit.screenshotElement(e, SHOTS, 'docs-search-text-to-speech', '[data-test-id="node-creator"]');
			}
		}
		report(`[editor ${ctx.version}] ${label}:\n${Object.entries(seen).map(([t, l]) => `  "${t}" -> ${l.join(', ')}`).join('\n')}`);

		// "VMEG" opens the VMEG app: its trigger events (VMEG Trigger) and its actions (VMEG).
		await editorKit.searchNodes(e, 'VMEG');
		const view = await editorKit.openListed(e, 'VMEG');
		await editorKit.screenshot(e, SHOTS, `search-${label.split(' ')[0]}-vmeg-opened`);
		const triggerEntries = view.items.filter((i: Listed) => i.type === T.trigger).map((i: Listed) => i.name);
		const actionEntries = view.items.filter((i: Listed) => i.type === T.vmeg).map((i: Listed) => i.name);
		if (label === 'trigger panel') {
			expect(triggerEntries).toEqual(expect.arrayContaining(['On text to speech', 'On media translation']));
		} else {
			expect(view.categories.join(' ')).toMatch(/Actions \(\d+\)/);
			expect(actionEntries.length + triggerEntries.length).toBeGreaterThan(0);
		}
		expect(view.categories.join(' ')).toMatch(/Triggers \(4\)/);
		expect(await editorKit.errors(e)).toEqual([]);
	});
});

describe.each([['light'], ['dark']] as Array<['light' | 'dark']>)('canvas and node panels (%s theme)', (theme) => {
	test('subtitles read as words, icons render, each node panel opens on its default operation without an error', async () => {
		const e = await editor(theme);
		await editorKit.gotoWorkflow(e, workflowId);
		const nodes = await editorKit.canvasNodes(e);
		await editorKit.screenshot(e, SHOTS, `canvas-${theme}`);
		const byName = Object.fromEntries(nodes.map((n: { name: string }) => [n.name, n]));
		expect(byName['VMEG'].subtitle).toBe('Generate: Text to Speech');
		expect(byName['Voice API'].subtitle).toBe('Create: Text to Speech');
		expect(byName['Vimmerse Audio'].subtitle).toBe('Text to Speech');
		expect(byName['VMEG Trigger'].subtitle).toBe('Events: Text to Speech, Media Translation');
		for (const name of ['VMEG', 'Voice API', 'Vimmerse Audio', 'VMEG Trigger']) {
			const icon = byName[name].icon;
			expect({ name, ok: icon?.ok }).toEqual({ name, ok: true });
			// Each theme shows its own variant of the icon.
			expect({ name, dark: /\.dark\.svg$/.test(icon.src) }).toEqual({ name, dark: theme === 'dark' });
		}

		const panels: Array<[string, string, string | null, string | null]> = [
			['n-vmeg', 'VMEG', 'Text to Speech', 'Generate'],
			['n-voice', 'Voice API', 'Text to Speech', 'Create'],
			['n-vimmerse', 'Vimmerse Audio', 'Audio', 'Text to Speech'],
			['n-trigger', 'VMEG Trigger', null, null],
		];
		for (const [id, name, resource, operation] of panels) {
			const panel = await editorKit.openNodePanel(e, workflowId, id);
			await editorKit.screenshot(e, SHOTS, `panel-${name.replace(/\W+/g, '-').toLowerCase()}-${theme}`);
			// The README's picture of a node panel (docs/images/panel-vmeg.png).
			if (id === 'n-vmeg' && theme === 'light') await editorKit.screenshotElement(e, SHOTS, 'docs-panel-vmeg', '[data-test-id="node-parameters"]');
			expect({ name, resource: panel.resource, operation: panel.operation }).toEqual({ name, resource, operation });
			expect(panel.parameterCount).toBeGreaterThan(2);
			expect({ name, iconOk: panel.icon?.ok, dark: /\.dark\.svg$/.test(panel.icon?.src ?? '') }).toEqual({ name, iconOk: true, dark: theme === 'dark' });
			expect(panel.text).not.toMatch(/problem loading|could not load|error loading|Cannot read prop/i);
		}
		expect(await editorKit.errors(e)).toEqual([]);
	});
});

describe('node panel controls that call the API', () => {
	test('the VMEG voice picker (From List) fills from the API, each voice with its engine tier', async () => {
		const e = await editor();
		await editorKit.openNodePanel(e, workflowId, 'n-vmeg');
		const voices: string[] = await editorKit.openResourceList(e, 'voiceId');
		await editorKit.screenshot(e, SHOTS, 'panel-vmeg-voice-picker');
		expect(voices.length).toBeGreaterThan(5);
		// Target Language defaults to en-US: its voices come first.
		expect(voices[0]).toMatch(/ · en-US, (female|male) · S\d$/);
		expect(voices).toContain('Jenny · en-US, female · S1');
		const picks = (await ctx.emulator('GET', '/state')) as { requests?: Array<{ api: string; path: string }> };
		const asked = (picks.requests ?? []).filter((r) => r.api === 'vmeg' && r.path.endsWith('/assets/voice/basic/list'));
		expect(asked.length).toBeGreaterThan(0);
		expect(await editorKit.errors(e)).toEqual([]);
	});

	test.each([
		['n-vmeg', 'VMEG'],
		['n-vimmerse', 'Vimmerse'],
		['n-voice', 'Voice API'],
	])('the %s credential\'s test says the connection works', async (id, label) => {
		const e = await editor();
		await editorKit.openNodePanel(e, workflowId, id);
		const result = await editorKit.testNodeCredential(e);
		await editorKit.screenshot(e, SHOTS, `credential-${label.replace(/\W+/g, '-').toLowerCase()}`);
		expect({ label, ...result }).toEqual({ label, success: true, text: expect.stringMatching(/Connection tested successfully/) });
	});
});
