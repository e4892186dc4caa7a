import type { IDataObject, IExecutePaginationFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { HttpResponse } from '../../shared/http';
import type { VmegEnvelope } from '../transport';

/** Largest page the node asks VMEG for. */
export const VMEG_PAGE_SIZE = 100;

export interface VmegPage {
	records?: IDataObject[];
	total?: number;
}

/**
 * The pages of a VMEG list (`{records, total}`), fetched only as they are read. The page size
 * stays fixed, since VMEG places page N at (N-1) × pageSize; the list ends on a short page or
 * once `total` records have been served.
 */
export async function* vmegPages(
	fetchPage: (paging: { currentPage: number; pageSize: number }) => Promise<VmegPage | null | undefined>,
	pageSize = VMEG_PAGE_SIZE,
): AsyncGenerator<IDataObject[]> {
	for (let currentPage = 1; ; currentPage++) {
		const page = (await fetchPage({ currentPage, pageSize })) ?? {};
		const records = page.records ?? [];
		yield records;
		if (records.length < pageSize || (page.total !== undefined && currentPage * pageSize >= page.total)) return;
	}
}

/** A declarative operation's one answer: its `data` as one item (`{ success: true }` when it has none). */
export async function vmegAnswerItems(
	this: IExecutePaginationFunctions,
	send: (request: IHttpRequestOptions) => Promise<HttpResponse>,
	request: IHttpRequestOptions,
): Promise<IDataObject[]> {
	const data = ((await send(request)).body as VmegEnvelope).data;
	return [data && typeof data === 'object' ? (data as IDataObject) : { success: true }];
}

/**
 * A VMEG list, paged with currentPage/pageSize (in the query for GET, the body for POST) up to
 * Return All or Limit; one item per record.
 */
export async function vmegListItems(
	this: IExecutePaginationFunctions,
	send: (request: IHttpRequestOptions) => Promise<HttpResponse>,
	request: IHttpRequestOptions,
): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', 50) as number);
	const fetchPage = async (paging: { currentPage: number; pageSize: number }) => {
		const pageRequest =
			request.method === 'GET'
				? { ...request, qs: { ...(request.qs ?? {}), ...paging } }
				: { ...request, body: { ...((request.body as IDataObject) ?? {}), ...paging } };
		return ((await send(pageRequest)).body as VmegEnvelope<VmegPage>).data;
	};
	const records: IDataObject[] = [];
	for await (const page of vmegPages(fetchPage, Math.min(VMEG_PAGE_SIZE, limit))) {
		records.push(...page);
		if (records.length >= limit) break;
	}
	return records.slice(0, limit);
}
