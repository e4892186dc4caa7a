import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { vmegRequest } from '../transport';

interface VoiceRecord extends IDataObject {
	voiceId: string;
	displayName?: string;
	localName?: string;
	name?: string;
	locale?: string;
	gender?: string;
	provider?: string;
}

/** Voice picker: your clones first, then matching system voices, 50 a page. */
export async function searchVoices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1);
	const query = { searchName: filter || undefined, currentPage: page, pageSize: 50 };
	const [clones, system] = await Promise.all([
		page === 1
			? vmegRequest<{ records?: VoiceRecord[] }>(this, { method: 'POST', path: '/openapi/v1/assets/voice/clone/list', body: { ...query, pageSize: 100 } })
			: Promise.resolve({ records: [] as VoiceRecord[] }),
		vmegRequest<{ records?: VoiceRecord[]; total?: number }>(this, { method: 'POST', path: '/openapi/v1/assets/voice/basic/list', body: query }),
	]);
	const results = [
		...(clones.records ?? []).map((v) => ({ name: `${v.name ?? v.voiceId} (clone ${v.provider ?? ''})`.replace(' )', ')'), value: v.voiceId })),
		...(system.records ?? []).map((v) => ({
			name: `${v.displayName ?? v.localName ?? v.voiceId} · ${[v.locale, v.gender].filter(Boolean).join(', ')}`,
			value: v.voiceId,
		})),
	];
	const more = (system.total ?? 0) > page * 50;
	return { results, paginationToken: more ? String(page + 1) : undefined };
}
