import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { ApiClient } from '../shared/api';
import { declarativeApi } from '../shared/declarative';
import { describeHttpStatus } from '../shared/errors';
import { describeFieldErrors, jsonBody } from '../shared/fastApiErrors';
import type { HttpResponse } from '../shared/http';

/**
 * Vimmerse v2 audio API: X-Api-Key auth (credential), JSON bodies, errors as
 * `{message}` (400/402/404) or FastAPI `{detail:[{loc,msg}]}` (422).
 */
export const vimmerseClient: ApiClient = {
	name: 'Vimmerse',
	credentialType: 'vimmerseApi',
	whereToLookForJobs: 'the assets of your Vimmerse account (the API cannot list them: see the Vimmerse dashboard)',
	extractError(response: HttpResponse) {
		const status = response.statusCode;
		if (status < 400) return undefined;
		const body = jsonBody(response.body) as IDataObject | undefined;
		const apiMessage = withDetail(body);
		if (status === 402) {
			return {
				message: `Insufficient Vimmerse credit (HTTP 402${apiMessage ? ` ${apiMessage}` : ''}); run Audio > Estimate Credits first to see what the request costs`,
				description: 'Nothing was created. Top up the Vimmerse account or reduce the request (shorter prompt, shorter duration).',
			};
		}
		if (status === 422) {
			const fields = describeFieldErrors(body);
			return {
				message: `The request was rejected (HTTP 422): ${fields ?? apiMessage ?? 'validation error'}`,
				description: 'Fix the listed fields and run again.',
			};
		}
		if (status === 401 || status === 403) {
			return {
				message: `Authorization failed (HTTP ${status}${apiMessage ? ` ${apiMessage}` : ''})`,
				description: describeHttpStatus(status, 'Vimmerse API'),
			};
		}
		if (status === 404) {
			return {
				message: `Not found (HTTP 404${apiMessage ? ` ${apiMessage}` : ''})`,
				description: 'Check the asset ID: it must be the `id` of an asset created with this API key.',
			};
		}
		return {
			message: `${apiMessage ?? 'Request failed'} (HTTP ${status})`,
			description: describeHttpStatus(status, 'Vimmerse API', response.attempts) ?? 'Check the request fields named in the message and run again.',
		};
	},
};

/** The API's `message` with its `detail` (e.g. the valid voices after INVALID_VOICE), when it gives one. */
function withDetail(body: IDataObject | undefined): string | undefined {
	const message = typeof body?.message === 'string' ? body.message : undefined;
	const detail = describeFieldErrors(body);
	if (message && detail) return `${message}: ${detail}`;
	return message ?? detail;
}

/** Shapes a declarative answer: the JSON object at top level, or its legacy `data` wrapper. */
export async function vimmerseToItems(
	send: (request: IHttpRequestOptions) => Promise<HttpResponse>,
	request: IHttpRequestOptions,
): Promise<IDataObject[]> {
	const response = await send(request);
	const body = response.body as IDataObject | IDataObject[] | undefined;
	if (Array.isArray(body)) return body;
	if (body && typeof body === 'object') {
		const data = body.data;
		if (data && typeof data === 'object' && !Array.isArray(data) && Object.keys(body).length === 1) return [data as IDataObject];
		return [body];
	}
	return [{ result: body ?? null } as IDataObject];
}

/** Routing for the declarative operations (Get, Estimate Credits); the API has no paged lists. */
export const vimmerseApi = declarativeApi(vimmerseClient, { one: vimmerseToItems });
