import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INodeExecutionData,
	INodePropertyRouting,
	INodeTypeDescription,
} from 'n8n-workflow';

import type { ApiClient } from './api';
import { DEFAULT_REQUEST_TIMEOUT_MS, sendPrepared } from './api';
import { asNodeError } from './errors';
import type { HttpResponse } from './http';
import { errorItem } from './items';

/** Sends one request through the shared transport; lists call it once per page. */
export type SendDeclarative = (request: IHttpRequestOptions) => Promise<HttpResponse>;

/** Turns the answer(s) to a declarative operation's request into output items. */
export type AnswerToItems = (this: IExecutePaginationFunctions, send: SendDeclarative, request: IHttpRequestOptions) => Promise<IDataObject[]>;

export interface DeclarativeRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's base URL. */
	url: string;
}

/** Routing builders for an API's declarative operations; every request goes through the shared transport. */
export interface DeclarativeApi {
	/** One request, its answer shaped into item(s). */
	request(request: DeclarativeRequest): INodePropertyRouting;
	/** A list: the transport follows its pages until Return All or Limit is satisfied. */
	pagedList(request: DeclarativeRequest): INodePropertyRouting;
}

/**
 * `requestDefaults` of a node with declarative operations: n8n runs a node's routing only when
 * the node has them. They hold no base URL: n8n would evaluate an expression for it on every
 * item, while the transport takes it from the credential it reads once per execution.
 */
export function declarativeDefaults(headers: Record<string, string>): INodeTypeDescription['requestDefaults'] {
	return { headers };
}

/**
 * n8n sends a declarative request itself (no retries, idempotency keys or our error mapping)
 * unless the routing sets `send.paginate`: then it hands the request it built from the routing
 * description to `operations.pagination`. That hook is how our declarative operations reach the
 * transport, paged or not; whether a list is paged is said by `pagedList`, not by the hook.
 */
export function declarativeApi(client: ApiClient, shape: { one: AnswerToItems; pages: AnswerToItems }): DeclarativeApi;
/** An API without paged lists: only `request` (a `pagedList` would have no page shaping to use). */
export function declarativeApi(client: ApiClient, shape: { one: AnswerToItems }): Pick<DeclarativeApi, 'request'>;
export function declarativeApi(
	client: ApiClient,
	shape: { one: AnswerToItems; pages?: AnswerToItems },
): DeclarativeApi | Pick<DeclarativeApi, 'request'> {
	const routing = (request: DeclarativeRequest, toItems: AnswerToItems): INodePropertyRouting => ({
		request,
		send: { paginate: true },
		operations: { pagination: viaTransport(client, toItems) },
	});
	const { one, pages } = shape;
	const request = (req: DeclarativeRequest) => routing(req, one);
	if (!pages) return { request };
	return { request, pagedList: (req: DeclarativeRequest) => routing(req, pages) };
}

function viaTransport(client: ApiClient, toItems: AnswerToItems) {
	return async function execute(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		// n8n's routing gives every request 300 s unless the node has a requestOptions parameter
		// (these nodes have none), so its timeout is replaced by the one every other request has.
		const send: SendDeclarative = async (request) => await sendPrepared(this, client, { ...request, timeout: DEFAULT_REQUEST_TIMEOUT_MS }, { itemIndex });
		try {
			const records = await toItems.call(this, send, requestData.options as IHttpRequestOptions);
			return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (error) {
			if (this.continueOnFail()) return [errorItem(itemIndex, error as Error)];
			throw asNodeError(this.getNode(), error, itemIndex);
		}
	};
}
