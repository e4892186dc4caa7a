import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	INodeProperties,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import type { ErrorExtractor } from './errors';
import { apiError, asNodeError, markTransient, transportError } from './errors';
import { parameterOf } from './parameters';
import type { AttemptInfo, HttpResponse, RequestContext } from './http';
import { DEFAULT_RETRY_STATUSES, sendWithRetries, TransportError } from './http';
import { idempotencyKey, IdempotencyLedger } from './idempotency';

/** A keyed POST that was answered 429/503 did no work: only those are repeated (with a new key). */
const KEYED_POST_RETRY_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Default time a request may take before its answer counts as lost (Options > Request Timeout). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/** The "Request Timeout" option, for the Options collection of operations that call an API. */
export const requestTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'requestTimeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 3600 },
	default: 120,
	description:
		'How long one request may go without an answer before it counts as lost. A lost request is repeated only where that cannot pay twice (idempotency key, downloads, status checks).',
};

/** What the API client gets to find the job of a request whose answer was lost and whose repeat was refused. */
export interface LostAnswerReplay {
	method: string;
	path: string;
	body: unknown;
	/** Epoch ms of the first send of the request: the job was created after this. */
	sentAt: number;
	itemIndex?: number;
	itemIndexes: number[];
}

/** Everything that differs between the three APIs; the request mechanics are shared. */
export interface ApiClient {
	/** Shown in error messages, e.g. "VMEG". */
	name: string;
	credentialType: string;
	extractError: ErrorExtractor;
	/** Header carrying an idempotency key, for requests `needsIdempotencyKey` selects. */
	idempotencyHeader?: string;
	needsIdempotencyKey?: (method: string, path: string) => boolean;
	/** The status an answer really has when the API reports errors inside an HTTP 200 envelope. */
	statusOf?: (response: HttpResponse) => number;
	/** True for the API's "this key was already used" answer. */
	isKeyReplay?: (response: HttpResponse) => boolean;
	/**
	 * Called when a keyed request lost its answer and its repeat got the "key already used"
	 * answer: the API accepted the first send. Returns the answer the first send would have had
	 * (found from the API's job list), `'resend'` when the step is free to ask again with a new
	 * key, or throws an error that names the candidates.
	 */
	recoverLostAnswer?: (ctx: ExecutionAware, replay: LostAnswerReplay) => Promise<HttpResponse | 'resend'>;
	/** For APIs without idempotency keys: where a user finds a job whose answer was lost. */
	whereToLookForJobs?: string;
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's base URL, e.g. "/openapi/v1/tasks/list". */
	path: string;
	qs?: IDataObject;
	body?: unknown;
	headers?: IDataObject;
	encoding?: IHttpRequestOptions['encoding'];
	timeout?: number;
	disableFollowRedirect?: boolean;
}

export interface CallOptions {
	itemIndex?: number;
	/** Items this request works for; part of the idempotency key (default: `[itemIndex]`). */
	itemIndexes?: number[];
}

/** Every request context has getNode(); execute contexts also name their execution. */
export type ExecutionAware = RequestContext & { getExecutionId?: () => string };

/**
 * Decrypted credentials, per execution. n8n reads a credential from its database and decrypts
 * it on every getCredentials() call, and httpRequestWithAuthentication() does so for every
 * request unless it is handed the decrypted credential: that was most of the per-item cost of
 * a declarative operation (e.g. Task Get for 200 items). The execution's cancel signal is the
 * one object all of an execution's contexts share, so entries go when the execution does.
 */
const credentialsByExecution = new WeakMap<object, Map<string, Promise<ICredentialsDecrypted>>>();

async function decryptedCredentials(ctx: RequestContext, client: ApiClient): Promise<ICredentialsDecrypted> {
	const type = client.credentialType;
	const reference = ctx.getNode().credentials?.[type];
	const load = async (): Promise<ICredentialsDecrypted> => ({
		id: reference?.id ?? '',
		name: reference?.name ?? '',
		type,
		data: await ctx.getCredentials<ICredentialDataDecryptedObject>(type),
	});
	const execution = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
	if (!execution || !reference?.id) return await load();
	let cached = credentialsByExecution.get(execution);
	if (!cached) credentialsByExecution.set(execution, (cached = new Map()));
	const key = `${type}:${reference.id}`;
	let pending = cached.get(key);
	if (!pending) {
		pending = load();
		cached.set(key, pending);
		pending.catch(() => cached.delete(key)); // a failed read is not remembered
	}
	return await pending;
}

/** Reads the base URL from the credential (kept apart from any HTTP call, as lint requires). */
export async function credentialBaseUrl(ctx: RequestContext, client: ApiClient): Promise<string> {
	return baseUrlOf(await decryptedCredentials(ctx, client));
}

function baseUrlOf(credentials: ICredentialsDecrypted): string {
	return String(credentials.data?.baseUrl ?? '').replace(/\/+$/, '');
}

/** A Base URL without http(s):// fails the same way on every try: say so once, before sending. */
function checkBaseUrl(ctx: RequestContext, client: ApiClient, baseURL: string | undefined, itemIndex?: number): void {
	if (baseURL === undefined || /^https?:\/\/[^/\s]+/i.test(baseURL)) return;
	throw new NodeOperationError(ctx.getNode(), `The Base URL in the ${client.name} credential is not a web address: "${baseURL.slice(0, 100)}"`, {
		itemIndex,
		description: `Start it with https:// (for example https://${baseURL.replace(/^([a-z]+:)?\/*/i, '') || 'api.example.com'}).`,
	});
}

/**
 * Options > Request Timeout of the item, in ms, where the operation has one; `undefined`
 * otherwise (the request's own default applies).
 */
export function configuredTimeoutMs(ctx: RequestContext, itemIndex: number | undefined): number | undefined {
	if (itemIndex === undefined || !('getInputData' in ctx)) return undefined;
	// Only operations with an Options collection have the setting; skipping the others saves
	// n8n a parameter lookup per item.
	const options = ctx.getNode().parameters?.options;
	if (options === null || typeof options !== 'object') return undefined;
	// parameterOf reads it right in a declarative operation's one-item context too, where a
	// second argument is the fallback (item 5 got a 5 s timeout when it was passed the index).
	const seconds = Number(parameterOf(ctx as IExecuteFunctions | IExecuteSingleFunctions, 'options.requestTimeout', itemIndex, 0));
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * One API call: authenticated, retried when safe, idempotent where the API supports it, and
 * every failure turned into a NodeApiError carrying the API's own message.
 */
export async function callApi<T = unknown>(
	ctx: ExecutionAware,
	client: ApiClient,
	request: ApiRequest,
	options: CallOptions = {},
): Promise<HttpResponse<T>> {
	return await sendPrepared<T>(ctx, client, toHttpOptions(request), options);
}

function toHttpOptions(request: ApiRequest): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.path,
		qs: request.qs,
		headers: { ...(request.headers ?? {}) },
		encoding: request.encoding,
		timeout: request.timeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
		json: request.encoding === undefined || request.encoding === 'json',
	};
	if (request.disableFollowRedirect) options.disableFollowRedirect = true;
	if (request.body !== undefined) options.body = request.body as IHttpRequestOptions['body'];
	return options;
}

/** Sends a prepared request: to the credential's base URL unless it names its own. */
export async function sendPrepared<T>(
	ctx: ExecutionAware,
	client: ApiClient,
	httpOptions: IHttpRequestOptions,
	options: CallOptions,
): Promise<HttpResponse<T>> {
	const method = (httpOptions.method ?? 'GET').toUpperCase();
	const path = httpOptions.url;
	let credentials: ICredentialsDecrypted;
	try {
		credentials = await decryptedCredentials(ctx, client);
	} catch (error) {
		throw asNodeError(ctx.getNode(), error, options.itemIndex);
	}
	const baseURL = httpOptions.baseURL ?? baseUrlOf(credentials);
	checkBaseUrl(ctx, client, baseURL, options.itemIndex);
	const timeout = configuredTimeoutMs(ctx, options.itemIndex) ?? httpOptions.timeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
	const headers = { ...(httpOptions.headers ?? {}) } as IDataObject;
	const itemIndexes = options.itemIndexes ?? [options.itemIndex ?? 0];
	const header = client.idempotencyHeader;
	const presetKey = header ? headers[header] : undefined;
	const keyed = Boolean(header && client.needsIdempotencyKey?.(method, path)) && !(typeof presetKey === 'string' && presetKey !== '');
	const ledger = keyed ? new IdempotencyLedger(ctx) : undefined;
	const baseKey = keyed
		? idempotencyKey({
				executionId: ctx.getExecutionId?.() ?? 'no-execution',
				nodeId: ctx.getNode().id,
				itemIndexes,
				method,
				path,
				body: httpOptions.body,
			})
		: '';
	const idempotent = method === 'GET' || method === 'HEAD' || keyed || (typeof presetKey === 'string' && presetKey !== '');
	let sentAt = Date.now();
	const attemptOptions = async ({ previous }: AttemptInfo): Promise<IHttpRequestOptions> => {
		if (ledger) {
			// After a lost answer the key is kept even through a 429/503: the lost send may have
			// been accepted, and only the same key lets VMEG say so (409) instead of paying twice.
			if (previous === 'answered' && ledger.lostSince(baseKey) === undefined) ledger.spend(baseKey);
			if (previous === 'lost') ledger.markLost(baseKey, sentAt);
			headers[header!] = ledger.key(baseKey);
		}
		sentAt = Date.now();
		return { ...httpOptions, baseURL, timeout, headers: { ...headers } };
	};
	const context = { apiName: client.name, itemIndex: options.itemIndex };
	let response: HttpResponse<T>;
	try {
		response = await sendWithRetries<T>(ctx, attemptOptions, {
			credentialType: client.credentialType,
			credentials,
			retrySafe: idempotent,
			retryStatuses: keyed && method === 'POST' ? KEYED_POST_RETRY_STATUSES : DEFAULT_RETRY_STATUSES,
			statusOf: client.statusOf,
		});
	} catch (error) {
		if (error instanceof TransportError) {
			if (ledger && error.maybeSent) ledger.markLost(baseKey, sentAt);
			const unsafeRepeat = !idempotent && client.whereToLookForJobs ? { whereToLook: client.whereToLookForJobs } : undefined;
			const failure = transportError(ctx.getNode(), error, { ...context, unsafeRepeat, timeoutSeconds: Math.round(timeout / 1000) });
			throw error.code !== 'ERR_INVALID_URL' ? markTransient(failure) : failure;
		}
		throw asNodeError(ctx.getNode(), error, options.itemIndex);
	}
	const status = client.statusOf?.(response) ?? response.statusCode;
	if (ledger) {
		const lostSince = ledger.lostSince(baseKey);
		// Any answer uses the key up, so the next attempt of this work (Retry On Fail) sends a new
		// one; except a "try later" (429/503) after a lost send, which says nothing about that send.
		if (lostSince === undefined || !KEYED_POST_RETRY_STATUSES.has(status)) ledger.spend(baseKey);
		if (lostSince !== undefined && client.recoverLostAnswer && client.isKeyReplay?.(response)) {
			const recovered = await client.recoverLostAnswer(ctx, {
				method,
				path,
				body: httpOptions.body,
				sentAt: lostSince,
				itemIndex: options.itemIndex,
				itemIndexes,
			});
			// The key is spent now, so the resend goes with a new one (and cannot recurse again).
			if (recovered === 'resend') return await sendPrepared<T>(ctx, client, httpOptions, options);
			return recovered as HttpResponse<T>;
		}
	}
	const failure = client.extractError(response);
	if (failure) {
		const error = apiError(ctx.getNode(), response, failure, context);
		throw status === 429 || status >= 500 ? markTransient(error) : error;
	}
	return response;
}
