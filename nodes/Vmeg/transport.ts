import type { IDataObject } from 'n8n-workflow';

import type { ApiClient, ApiRequest, CallOptions } from '../shared/api';
import { callApi } from '../shared/api';
import { declarativeApi } from '../shared/declarative';
import type { ApiErrorDetails } from '../shared/errors';
import { describeHttpStatus } from '../shared/errors';
import type { HttpResponse, RequestContext } from '../shared/http';
import { vmegAnswerItems, vmegListItems } from './helpers/declarative';
import { recoverAcceptedJob, rememberAcceptedTask } from './lostAnswer';

/** VMEG's `{code, message, data}` envelope: success is `code === 200` in the body. */
export interface VmegEnvelope<T = IDataObject> {
	code: number;
	message?: string;
	data: T;
}

/** Voice-list POSTs are the only POSTs the spec gives no idempotency key. */
const POSTS_WITHOUT_KEY = ['/openapi/v1/assets/voice/basic/list', '/openapi/v1/assets/voice/clone/list'];

export const vmegClient: ApiClient = {
	name: 'VMEG',
	credentialType: 'vmegApi',
	idempotencyHeader: 'X-Idempotency-Key',
	needsIdempotencyKey: (method, path) => method === 'POST' && !POSTS_WITHOUT_KEY.some((p) => path.endsWith(p)),
	extractError: vmegError,
	statusOf: vmegStatus,
	isKeyReplay: (response) => vmegStatus(response) === 409,
	recoverLostAnswer: async (ctx, replay) => await recoverAcceptedJob(ctx, vmegClient, replay),
};

/**
 * Routing of the declarative operations (Task Get/List/Delete, the Voice operations, Material
 * List/Delete): through vmegClient, one answer as one item, or a list paged up to Return All/Limit.
 */
export const vmegApi = declarativeApi(vmegClient, { one: vmegAnswerItems, pages: vmegListItems });

/**
 * VMEG reports errors either as the HTTP status or inside an HTTP 200 envelope (`{code: 502}`):
 * the envelope's code counts when HTTP says 200.
 */
function vmegStatus(response: HttpResponse): number {
	const code = (response.body as Partial<VmegEnvelope> | undefined)?.code;
	return response.statusCode < 300 && typeof code === 'number' ? code : response.statusCode;
}

function vmegError(response: HttpResponse): ApiErrorDetails | undefined {
	const body = (response.body ?? {}) as Partial<VmegEnvelope>;
	const code = vmegStatus(response);
	if (response.statusCode < 400 && code === 200) return undefined;
	const label = response.statusCode === code ? `HTTP ${code}` : `code ${code}`;
	const message = body.message ? `${body.message} (${label})` : `request failed (${label})`;
	if (code === 409) {
		return {
			message: `${message}: this request's idempotency key was already used`,
			description:
				'VMEG refused a repeat of a request it had already received, so no second job was created. Find the job with Task > List, or run the workflow again to submit new work.',
		};
	}
	if (code === 402) return { message, description: 'Your VMEG credit balance is too low for this job. Top up in the VMEG dashboard, then run again (a new request is sent).' };
	if (code === 413) return { message, description: 'The file or request is larger than VMEG accepts.' };
	return { message, description: describeHttpStatus(code, 'VMEG', response.attempts) };
}

/** Calls VMEG and returns the envelope's `data`. */
export async function vmegRequest<T = IDataObject>(
	ctx: Parameters<typeof callApi>[0] & RequestContext,
	request: ApiRequest,
	options?: CallOptions,
): Promise<T> {
	const response = await callApi<VmegEnvelope<T>>(ctx, vmegClient, request, options);
	if (request.method === 'POST') rememberAcceptedTask(ctx, request.path, response.body.data);
	return response.body.data;
}
