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

export function transportError(node: INode, error: TransportError, context: ApiErrorContext): NodeApiError {
	return new NodeApiError(
		node,
		{ code: error.code ?? 'UNKNOWN', attempts: error.attempts } as JsonObject,
		{
			message: `${context.apiName}: the request failed before any answer (${error.code ?? error.message})`,
			description: `Tried ${error.attempts} time(s). Check the base URL in the credential and that the service is reachable.`,
			itemIndex: context.itemIndex,
		},
	);
}

/** Input the user must fix; raised before any paid request is sent. */
export function inputError(node: INode, itemIndex: number, message: string, hint: string): NodeOperationError {
	return new NodeOperationError(node, message, { itemIndex, description: hint });
}

/** Common rule for HTTP status codes whose meaning is the same at every API. */
export function describeHttpStatus(statusCode: number, apiName: string): string | undefined {
	if (statusCode === 401 || statusCode === 403) {
		return `Check the API key in the ${apiName} credential (the API rejected it).`;
	}
	if (statusCode === 429) return 'The API is rate limiting; the request was retried and still refused. Try again later or send fewer items at once.';
	if (statusCode >= 500) return 'The API failed on its side; the request was retried. Try again later.';
	return undefined;
}

function sanitiseBody(body: unknown): JsonObject | string | null {
	if (body === undefined || body === null) return null;
	if (typeof body === 'string') return body.slice(0, 2_000);
	if (Buffer.isBuffer(body)) return body.toString('utf8', 0, Math.min(body.length, 2_000));
	if (typeof body === 'object') return body as JsonObject;
	return String(body);
}

/** Rethrows n8n errors as they are and wraps anything else, keeping the item index. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}
