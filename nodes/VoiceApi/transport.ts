import type { IDataObject, IExecutePaginationFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { ApiClient } from '../shared/api';
import { describeHttpStatus } from '../shared/errors';
import { describeFieldErrors, jsonBody } from '../shared/fastApiErrors';
import type { HttpResponse } from '../shared/http';
import type { SendDeclarative } from '../shared/declarative';
import { declarativeApi } from '../shared/declarative';

/**
 * Marketplace "Voice API": X-RapidAPI-Key/Host or Bearer auth (credential), async tasks,
 * errors as `{message}` or FastAPI `{detail:[{loc,msg}]}` (422).
 */
export const voiceClient: ApiClient = {
	name: 'Voice API',
	credentialType: 'voiceApi',
	whereToLookForJobs: 'your Voice API account (the API cannot list tasks: ask the provider or check the usage page of your marketplace subscription)',
	extractError(response: HttpResponse) {
		const status = response.statusCode;
		if (status < 400) return undefined;
		const body = jsonBody(response.body) as IDataObject | undefined;
		const apiMessage = typeof body?.message === 'string' ? body.message : undefined;
		if (status === 422) {
			return {
				message: `The request was rejected (HTTP 422): ${describeFieldErrors(body) ?? apiMessage ?? 'validation error'}`,
				description: 'Fix the listed fields and run again.',
			};
		}
		if (status === 401 || status === 403) {
			return {
				message: `Authorization failed (HTTP ${status}${apiMessage ? `: ${apiMessage}` : ''})`,
				description: `${describeHttpStatus(status, 'Voice API')} Also check the Authentication style and the RapidAPI Host.`,
			};
		}
		if (status === 404) {
			return {
				message: `Not found (HTTP 404${apiMessage ? `: ${apiMessage}` : ''})`,
				description: 'Check the task ID (a text-to-speech task ID only works with Text to Speech operations, etc.) and the Base URL.',
			};
		}
		if (status === 409) {
			return {
				message: `${apiMessage ?? 'The task is not finished'} (HTTP 409)`,
				description: 'Use Get Status until the status is "succeeded", or turn on Wait for Completion.',
			};
		}
		const detail = describeFieldErrors(body);
		return {
			message: `${apiMessage ?? detail ?? 'Request failed'} (HTTP ${status})`,
			description: describeHttpStatus(status, 'Voice API', response.attempts) ?? 'Check the request fields named in the message and run again.',
		};
	},
};

/** A declarative answer as one item (a JSON object as is, anything else under `result`). */
async function oneAnswer(send: SendDeclarative, request: IHttpRequestOptions): Promise<IDataObject[]> {
	const body = (await send(request)).body;
	if (body && typeof body === 'object' && !Array.isArray(body)) return [body as IDataObject];
	return [{ result: (body as IDataObject) ?? null }];
}

/** Model > List: one item per model, page after page up to Return All or Limit. */
async function modelList(this: IExecutePaginationFunctions, send: SendDeclarative, request: IHttpRequestOptions): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', false) as boolean;
	const limit = returnAll ? Infinity : Math.max(1, Number(this.getNodeParameter('limit', 50)));
	return await collectModels(await send(request), send, request, limit);
}

/** Follows `page` until `has_more` is false or `limit` models are collected. */
async function collectModels(
	first: HttpResponse,
	send: SendDeclarative,
	request: IHttpRequestOptions,
	limit: number,
): Promise<IDataObject[]> {
	const models: IDataObject[] = [];
	const next = async (page: number, pageSize: number) =>
		(await send({ ...request, qs: { ...(request.qs ?? {}), page, page_size: pageSize } })).body as IDataObject;
	for await (const { items } of modelPages(first.body as IDataObject, next)) {
		models.push(...items);
		if (models.length >= limit || items.length === 0) break;
	}
	return models.slice(0, limit);
}

/**
 * The model list page after page, from an answered first page, while `has_more` says so: the
 * one paging rule for Model List and the model pre-check. `next(n, size)` reads page n; `size`
 * is the page size the API reported (else the first page's length).
 */
export async function* modelPages(
	first: IDataObject,
	next: (page: number, pageSize: number) => Promise<IDataObject>,
): AsyncGenerator<{ items: IDataObject[]; more: boolean }> {
	let body = first;
	let number = 1;
	for (let guard = 0; guard < 1000; guard++) {
		const items = Array.isArray(body?.items) ? (body.items as IDataObject[]) : [];
		const more = body?.has_more === true;
		yield { items, more };
		if (!more) return;
		number = Number(body.page ?? number) + 1;
		body = await next(number, Number(body.page_size ?? items.length));
	}
}

/** Routing of the declarative operations, through the shared transport. */
export const voiceApi = declarativeApi(voiceClient, { one: oneAnswer, pages: modelList });
