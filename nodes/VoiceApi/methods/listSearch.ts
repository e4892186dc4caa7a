import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { callApi } from '../../shared/api';
import { voiceClient } from '../transport';

const PAGE_SIZE = 50;

/**
 * Searchable model picker: title search (fuzzy, done by the API), newest pages on demand. The API
 * caches frequently requested model pages; every picker request is a user opening, searching or
 * scrolling the list, so it asks for fresh pages (`refresh=true`): a clone trained a moment ago shows.
 */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const qs: IDataObject = { page, page_size: PAGE_SIZE, refresh: 'true' };
	if (filter && filter.trim()) qs.title = filter.trim();
	const response = await callApi<IDataObject>(this, voiceClient, { method: 'GET', path: '/v1/models', qs });
	const items = Array.isArray(response.body?.items) ? (response.body.items as IDataObject[]) : [];
	return {
		results: items.map((m) => {
			const details = [
				Array.isArray(m.languages) ? (m.languages as string[]).join('/') : undefined,
				Array.isArray(m.tags) ? (m.tags as string[]).slice(0, 3).join(', ') : undefined,
			].filter(Boolean);
			return { name: `${String(m.title ?? m.id)}${details.length ? ` (${details.join('; ')})` : ''}`, value: String(m.id) };
		}),
		paginationToken: response.body?.has_more === true ? String(page + 1) : undefined,
	};
}
