'use strict';
/**
 * A plain-JS stand-in for n8n's execution context, for the benchmark (the TS one in
 * test/unit/support needs ts-jest). Unlike the unit-test context it keeps binaries ON DISK, like
 * n8n's filesystem binary mode: `prepareBinaryData` writes a stream (or buffer) to a temp file
 * and returns an id, so a streamed download never has to sit whole in memory.
 *
 * HTTP goes through Node's fetch (undici); `encoding: 'stream'` returns the body as a Node
 * Readable (what n8n's axios-based helper returns), `arraybuffer` a Buffer, else parsed JSON/text.
 */
const fs = require('fs');
const path = require('path');
const { Readable } = require('stream');
const { pipeline } = require('stream/promises');

function buildUrl(options) {
	const base = options.baseURL ? options.baseURL.replace(/\/+$/, '') : '';
	const raw = /^https?:\/\//.test(options.url) ? options.url : `${base}${options.url.startsWith('/') ? '' : '/'}${options.url}`;
	const url = new URL(raw);
	for (const [key, value] of Object.entries(options.qs ?? {})) if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
	return url.toString();
}

/** Sends one request like n8n's `helpers.httpRequest` (the subset this package uses). */
async function sendHttp(options, log) {
	const method = (options.method ?? 'GET').toUpperCase();
	const headers = {};
	for (const [key, value] of Object.entries(options.headers ?? {})) if (value !== undefined) headers[key.toLowerCase()] = String(value);
	let body;
	if (options.body !== undefined && options.body !== null && method !== 'GET' && method !== 'HEAD') {
		if (Buffer.isBuffer(options.body) || typeof options.body === 'string') body = options.body;
		else {
			body = JSON.stringify(options.body);
			headers['content-type'] ??= 'application/json';
		}
	}
	const url = buildUrl(options);
	log?.push({ method, url });
	const response = await fetch(url, { method, headers, body, signal: options.abortSignal });
	const responseHeaders = {};
	response.headers.forEach((value, key) => (responseHeaders[key] = value));
	let responseBody;
	if (options.encoding === 'stream') responseBody = response.body ? Readable.fromWeb(response.body) : Readable.from([]);
	else if (options.encoding === 'arraybuffer') responseBody = Buffer.from(await response.arrayBuffer());
	else {
		const text = await response.text();
		try {
			responseBody = (responseHeaders['content-type'] ?? '').includes('json') || options.json ? JSON.parse(text) : text;
		} catch {
			responseBody = text;
		}
	}
	if (response.status >= 400 && !options.ignoreHttpStatusErrors) {
		const error = new Error(`Request failed with status code ${response.status}`);
		error.httpCode = String(response.status);
		throw error;
	}
	return options.returnFullResponse ? { statusCode: response.status, headers: responseHeaders, body: responseBody } : responseBody;
}

/**
 * @param {object} options
 * @param {string} options.binaryDir where prepared binaries are written
 * @param {Array<object>} [options.items] input items
 * @param {(name: string, itemIndex: number) => unknown} [options.parameter] node parameters
 * @param {Record<string, object>} [options.credentials] e.g. { vmegApi: { apiKey, baseUrl } }
 * @param {string} [options.executionId]
 */
function fakeExecuteContext(options) {
	const items = options.items ?? [{ json: {} }];
	const requests = [];
	const node = { id: 'bench-node', name: 'Bench', type: 'n8n-nodes-ai-voice.bench', typeVersion: 1, position: [0, 0], parameters: {} };
	let binaryCount = 0;
	const getCredentials = async (type) => {
		const credentials = options.credentials?.[type];
		if (!credentials) throw new Error(`No credentials of type ${type}`);
		return credentials;
	};
	return {
		requests,
		getInputData: () => items,
		getNode: () => node,
		getExecutionId: () => options.executionId ?? 'bench-execution',
		getExecutionCancelSignal: () => undefined,
		continueOnFail: () => false,
		getCredentials,
		getNodeParameter(name, itemIndex, fallback, parameterOptions) {
			let value = options.parameter?.(name, itemIndex);
			if (value === undefined) {
				if (arguments.length >= 3) return fallback;
				throw new Error(`Parameter "${name}" is not set in the bench context`);
			}
			if (parameterOptions?.extractValue && value && typeof value === 'object' && 'value' in value) value = value.value;
			return value;
		},
		helpers: {
			async httpRequest(requestOptions) {
				return await sendHttp(requestOptions, requests);
			},
			// Only the VMEG credential's generic Bearer header is needed here.
			async httpRequestWithAuthentication(type, requestOptions) {
				const credentials = await getCredentials(type);
				const headers = { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${credentials.apiKey}` };
				return await sendHttp({ ...requestOptions, headers }, requests);
			},
			/** Filesystem binary mode: streams are piped to disk, buffers written out. */
			async prepareBinaryData(data, fileName, mimeType) {
				const id = `bench-${process.pid}-${++binaryCount}`;
				const file = path.join(options.binaryDir, id);
				if (Buffer.isBuffer(data)) await fs.promises.writeFile(file, data);
				else await pipeline(data, fs.createWriteStream(file));
				const fileSize = (await fs.promises.stat(file)).size;
				return { id: `filesystem-v2:${id}`, path: file, fileName, mimeType, fileSize: String(fileSize), data: 'filesystem-v2' };
			},
		},
	};
}

module.exports = { fakeExecuteContext, sendHttp };
