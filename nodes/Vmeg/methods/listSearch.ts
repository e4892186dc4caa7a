import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { vmegRequest } from '../transport';

interface VoiceRecord extends IDataObject {
	voiceId: string;
	displayName?: string;
	localName?: string;
	name?: string;
	locale?: string;
	gender?: string;
	/** Engine tier: S1–S7 for system voices, V1–V5 for clones. */
	provider?: string;
	exampleLanguage?: string;
}

interface VoicePage {
	records?: VoiceRecord[];
	total?: number;
}

const PAGE_SIZE = 50;
const CLONES_ON_FIRST_PAGE = 100;

function cloneEntry(v: VoiceRecord): INodeListSearchItems {
	const details = ['clone', v.provider, v.exampleLanguage].filter(Boolean).join(' · ');
	return { name: `${v.name ?? v.voiceId} · ${details}`, value: v.voiceId };
}

function systemEntry(v: VoiceRecord): INodeListSearchItems {
	const who = [v.locale, v.gender].filter(Boolean).join(', ');
	return { name: [v.displayName ?? v.localName ?? v.voiceId, who, v.provider].filter(Boolean).join(' · '), value: v.voiceId };
}

/** The Target Language chosen next to the picker, when it is a plain locale (an expression is not resolved here). */
function chosenLocale(ctx: ILoadOptionsFunctions): string | undefined {
	let value: unknown;
	try {
		value = ctx.getCurrentNodeParameter('targetLanguage');
	} catch {
		return undefined;
	}
	return typeof value === 'string' && value && !value.startsWith('=') ? value : undefined;
}

async function listClones(ctx: ILoadOptionsFunctions, searchName: string | undefined, currentPage: number, pageSize: number): Promise<VoicePage> {
	return await vmegRequest<VoicePage>(ctx, {
		method: 'POST',
		path: '/openapi/v1/assets/voice/clone/list',
		body: { searchName, currentPage, pageSize },
	});
}

/**
 * Voice picker: your clones first, then system voices, each entry with its engine tier. With a
 * Target Language chosen, that language's system voices come first ("L" pages), then every other
 * voice ("A" pages, that language left out so nothing is listed twice). Token: "<phase>:<page>".
 */
export async function searchVoices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const locale = chosenLocale(this);
	const [phaseToken, pageToken] = (paginationToken ?? '').split(':');
	const phase = phaseToken === 'A' || phaseToken === 'L' ? phaseToken : locale ? 'L' : 'A';
	const page = Number(pageToken) > 0 ? Number(pageToken) : 1;
	const searchName = filter || undefined;
	const first = !paginationToken;

	const [clones, system] = await Promise.all([
		first ? listClones(this, searchName, 1, CLONES_ON_FIRST_PAGE) : Promise.resolve<VoicePage>({ records: [] }),
		vmegRequest<VoicePage>(this, {
			method: 'POST',
			path: '/openapi/v1/assets/voice/basic/list',
			body: { searchName, currentPage: page, pageSize: PAGE_SIZE, locale: phase === 'L' ? locale : undefined },
		}),
	]);

	const cloneRecords = [...(clones.records ?? [])];
	if (locale) cloneRecords.sort((a, b) => Number(b.exampleLanguage === locale) - Number(a.exampleLanguage === locale));
	const systemRecords = (system.records ?? []).filter((v) => phase === 'L' || !locale || v.locale !== locale);

	let next: string | undefined;
	if ((system.total ?? 0) > page * PAGE_SIZE) next = `${phase}:${page + 1}`;
	else if (phase === 'L') next = 'A:1';
	return { results: [...cloneRecords.map(cloneEntry), ...systemRecords.map(systemEntry)], paginationToken: next };
}

/** Picker for Rename Clone and Delete Clone: only your cloned voices (a system voice would fail "Cloned voice not found"). */
export async function searchClonedVoices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken) > 0 ? Number(paginationToken) : 1;
	const clones = await listClones(this, filter || undefined, page, PAGE_SIZE);
	return {
		results: (clones.records ?? []).map(cloneEntry),
		paginationToken: (clones.total ?? 0) > page * PAGE_SIZE ? String(page + 1) : undefined,
	};
}
