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
	/** How many times the request was sent (set by sendWithRetries). */
	attempts?: number;
	/** How many of those attempts lost their answer (reset, timeout) before this one was answered. */
	lostAnswers?: number;
}

/** What the previous attempt of a request ended with, so the next one can pick its idempotency key. */
export interface AttemptInfo {
	attempt: number;
	/** `answered`: the server gave an HTTP answer (a key it saw is spent); `lost`: no answer arrived. */
	previous?: 'answered' | 'lost';
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
	/** Statuses retried for a safe request (default: 429 and 5xx). Keyed POSTs narrow this. */
	retryStatuses?: ReadonlySet<number>;
	/**
	 * The status an answer really has, for APIs that put errors inside an HTTP 200 envelope
	 * (VMEG's `{code: 502}`); retries follow it.
	 */
	statusOf?: (response: HttpResponse) => number;
}

/** A failure to get any HTTP answer (reset, refused, timed out). */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly code: string | undefined,
		readonly attempts: number,
		/** True when the request may have reached the server (not a refused or unresolvable host). */
		readonly maybeSent = code === undefined || !NOT_SENT_CODES.has(code),
	) {
		super(message);
		this.name = 'TransportError';
	}

	get timedOut(): boolean {
		return this.code !== undefined && TIMEOUT_CODES.has(this.code);
	}
}

export const DEFAULT_RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

/**
 * Sends one logical request with retries on 429, 5xx and connection failures, honouring
 * Retry-After and backing off exponentially with jitter. Never throws on an HTTP status:
 * callers map non-2xx answers to errors with the API's own message.
 *
 * `request` may be a factory, called for every attempt: a streamed body is re-opened, and an
 * idempotency key can be renewed once the server has answered (a key it saw is spent).
 */
export async function sendWithRetries<T = unknown>(
	ctx: RequestContext,
	request: IHttpRequestOptions | ((attempt: AttemptInfo) => Promise<IHttpRequestOptions>),
	options: SendOptions,
): Promise<HttpResponse<T>> {
	const policy = options.retry ?? DEFAULT_RETRY_POLICY;
	const retryStatuses = options.retryStatuses ?? DEFAULT_RETRY_STATUSES;
	// A cancelled execution stops retrying at once, whichever node or operation sent the request.
	const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
	let previous: AttemptInfo['previous'];
	let lostAnswers = 0;
	for (let attempt = 1; ; attempt++) {
		const base = typeof request === 'function' ? await request({ attempt, previous }) : request;
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
			response.attempts = attempt;
			response.lostAnswers = lostAnswers;
			const status = options.statusOf?.(response as HttpResponse) ?? response.statusCode;
			const retryable = retryStatuses.has(status) && (options.retrySafe || status === 429);
			if (!retryable || !canRetry) return response;
			previous = 'answered';
			await sleepUnlessCancelled(retryDelayMs(attempt, policy, response.headers), signal);
			continue;
		}

		const failed = failure ?? { message: 'Unknown transport failure' };
		const notSent = failed.code !== undefined && NOT_SENT_CODES.has(failed.code);
		if (!notSent) lostAnswers++;
		// An invalid URL fails the same way every time: retrying it only delays the error.
		const safe = failed.code !== 'ERR_INVALID_URL' && (options.retrySafe || notSent);
		if (!safe || !canRetry) throw new TransportError(failed.message, failed.code, attempt, lostAnswers > 0);
		previous = notSent ? previous : 'lost';
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
	const e = error as { code?: string; cause?: { code?: string }; message?: string; httpCode?: unknown; messages?: unknown };
	// n8n wraps the socket error in a NodeApiError that keeps its code only as `httpCode` ("ECONNRESET").
	const wrapped = typeof e?.httpCode === 'string' && /^E[A-Z_]+$/.test(e.httpCode) ? e.httpCode : undefined;
	const code = e?.code ?? e?.cause?.code ?? wrapped;
	const original = Array.isArray(e?.messages) && typeof e.messages[0] === 'string' ? e.messages[0] : undefined;
	return { message: original ?? e?.message ?? String(error), code };
}
