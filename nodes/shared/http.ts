import type {
	ICredentialsDecrypted,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { sleepUnlessCancelled } from './sleep';

/** Any n8n context that can send authenticated requests. */
export type RequestContext =
	| IExecuteFunctions
	| IExecuteSingleFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions
	| IHookFunctions;

export interface RetryPolicy {
	/** Total attempts, the first included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000 };

export interface HttpResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: T;
}

export interface SendOptions {
	/** Credential type to authenticate with; omit for pre-signed or public URLs. */
	credentialType?: string;
	/** That credential already decrypted (n8n then skips reading it again for this request). */
	credentials?: ICredentialsDecrypted;
	/**
	 * True when repeating the request cannot do the work twice: GET/HEAD/PUT to a presigned URL,
	 * or a POST that carries an idempotency key. Unsafe requests are retried only on 429 and
	 * refused connections, where the server did not act on them.
	 */
	retrySafe: boolean;
	retry?: RetryPolicy;
}

/** A failure to get any HTTP answer (reset, refused, timed out). */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly code: string | undefined,
		readonly attempts: number,
	) {
		super(message);
		this.name = 'TransportError';
	}
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Sends one logical request with retries on 429, 5xx and connection failures, honouring
 * Retry-After and backing off exponentially with jitter. Never throws on an HTTP status:
 * callers map non-2xx answers to errors with the API's own message.
 *
 * `request` may be a factory so a streamed body is re-opened for every attempt.
 */
export async function sendWithRetries<T = unknown>(
	ctx: RequestContext,
	request: IHttpRequestOptions | (() => Promise<IHttpRequestOptions>),
	options: SendOptions,
): Promise<HttpResponse<T>> {
	const policy = options.retry ?? DEFAULT_RETRY_POLICY;
	// A cancelled execution stops retrying at once, whichever node or operation sent the request.
	const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
	for (let attempt = 1; ; attempt++) {
		const base = typeof request === 'function' ? await request() : request;
		const requestOptions: IHttpRequestOptions = {
			...base,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		let response: HttpResponse<T> | undefined;
		let failure: { message: string; code?: string } | undefined;
		try {
			response = (options.credentialType
				? await ctx.helpers.httpRequestWithAuthentication.call(
						ctx,
						options.credentialType,
						requestOptions,
						options.credentials ? { credentialsDecrypted: options.credentials } : undefined,
					)
				: await ctx.helpers.httpRequest(requestOptions)) as HttpResponse<T>;
		} catch (error) {
			failure = describeTransportFailure(error);
		}

		const canRetry = attempt < policy.maxAttempts && !signal?.aborted;
		if (response) {
			const retryable =
				RETRYABLE_STATUS.has(response.statusCode) && (options.retrySafe || response.statusCode === 429);
			if (!retryable || !canRetry) return response;
			await sleepUnlessCancelled(retryDelayMs(attempt, policy, response.headers), signal);
			continue;
		}

		const failed = failure ?? { message: 'Unknown transport failure' };
		const safe = options.retrySafe || (failed.code !== undefined && NOT_SENT_CODES.has(failed.code));
		if (!safe || !canRetry) throw new TransportError(failed.message, failed.code, attempt);
		await sleepUnlessCancelled(retryDelayMs(attempt, policy), signal);
	}
}

/** Exponential backoff with "equal jitter", overridden (within the cap) by Retry-After. */
function retryDelayMs(
	attempt: number,
	policy: RetryPolicy,
	headers?: Record<string, string | string[] | undefined>,
	random: () => number = Math.random,
): number {
	const retryAfter = headers ? parseRetryAfterMs(headerValue(headers, 'retry-after')) : undefined;
	if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxDelayMs);
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(exponential / 2 + (random() * exponential) / 2);
}

function parseRetryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function headerValue(
	headers: Record<string, string | string[] | undefined> | undefined,
	name: string,
): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return Array.isArray(value) ? value[0] : value;
}

/** Keeps only what is safe to show: never the request config, which holds auth headers. */
function describeTransportFailure(error: unknown): { message: string; code?: string } {
	const e = error as { code?: string; cause?: { code?: string }; message?: string };
	const code = e?.code ?? e?.cause?.code;
	return { message: e?.message ?? String(error), code };
}
