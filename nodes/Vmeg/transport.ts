import type { IDataObject } from 'n8n-workflow';

import type { ApiClient, ApiRequest, CallOptions } from '../shared/api';
import { callApi } from '../shared/api';
import type { ApiErrorDetails } from '../shared/errors';
import { describeHttpStatus } from '../shared/errors';
import type { HttpResponse, RequestContext } from '../shared/http';

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
};

function vmegError(response: HttpResponse): ApiErrorDetails | undefined {
	const body = (response.body ?? {}) as Partial<VmegEnvelope>;
	const code = typeof body.code === 'number' ? body.code : response.statusCode;
	if (response.statusCode < 400 && code === 200) return undefined;
	const message = body.message || `HTTP ${response.statusCode}`;
	if (code === 409 || response.statusCode === 409) {
		return {
			message: `${message} (the same request was already accepted)`,
			description:
				'VMEG already received this exact request from this execution, so no second job was created. Find the job with Task > List, or run the workflow again to submit new work.',
		};
	}
	if (code === 402) return { message, description: 'Your VMEG credit balance is too low for this job. Top up in the VMEG dashboard.' };
	if (code === 413) return { message, description: 'The file or request is larger than VMEG accepts.' };
	return { message, description: describeHttpStatus(code, 'VMEG') ?? describeHttpStatus(response.statusCode, 'VMEG') };
}

/** Calls VMEG and returns the envelope's `data`. */
export async function vmegRequest<T = IDataObject>(
	ctx: Parameters<typeof callApi>[0] & RequestContext,
	request: ApiRequest,
	options?: CallOptions,
): Promise<T> {
	const response = await callApi<VmegEnvelope<T>>(ctx, vmegClient, request, options);
	return response.body.data;
}
