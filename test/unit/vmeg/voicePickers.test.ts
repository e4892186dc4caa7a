/**
 * VMEG voice pickers (list search): truthful entries (engine tier in each), the chosen Target
 * Language's voices first, and clone-only pickers for Rename Clone / Delete Clone.
 */
import type { INodeListSearchResult } from 'n8n-workflow';

import { Vmeg } from '../../../nodes/Vmeg/Vmeg.node';
import { execute as createClone } from '../../../nodes/Vmeg/resources/voiceClone/create';
import { asLoadOptionsContext, fakeExecuteContext } from '../support/fakeExecuteContext';

import type { RunningEmulator } from '../../emulator';
import { startEmulator } from '../../emulator';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, taskDurationMs: 50 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const node = new Vmeg();
/** How many system voices the emulator's account has (read through the API itself, in one page). */
let systemVoices = 0;
const systemVoiceCount = () => systemVoices;
beforeAll(async () => {
	const res = await fetch(`${emu.url}/vmeg/openapi/v1/assets/voice/basic/list`, {
		method: 'POST',
		headers: { authorization: 'Bearer vmeg-test-key', 'content-type': 'application/json' },
		body: JSON.stringify({ currentPage: 1, pageSize: 100 }),
	});
	systemVoices = ((await res.json()) as { data: { total: number } }).data.total;
	expect(systemVoices).toBeGreaterThan(10);
});
const credentials = () => ({ vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: 'whsec-test-secret', baseUrl: `${emu.url}/vmeg` } });
const pickerContext = (parameters: Record<string, unknown> = {}) =>
	asLoadOptionsContext(fakeExecuteContext({ parameters: {}, credentials: credentials() }), parameters);

async function pageAll(
	method: 'searchVoices' | 'searchClonedVoices',
	parameters: Record<string, unknown> = {},
	filter?: string,
): Promise<INodeListSearchResult['results']> {
	const ctx = pickerContext(parameters);
	const all: INodeListSearchResult['results'] = [];
	let token: string | undefined;
	for (let i = 0; i < 20; i++) {
		const page = await node.methods.listSearch[method].call(ctx, filter, token);
		all.push(...page.results);
		token = page.paginationToken as string | undefined;
		if (!token) break;
	}
	return all;
}

async function cloneVoice(name: string, engine = 'V2', sampleLanguage = 'en-US'): Promise<string> {
	const ctx = fakeExecuteContext({
		parameters: { resource: 'voiceClone', cloneEngine: engine, sampleLanguage, sampleText: '', cloneVoiceName: name, refAudio: 'https://cdn.example.com/sample.wav' },
		credentials: credentials(),
	});
	const [out] = await createClone.call(ctx);
	return String(out[0].json.voiceId);
}

describe('VMEG voice picker', () => {
	test('each entry names its engine tier (S1–S7 system, V1–V5 clone)', async () => {
		await cloneVoice('Narrator', 'V3');
		const entries = await pageAll('searchVoices');
		const jenny = entries.find((e) => e.value === 'sv_en_us_jenny');
		expect(jenny?.name).toBe('Jenny · en-US, female · S1');
		expect(entries.find((e) => String(e.value).startsWith('sv_en_us_ava_hd'))?.name).toMatch(/ · S3$/);
		expect(entries[0].name).toBe('Narrator · clone · V3 · en-US');
		// Every system voice the API has is listed once, each with a tier.
		const system = entries.filter((e) => String(e.value).startsWith('sv_'));
		expect(system.length).toBe(systemVoiceCount());
		expect(new Set(system.map((e) => e.value)).size).toBe(system.length);
		expect(system.every((e) => / · S[1-7]$/.test(e.name))).toBe(true);
	});

	test('the chosen Target Language\'s voices come first, then the rest, none twice', async () => {
		const entries = await pageAll('searchVoices', { targetLanguage: 'zh-CN' });
		const locales = entries.map((e) => (e.name.match(/ · ([a-z]{2,3}-[A-Za-z]+)/) ?? [])[1]);
		const zh = locales.filter((l) => l === 'zh-CN').length;
		expect(zh).toBeGreaterThan(1);
		expect(locales.slice(0, zh).every((l) => l === 'zh-CN')).toBe(true);
		expect(locales.slice(zh).includes('zh-CN')).toBe(false);
		expect(entries).toHaveLength(systemVoiceCount());
		// Without a language the API's own order stands (not zh-CN first).
		const plain = await pageAll('searchVoices', {});
		expect(plain.map((e) => e.value)).not.toEqual(entries.map((e) => e.value));
	});

	test('a search still applies in both phases', async () => {
		const entries = await pageAll('searchVoices', { targetLanguage: 'en-GB' }, 'ry');
		expect(entries.map((e) => e.value)).toEqual(['sv_en_gb_ryan']);
	});
});

describe('VMEG Rename Clone / Delete Clone picker', () => {
	test('lists only cloned voices (a system voice there fails "Cloned voice not found")', async () => {
		expect(await pageAll('searchClonedVoices')).toEqual([]);
		const a = await cloneVoice('Host A');
		const b = await cloneVoice('Host B', 'V5', 'es-ES');
		const entries = await pageAll('searchClonedVoices');
		expect(entries.map((e) => e.value).sort()).toEqual([a, b].sort());
		expect(entries.every((e) => String(e.value).startsWith('cv_'))).toBe(true);
		expect(entries.find((e) => e.value === b)?.name).toBe('Host B · clone · V5 · es-ES');
	});

	test('the Rename/Delete field uses the clone-only picker; the TTS voice field the full one', () => {
		const props = node.description.properties;
		const method = (name: string) =>
			(props.find((p) => p.name === name)?.modes ?? []).find((m) => m.name === 'list')?.typeOptions?.searchListMethod;
		expect(method('cloneVoiceId')).toBe('searchClonedVoices');
		expect(method('voiceId')).toBe('searchVoices');
	});
});
