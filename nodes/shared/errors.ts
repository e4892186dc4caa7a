import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { HttpResponse } from './http';
import { TransportError } from './http';

/** What a node needs to turn an API's answer into a clear n8n error. */
export interface ApiErrorDetails {
	message: string;
	description?: string;
}

/** Per-API rule: `undefined` for a successful answer, otherwise the API's own words. */
export type ErrorExtractor = (response: HttpResponse) => ApiErrorDetails | undefined;

export interface ApiErrorContext {
	apiName: string;
	itemIndex?: number;
}

/**
 * Builds a NodeApiError from a sanitised view of the response (status and body only), so that
 * request headers and credentials can never leak into an error shown to the user.
 */
export function apiError(
	node: INode,
	response: HttpResponse,
	details: ApiErrorDetails,
	context: ApiErrorContext,
): NodeApiError {
	const safeBody: JsonObject = {
		httpCode: String(response.statusCode),
		body: sanitiseBody(response.body),
	};
	return new NodeApiError(node, safeBody, {
		message: `${context.apiName}: ${details.message}`,
		description: details.description,
		httpCode: String(response.statusCode),
		itemIndex: context.itemIndex,
	});
}

export interface TransportErrorContext extends ApiErrorContext {
	/**
	 * Set for requests that may create paid work and cannot be repeated safely (no idempotency
	 * key): where the user can look for a job the API may have created before the answer was lost.
	 */
	unsafeRepeat?: { whereToLook: string };
	/** Seconds the request was given per attempt, for "no answer within …". */
	timeoutSeconds?: number;
}

/**
 * The failure to get an answer, said as it happened: never sent, timed out, or dropped. The
 * system error code goes into the description only: n8n replaces a message that contains one
 * (or an error object with a `code`) with its own generic text.
 */
export function transportError(node: INode, error: TransportError, context: TransportErrorContext): NodeApiError {
	const tries = `Tried ${error.attempts} time(s).`;
	const code = ` [${error.code ?? error.message}]`;
	let what: string;
	let description: string;
	if (!error.maybeSent) {
		what = 'could not connect';
		description = `${tries} Check the Base URL in the credential and that the service is reachable from n8n.${code}`;
	} else {
		what = error.timedOut
			? `no answer within ${context.timeoutSeconds ? `${context.timeoutSeconds} s` : 'the request timeout'}`
			: 'the connection was lost before the answer arrived';
		description = context.unsafeRepeat
			? `The request reached ${context.apiName}, so it may have created the job (and charged for it). It was not repeated automatically, since without an idempotency key a repeat could pay twice. Check ${context.unsafeRepeat.whereToLook} before running it again.${code}`
			: `${tries} The service did not answer in time or dropped the connection; run it again later, or raise Options > Request Timeout if the service is just slow.${code}`;
	}
	return new NodeApiError(node, { transportCode: error.code ?? 'UNKNOWN', attempts: error.attempts } as JsonObject, {
		message: `${context.apiName}: ${what}`,
		description,
		itemIndex: context.itemIndex,
	});
}

/** Input the user must fix; raised before any paid request is sent. */
export function inputError(node: INode, itemIndex: number, message: string, hint: string): NodeOperationError {
	return new NodeOperationError(node, message, { itemIndex, description: hint });
}

/**
 * Common rule for HTTP status codes whose meaning is the same at every API, saying truthfully
 * how often the request was sent (`attempts`, from the response).
 */
export function describeHttpStatus(statusCode: number, apiName: string, attempts = 1): string | undefined {
	if (statusCode === 401 || statusCode === 403) {
		return `Check the API key in the ${apiName} credential (the API rejected it).`;
	}
	const tried = attempts > 1 ? `Tried ${attempts} times.` : 'Sent once: not repeated automatically, because a repeat could create a second paid job.';
	if (statusCode === 429) return `The API is rate limiting. ${tried} Try again later or send fewer items at once.`;
	if (statusCode >= 500) return `The API failed on its side. ${tried} Try again later.`;
	return undefined;
}

function sanitiseBody(body: unknown): JsonObject | string | null {
	if (body === undefined || body === null) return null;
	if (typeof body === 'string') return body.slice(0, 2_000);
	if (Buffer.isBuffer(body)) return body.toString('utf8', 0, Math.min(body.length, 2_000));
	if (typeof body === 'object') return body as JsonObject;
	return String(body);
}

const transientErrors = new WeakSet<object>();

/** Marks an error as passing (lost answer, 429, 5xx): a status check that failed so may be tried again. */
export function markTransient<E extends object>(error: E): E {
	transientErrors.add(error);
	return error;
}

export function isTransient(error: unknown): boolean {
	return typeof error === 'object' && error !== null && transientErrors.has(error);
}

/** Rethrows n8n errors as they are and wraps anything else, keeping the item index. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}
