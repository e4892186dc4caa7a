/**
 * A small, real-HTTP stand-in for n8n's execution contexts, for unit tests that drive node
 * functions against the local emulator instead of mocking HTTP.
 *
 *  - `helpers.httpRequestWithAuthentication` applies the package's own credential classes
 *    (generic `authenticate` objects with `={{$credentials.x}}` values, or `authenticate()`
 *    functions) and sends the request with fetch; `returnFullResponse`, `ignoreHttpStatusErrors`,
 *    `encoding` ('stream' | 'arraybuffer' | json/text), `qs`, `baseURL` and Buffer/JSON bodies are honoured;
 *    spec FormData bodies are streamed, encoded as axios encodes them inside n8n.
 *  - Binary data lives in memory (base64 in the item), as in n8n's default mode.
 *  - `requests` records every request the context sent (method, url, headers, body size).
 *
 * Usage:
 *   const ctx = fakeExecuteContext({ parameters: { operation: 'textToSpeech', prompt: 'Hi' },
 *     credentials: { vimmerseApi: { apiKey: 'vimmerse-test-key', baseUrl: `${emu.url}/vimmerse` } } });
 *   const [out] = await audio.textToSpeech.execute.call(ctx);
 * `parameters` may be a function of the item index for per-item values.
 */
import type {
	IAdditionalCredentialOptions,
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { packageCredentials } from '../../support/packageTypes';

type Parameters = Record<string, unknown>;

let executionCount = 0;

export interface FakeContextOptions {
	parameters: Parameters | ((itemIndex: number) => Parameters);
	items?: INodeExecutionData[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	node?: Partial<INode>;
	/** Default: a new ID per context, as every n8n run is a new execution (idempotency keys differ). */
	executionId?: string;
}

export interface SentRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	bodyBytes: number;
	/** The body was sent as a stream (a multipart form read while sending). */
	streamed: boolean;
	/** The request's timeout (ms), as handed to n8n. */
	timeoutMs: number | undefined;
}

export interface FakeContext extends IExecuteFunctions {
	requests: SentRequest[];
}

/** Every credential the package registers, by name: their `authenticate` is applied as n8n would. */
const CREDENTIAL_TYPES: Record<string, { authenticate?: unknown }> = Object.fromEntries(packageCredentials().map((c) => [c.name, c]));

function resolveCredentialExpression(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value.slice(1).replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, key: string) => String(credentials[key] ?? ''));
}

async function authenticate(type: string, credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const credentialType = CREDENTIAL_TYPES[type];
	const auth = credentialType?.authenticate as
		| ((c: ICredentialDataDecryptedObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>)
		| { type: 'generic'; properties: { headers?: IDataObject; qs?: IDataObject } }
		| undefined;
	if (!auth) return options;
	if (typeof auth === 'function') return await auth.call(credentialType, credentials, options);
	const headers = { ...(options.headers ?? {}) } as IDataObject;
	for (const [k, v] of Object.entries(auth.properties.headers ?? {})) headers[k] = resolveCredentialExpression(v, credentials) as string;
	const qs = { ...(options.qs ?? {}) } as IDataObject;
	for (const [k, v] of Object.entries(auth.properties.qs ?? {})) qs[k] = resolveCredentialExpression(v, credentials) as string;
	return { ...options, headers, qs };
}

function buildUrl(options: IHttpRequestOptions): string {
	const base = options.baseURL ? options.baseURL.replace(/\/+$/, '') : '';
	const url = /^https?:\/\//.test(options.url) ? options.url : `${base}${options.url.startsWith('/') ? '' : '/'}${options.url}`;
	const u = new URL(url);
	for (const [k, v] of Object.entries((options.qs ?? {}) as IDataObject)) {
		if (v === undefined || v === null) continue;
		u.searchParams.set(k, String(v));
	}
	return u.toString();
}

async function toBuffer(source: Buffer | AsyncIterable<Buffer | Uint8Array> | NodeJS.ReadableStream): Promise<Buffer> {
	if (Buffer.isBuffer(source)) return source;
	const chunks: Buffer[] = [];
	for await (const chunk of source as AsyncIterable<Buffer | Uint8Array>) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

type SpecFormValue = string | { name?: string; type?: string; size?: number; stream(): AsyncIterable<Uint8Array> };
interface SpecForm {
	entries(): Iterable<[string, SpecFormValue]>;
}

/** A spec-compliant FormData (what axios streams with `formDataToStream`). */
function isSpecForm(value: unknown): value is SpecForm {
	const form = value as { append?: unknown; entries?: unknown; [Symbol.toStringTag]?: unknown } | null;
	return typeof form?.append === 'function' && typeof form.entries === 'function' && form[Symbol.toStringTag] === 'FormData';
}

/**
 * Encodes a spec form as axios does in n8n (same part headers, name escaping and CRLFs) into a
 * lazy body, and its Content-Length when every file's size is known.
 */
function encodeSpecForm(form: SpecForm): { body: AsyncIterable<Buffer>; contentType: string; length: number | undefined } {
	const boundary = `fake-context-boundary-${Date.now().toString(36)}`;
	const escape = (name: string) => name.replace(/[\r\n"]/g, (c) => ({ '\r': '%0D', '\n': '%0A', '"': '%22' })[c]!);
	const parts = [...form.entries()].map(([name, value]) => {
		const isText = typeof value === 'string';
		let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"`;
		if (!isText && value.name) head += `; filename="${escape(value.name)}"`;
		head += isText ? '\r\n\r\n' : `\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`;
		const text = isText ? Buffer.from(value.replace(/\r?\n|\r\n?/g, '\r\n')) : undefined;
		return { head: Buffer.from(head), text, file: isText ? undefined : value };
	});
	const tail = Buffer.from(`--${boundary}--\r\n`);
	let length: number | undefined = tail.length;
	for (const part of parts) {
		const size = part.text ? part.text.length : part.file?.size;
		length = length === undefined || typeof size !== 'number' ? undefined : length + part.head.length + size + 2;
	}
	async function* body() {
		for (const part of parts) {
			yield part.head;
			if (part.text) yield part.text;
			else for await (const chunk of part.file!.stream()) yield Buffer.from(chunk);
			yield Buffer.from('\r\n');
		}
		yield tail;
	}
	return { body: body(), contentType: `multipart/form-data; boundary=${boundary}`, length };
}

/** Sends one request like n8n's httpRequest helper (subset used by this package). */
export async function sendHttp(options: IHttpRequestOptions, log?: SentRequest[]): Promise<unknown> {
	const method = (options.method ?? 'GET').toUpperCase();
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries((options.headers ?? {}) as IDataObject)) if (v !== undefined) headers[k.toLowerCase()] = String(v);
	let body: Buffer | string | AsyncIterable<Buffer> | undefined;
	let bodyBytes: number | undefined;
	const raw = options.body as unknown;
	if (raw !== undefined && raw !== null && method !== 'GET' && method !== 'HEAD') {
		if (isSpecForm(raw)) {
			const form = encodeSpecForm(raw);
			body = form.body;
			bodyBytes = form.length;
			headers['content-type'] = form.contentType;
			if (form.length !== undefined) headers['content-length'] = String(form.length);
		} else if (Buffer.isBuffer(raw)) body = raw;
		else if (typeof raw === 'string') body = raw;
		else if (typeof raw === 'object' && Object.keys(raw as object).length === 0 && method === 'GET') body = undefined;
		else {
			body = JSON.stringify(raw);
			headers['content-type'] ??= 'application/json';
		}
	}
	const url = buildUrl(options);
	if (bodyBytes === undefined && (typeof body === 'string' || Buffer.isBuffer(body))) bodyBytes = Buffer.byteLength(body);
	log?.push({ method, url, headers, bodyBytes: bodyBytes ?? 0, streamed: body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body), timeoutMs: options.timeout });
	// n8n applies `timeout` (axios): no answer within it is an ETIMEDOUT failure.
	const signals = [options.abortSignal as AbortSignal | undefined, options.timeout ? AbortSignal.timeout(options.timeout) : undefined].filter(
		(s): s is AbortSignal => s !== undefined,
	);
	const init = { method, headers, body, signal: signals.length ? AbortSignal.any(signals) : undefined, duplex: 'half' } as RequestInit;
	const response = await fetch(url, init).catch((error: Error) => {
		const timedOut = error.name === 'TimeoutError';
		return Promise.reject(timedOut ? Object.assign(new Error(`timeout of ${options.timeout}ms exceeded`), { code: 'ECONNABORTED' }) : error);
	});
	const responseHeaders: Record<string, string> = {};
	response.headers.forEach((value, key) => (responseHeaders[key] = value));
	let responseBody: unknown;
	if (options.encoding === 'stream') {
		responseBody = response.body ?? (async function* () {})();
	} else if (options.encoding === 'arraybuffer') {
		responseBody = Buffer.from(await response.arrayBuffer());
	} else {
		const text = await response.text();
		const isJson = (responseHeaders['content-type'] ?? '').includes('json');
		try {
			responseBody = isJson || options.json ? JSON.parse(text) : text;
		} catch {
			responseBody = text;
		}
	}
	if (response.status >= 400 && !options.ignoreHttpStatusErrors) {
		const error = new Error(`Request failed with status code ${response.status}`) as Error & { httpCode: string };
		error.httpCode = String(response.status);
		throw error;
	}
	return options.returnFullResponse ? { statusCode: response.status, headers: responseHeaders, body: responseBody } : responseBody;
}

function getPath(source: unknown, path: string): unknown {
	let value: unknown = source;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

export function fakeExecuteContext(options: FakeContextOptions): FakeContext {
	const items: INodeExecutionData[] = options.items ?? [{ json: {} }];
	const requests: SentRequest[] = [];
	const paramsFor = (i: number): Parameters => (typeof options.parameters === 'function' ? options.parameters(i) : options.parameters);
	const node: INode = {
		id: 'node-under-test',
		name: 'Node Under Test',
		type: 'n8n-nodes-ai-voice.test',
		typeVersion: 1,
		position: [0, 0],
		// n8n's node holds the parameters as set (one set for all items; expressions make them differ per item).
		parameters: paramsFor(0) as INode['parameters'],
		...(options.node ?? {}),
	} as INode;
	const getCredentials = async (type: string) => {
		const c = options.credentials?.[type];
		if (!c) throw new Error(`No credentials of type ${type} in the fake context`);
		return c;
	};

	const executionId = options.executionId ?? `test-execution-${++executionCount}`;
	// n8n's per-execution node context: the same object for every execute() of this context (Retry On Fail).
	const nodeContext: IDataObject = {};
	const ctx = {
		getContext: (type: string) => {
			if (type !== 'node') throw new Error('The fake context only has the node context');
			return nodeContext;
		},
		requests,
		getInputData: () => items,
		getNode: () => node,
		getExecutionId: () => executionId,
		getExecutionCancelSignal: () => undefined,
		continueOnFail: () => options.continueOnFail === true,
		getCredentials,
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown, opts?: { extractValue?: boolean }) {
			let value = getPath(paramsFor(itemIndex), name);
			if (value === undefined) {
				if (arguments.length >= 3) return fallback;
				throw new Error(`Could not get parameter "${name}" (not set in the fake context)`);
			}
			if (opts?.extractValue && value && typeof value === 'object' && 'value' in (value as object)) value = (value as IDataObject).value;
			return value;
		},
		helpers: {
			// Like n8n: credentials handed in already decrypted are used as they are, else read again.
			async httpRequestWithAuthentication(type: string, requestOptions: IHttpRequestOptions, additional?: IAdditionalCredentialOptions) {
				const credentials = additional?.credentialsDecrypted?.data ?? (await ctx.getCredentials(type));
				return await sendHttp(await authenticate(type, credentials, requestOptions), requests);
			},
			async httpRequest(requestOptions: IHttpRequestOptions) {
				return await sendHttp(requestOptions, requests);
			},
			async prepareBinaryData(data: Buffer | NodeJS.ReadableStream, fileName?: string, mimeType?: string): Promise<IBinaryData> {
				const buffer = await toBuffer(data as Buffer);
				const fileExtension = fileName?.includes('.') ? fileName.split('.').pop() : undefined;
				return {
					data: buffer.toString('base64'),
					mimeType: mimeType ?? 'application/octet-stream',
					fileName,
					fileExtension,
					fileSize: String(buffer.length),
				} as IBinaryData;
			},
			async getBinaryDataBuffer(itemIndex: number, propertyName: string) {
				const binary = items[itemIndex]?.binary?.[propertyName];
				if (!binary) throw new Error(`No binary property ${propertyName}`);
				return Buffer.from(binary.data, 'base64');
			},
			assertBinaryData(itemIndex: number, propertyName: string) {
				const binary = items[itemIndex]?.binary?.[propertyName];
				if (!binary) throw new Error(`No binary property ${propertyName}`);
				return binary;
			},
			async getBinaryMetadata() {
				throw new Error('The fake context keeps binaries in memory (no binary ids)');
			},
			async getBinaryStream() {
				throw new Error('The fake context keeps binaries in memory (no binary ids)');
			},
		},
	};
	return ctx as unknown as FakeContext;
}

/** The same context seen as a list-search (load options) context. */
export function asLoadOptionsContext(ctx: FakeContext, parameters: Parameters = {}): ILoadOptionsFunctions {
	return Object.assign(Object.create(ctx), {
		getNodeParameter: (name: string, fallback?: unknown) => getPath(parameters, name) ?? fallback,
		getCurrentNodeParameter: (name: string) => getPath(parameters, name),
	}) as unknown as ILoadOptionsFunctions;
}

/** The context a declarative node's `requestOperations.pagination` function runs in, for one item. */
export function asPaginationContext(ctx: FakeContext, itemIndex = 0): IExecutePaginationFunctions {
	return Object.assign(Object.create(ctx), {
		getItemIndex: () => itemIndex,
		getNodeParameter: (name: string, fallback?: unknown) =>
			(ctx.getNodeParameter as (n: string, i: number, f?: unknown) => unknown)(name, itemIndex, fallback),
		makeRoutingRequest: async () => {
			throw new Error('not supported by the fake context');
		},
	}) as unknown as IExecutePaginationFunctions;
}

/** An input item carrying `data` as an in-memory binary property. */
export function binaryItem(data: Buffer, fileName: string, mimeType: string, property = 'data', json: IDataObject = {}): INodeExecutionData {
	return {
		json,
		binary: {
			[property]: { data: data.toString('base64'), fileName, mimeType, fileExtension: fileName.split('.').pop(), fileSize: String(data.length) } as IBinaryData,
		},
	};
}

/** A resource-locator value typed by ID, as a picker stores it. */
export const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/** `n` plain input items, `{ i }` each. */
export const items = (n: number): INodeExecutionData[] => Array.from({ length: n }, (_, i) => ({ json: { i } }));
