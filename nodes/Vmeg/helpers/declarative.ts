import type { IDataObject, IExecutePaginationFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { HttpResponse } from '../../shared/http';
import type { VmegEnvelope } from '../transport';

const PAGE_SIZE = 100;

/**
 * Shapes VMEG answers for the declarative operations: list endpoints (`{records, total}`) are
 * paged with currentPage/pageSize (in the query for GET, the body for POST) up to Return All or
 * Limit, one item per record; other endpoints give their `data` as one item.
 */
export async function vmegItems(
	this: IExecutePaginationFunctions,
	send: (request: IHttpRequestOptions) => Promise<HttpResponse>,
	request: IHttpRequestOptions,
): Promise<IDataObject[]> {
	const operation = this.getNodeParameter('operation', '') as string;
	const isList = operation.startsWith('list');
	if (!isList) {
		const data = ((await send(request)).body as VmegEnvelope).data;
		return [data && typeof data === 'object' ? (data as IDataObject) : { success: true }];
	}
	const returnAll = this.getNodeParameter('returnAll', false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', 50) as number);
	const records: IDataObject[] = [];
	for (let page = 1; records.length < limit; page++) {
		const paging = { currentPage: page, pageSize: Math.min(PAGE_SIZE, limit - records.length) };
		const pageRequest =
			request.method === 'GET'
				? { ...request, qs: { ...(request.qs ?? {}), ...paging } }
				: { ...request, body: { ...((request.body as IDataObject) ?? {}), ...paging } };
		const data = ((await send(pageRequest)).body as VmegEnvelope<{ records?: IDataObject[]; total?: number }>).data ?? {};
		const batch = data.records ?? [];
		records.push(...batch);
		if (batch.length < paging.pageSize || (data.total !== undefined && page * paging.pageSize >= data.total)) break;
	}
	return records.slice(0, limit);
}
