import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import type { ErrorExtractor } from './errors';
import { apiError, asNodeError, transportError } from './errors';
import type { HttpResponse, RequestContext } from './http';
import { sendWithRetries, TransportError } from './http';
import { idempotencyKey } from './idempotency';
import { errorItem } from './items';

/** Everything that differs between the three APIs; the request mechanics are shared. */
export interface ApiClient {
	/** Shown in error messages, e.g. "VMEG". */
	name: string;
	credentialType: string;
	extractError: ErrorExtractor;
	/** Header carrying an idempotency key, for requests `needsIdempotencyKey` selects. */
	idempotencyHeader?: string;
	needsIdempotencyKey?: (method: string, path: string) => boolean;
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
type ExecutionAware = RequestContext & { getExecutionId?: () => string };

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
	const credentials = await decryptedCredentials(ctx, client);
	return String(credentials.data?.baseUrl ?? '').replace(/\/+$/, '');
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
	const baseURL = await credentialBaseUrl(ctx, client);
	return await sendPrepared<T>(ctx, client, { ...toHttpOptions(request), baseURL }, options);
}

function toHttpOptions(request: ApiRequest): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.path,
		qs: request.qs,
		headers: { ...(request.headers ?? {}) },
		encoding: request.encoding,
		timeout: request.timeout ?? 120_000,
		json: request.encoding === undefined || request.encoding === 'json',
	};
	if (request.disableFollowRedirect) options.disableFollowRedirect = true;
	if (request.body !== undefined) options.body = request.body as IHttpRequestOptions['body'];
	return options;
}

async function sendPrepared<T>(
	ctx: ExecutionAware,
	client: ApiClient,
	httpOptions: IHttpRequestOptions,
	options: CallOptions,
): Promise<HttpResponse<T>> {
	const method = (httpOptions.method ?? 'GET').toUpperCase();
	const path = httpOptions.url;
	const headers = { ...(httpOptions.headers ?? {}) } as IDataObject;
	let idempotent = method === 'GET' || method === 'HEAD';
	if (client.idempotencyHeader && client.needsIdempotencyKey?.(method, path)) {
		const existing = headers[client.idempotencyHeader];
		headers[client.idempotencyHeader] =
			typeof existing === 'string' && existing !== ''
				? existing
				: idempotencyKey({
						executionId: ctx.getExecutionId?.() ?? 'no-execution',
						nodeId: ctx.getNode().id,
						itemIndexes: options.itemIndexes ?? [options.itemIndex ?? 0],
						method,
						path,
						body: httpOptions.body,
					});
		idempotent = true;
	}
	const context = { apiName: client.name, itemIndex: options.itemIndex };
	let response: HttpResponse<T>;
	try {
		response = await sendWithRetries<T>(
			ctx,
			{ ...httpOptions, headers },
			{
				credentialType: client.credentialType,
				credentials: await decryptedCredentials(ctx, client),
				retrySafe: idempotent,
			},
		);
	} catch (error) {
		if (error instanceof TransportError) throw transportError(ctx.getNode(), error, context);
		throw asNodeError(ctx.getNode(), error, options.itemIndex);
	}
	const failure = client.extractError(response);
	if (failure) throw apiError(ctx.getNode(), response, failure, context);
	return response;
}

/**
 * Executor for declarative operations. Put it in the node's `requestOperations.pagination` and
 * give each operation `send: { paginate: true }`: n8n then hands us the request it built from
 * the routing description, and it goes through the same retries, idempotency and error mapping
 * as the programmatic operations. `toItems` sends the request (paging through lists if it
 * needs to) and shapes the answers into output items.
 */
export function declarativeExecutor(
	client: ApiClient,
	toItems: (
		this: IExecutePaginationFunctions,
		send: (request: IHttpRequestOptions) => Promise<HttpResponse>,
		request: IHttpRequestOptions,
	) => Promise<IDataObject[]>,
) {
	return async function execute(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		const send = async (request: IHttpRequestOptions) =>
			await sendPrepared(this, client, request, { itemIndex });
		try {
			const records = await toItems.call(this, send, requestData.options as IHttpRequestOptions);
			return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (error) {
			if (this.continueOnFail()) {
				return [errorItem(itemIndex, error as Error)];
			}
			throw asNodeError(this.getNode(), error, itemIndex);
		}
	};
}
