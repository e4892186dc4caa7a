import { createHash } from 'crypto';
import type { IBinaryData, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';

import type { ApiClient } from './api';
import { configuredTimeoutMs, credentialBaseUrl } from './api';
import { apiError, asNodeError, inputError } from './errors';
import { headerValue, sendWithRetries, TransportError } from './http';
import { sleepUnlessCancelled } from './sleep';

/** Bytes per read of a stored binary; an MD5 pass over 2 GiB at this size runs as fast as md5sum. */
const STREAM_CHUNK_BYTES = 256 * 1024;

const MIME_BY_EXTENSION: Record<string, string> = {
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	m4a: 'audio/mp4',
	aac: 'audio/aac',
	ogg: 'audio/ogg',
	opus: 'audio/opus',
	flac: 'audio/flac',
	webm: 'video/webm',
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	mkv: 'video/x-matroska',
	srt: 'application/x-subrip',
	json: 'application/json',
};

export function mimeTypeForFileName(fileName: string, fallback = 'application/octet-stream'): string {
	const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
	return MIME_BY_EXTENSION[extension] ?? fallback;
}

export function extensionForMimeType(mimeType: string | undefined): string | undefined {
	const type = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'audio/mp3') return 'mp3';
	if (type === 'audio/x-wav' || type === 'audio/wave') return 'wav';
	return Object.keys(MIME_BY_EXTENSION).find((ext) => MIME_BY_EXTENSION[ext] === type);
}

/** The last path segment of a URL, without its query string. */
export function fileNameFromUrl(url: string): string | undefined {
	try {
		const last = new URL(url).pathname.split('/').filter(Boolean).pop();
		return last ? decodeURIComponent(last) : undefined;
	} catch {
		return undefined;
	}
}

export interface InputBinary {
	binary: IBinaryData;
	fileName: string;
	mimeType: string;
	/** Bytes, when n8n knows them without reading the file. */
	size: number | undefined;
	/**
	 * Opens the bytes again: a stream when n8n keeps binaries on disk (chunks of `chunkSize`
	 * bytes, 256 KiB by default), else a buffer.
	 */
	open: (chunkSize?: number) => Promise<AsyncIterable<Buffer> | Buffer>;
}

/** Looks up an input binary, failing with a clear hint (and no upload) when it is missing. */
export async function inputBinary(ctx: IExecuteFunctions, itemIndex: number, propertyName: string): Promise<InputBinary> {
	const item = ctx.getInputData()[itemIndex];
	const binary = item?.binary?.[propertyName];
	if (!binary) {
		const present = Object.keys(item?.binary ?? {});
		throw inputError(
			ctx.getNode(),
			itemIndex,
			`The input item has no binary property "${propertyName}"`,
			present.length
				? `Set "Input Binary Field" to one of: ${present.join(', ')}.`
				: 'Add a node before this one that reads or downloads the file (e.g. Read/Write Files from Disk or HTTP Request).',
		);
	}
	let size: number | undefined;
	if (binary.id) {
		size = (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
	} else if (binary.data) {
		size = base64Bytes(binary.data);
	}
	const fileName = binary.fileName ?? `file.${binary.fileExtension ?? extensionForMimeType(binary.mimeType) ?? 'bin'}`;
	return {
		binary,
		fileName,
		mimeType: binary.mimeType || mimeTypeForFileName(fileName),
		size,
		open: async (chunkSize = STREAM_CHUNK_BYTES) =>
			binary.id
				? ((await ctx.helpers.getBinaryStream(binary.id, chunkSize)) as AsyncIterable<Buffer>)
				: await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName),
	};
}

async function* asChunks(source: AsyncIterable<Buffer> | Buffer): AsyncIterable<Buffer> {
	if (Buffer.isBuffer(source)) {
		yield source;
		return;
	}
	for await (const chunk of source) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
}

/** MD5 hex of an input binary, read as a stream: memory stays flat whatever the file size. */
export async function md5OfBinary(file: InputBinary): Promise<{ md5: string; size: number }> {
	const hash = createHash('md5');
	let size = 0;
	for await (const chunk of asChunks(await file.open())) {
		hash.update(chunk);
		size += chunk.length;
	}
	return { md5: hash.digest('hex'), size };
}

/** One part of a file from binaryParts: its bytes, valid until `release()` hands them back. */
export interface FilePart {
	bytes: Buffer;
	release: () => void;
}

/**
 * Bytes per read while cutting a disk-backed file into parts. Measured in n8n 2.8.4 (Node 20)
 * uploading 2 GiB: reads of 256 KiB or 1 MiB copied into the part buffers cost 15-70 full
 * mark-compacts of n8n's heap, 4 MiB reads 0-7, reads of the whole part kept as the part 25-35.
 */
const PART_READ_BYTES = 4 * 1024 * 1024;

/**
 * Yields the file as consecutive parts of exactly `partSize` bytes (the last may be shorter),
 * at most `slots` of them unreleased at a time: the next part waits until one is released.
 *
 * A disk-backed file is read in chunks that are copied at once into `slots` part buffers,
 * reused for the whole file, so every chunk dies young. Keeping the chunks as the parts
 * instead (alive while their PUTs run) makes V8 run a full mark-compact of n8n's heap every
 * few parts, which doubled the upload's CPU time for a 2 GiB file. An in-memory binary is
 * cut into views, without copies.
 */
export async function* binaryParts(file: InputBinary, partSize: number, slots: number): AsyncIterable<FilePart> {
	const source = await file.open(PART_READ_BYTES);
	if (Buffer.isBuffer(source)) {
		for (let offset = 0; offset < source.length; offset += partSize) {
			yield { bytes: source.subarray(offset, offset + partSize), release: () => undefined };
		}
		return;
	}
	const pool = new PartBuffers(partSize, slots);
	let buffer = await pool.take();
	let filled = 0;
	for await (const chunk of asChunks(source)) {
		for (let offset = 0; offset < chunk.length; ) {
			const copied = chunk.copy(buffer, filled, offset, Math.min(chunk.length, offset + partSize - filled));
			offset += copied;
			filled += copied;
			if (filled === partSize) {
				yield pool.handOut(buffer, partSize);
				buffer = await pool.take();
				filled = 0;
			}
		}
	}
	if (filled > 0) yield pool.handOut(buffer, filled);
}

/** Up to `slots` buffers of `size` bytes, made when first needed; take() waits while all are out. */
class PartBuffers {
	private readonly free: Buffer[] = [];
	private readonly waiting: Array<(buffer: Buffer) => void> = [];
	private made = 0;

	constructor(
		private readonly size: number,
		private readonly slots: number,
	) {}

	async take(): Promise<Buffer> {
		const reused = this.free.pop();
		if (reused) return reused;
		if (this.made < Math.max(1, this.slots)) {
			this.made++;
			return Buffer.allocUnsafeSlow(this.size);
		}
		return await new Promise<Buffer>((resolve) => this.waiting.push(resolve));
	}

	/** The first `length` bytes of `buffer` as a part; releasing it (once) returns the buffer. */
	handOut(buffer: Buffer, length: number): FilePart {
		let released = false;
		return {
			bytes: buffer.subarray(0, length),
			release: () => {
				if (released) return;
				released = true;
				const waiter = this.waiting.shift();
				if (waiter) waiter(buffer);
				else this.free.push(buffer);
			},
		};
	}
}

/** Reads the whole file into memory, for APIs that only take multipart uploads. */
export async function binaryToBuffer(file: InputBinary): Promise<Buffer> {
	return await readAll(await file.open());
}

/** Reads what an `open()` gave (a stream or the bytes) whole into memory. */
export async function readAll(source: AsyncIterable<Buffer> | Buffer): Promise<Buffer> {
	if (Buffer.isBuffer(source)) return source;
	const chunks: Buffer[] = [];
	for await (const chunk of asChunks(source)) chunks.push(chunk);
	return Buffer.concat(chunks);
}

/** Opens a binary n8n has stored (e.g. a downloaded file): a stream when on disk or S3, else its bytes. */
export async function openStoredBinary(ctx: IExecuteFunctions, binary: IBinaryData): Promise<AsyncIterable<Buffer> | Buffer> {
	if (binary.id) return (await ctx.helpers.getBinaryStream(binary.id, STREAM_CHUNK_BYTES)) as AsyncIterable<Buffer>;
	return Buffer.from(binary.data, BINARY_ENCODING);
}

export interface DownloadOptions {
	fileName?: string;
	/** Used when the server names no file (Content-Disposition), before the URL's last segment. */
	defaultFileName?: string;
	mimeType?: string;
	/**
	 * For files an API serves behind its credential: `url` is then a path below the credential's
	 * base URL, and failures carry the API's own error message.
	 */
	api?: { client: ApiClient; itemIndex?: number };
	/** The item the file is for: named in errors, and its Options > Request Timeout applies. */
	itemIndex?: number;
}

/** Error bodies are small JSON; more than this is not worth keeping. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** Whole downloads tried (GETs are free); each also retries its connection as any request does. */
const DOWNLOAD_ATTEMPTS = 3;
/** A download that sends no byte for this long is stalled (Options > Request Timeout overrides). */
const DEFAULT_IDLE_TIMEOUT_MS = 120_000;


/**
 * Downloads a file straight into n8n's binary store as a stream, so a large video never sits
 * whole in memory when n8n keeps binaries on disk: a pre-signed or CDN URL, or (with `api`) a
 * file an API serves behind its credential. A body cut off before its Content-Length, or one
 * that stalls, is downloaded again; if every try fails, the error names the item and the file.
 */
export async function downloadAsBinary(
	ctx: IExecuteFunctions | IWebhookFunctions,
	url: string,
	options: DownloadOptions = {},
): Promise<IBinaryData> {
	const itemIndex = options.itemIndex ?? options.api?.itemIndex;
	const idleMs = configuredTimeoutMs(ctx, itemIndex) ?? DEFAULT_IDLE_TIMEOUT_MS;
	const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
	const file = options.fileName ?? fileNameFromUrl(url) ?? 'the result file';
	// The system's own words go into the description: n8n replaces a message holding an error code.
	const failed = (reason: string, tries: number, detail: string) =>
		new NodeOperationError(ctx.getNode(), `Download of ${file} failed: ${reason}`, {
			itemIndex,
			description: `Tried ${tries} time(s); downloading creates nothing and costs nothing, so run the workflow again later${
				options.api ? '' : ' (result links may expire: get a fresh one with the task or asset lookup)'
			}. [${detail}]`,
		});
	for (let attempt = 1; ; attempt++) {
		let outcome: { binary: IBinaryData } | { incomplete: string; detail: string };
		try {
			outcome = await downloadOnce(ctx, url, options, idleMs, itemIndex);
		} catch (error) {
			if (error instanceof TransportError) throw failed('no connection to the file', error.attempts, error.code ?? error.message);
			throw asNodeError(ctx.getNode(), error, itemIndex);
		}
		if ('binary' in outcome) return outcome.binary;
		if (attempt >= DOWNLOAD_ATTEMPTS || signal?.aborted) throw failed(outcome.incomplete, attempt, outcome.detail);
		await sleepUnlessCancelled(1_000 * attempt, signal);
	}
}

async function downloadOnce(
	ctx: IExecuteFunctions | IWebhookFunctions,
	url: string,
	options: DownloadOptions,
	idleMs: number,
	itemIndex: number | undefined,
): Promise<{ binary: IBinaryData } | { incomplete: string; detail: string }> {
	const api = options.api;
	const response = await sendWithRetries<AsyncIterable<Buffer>>(
		ctx,
		{
			method: 'GET',
			url,
			baseURL: api ? await credentialBaseUrl(ctx, api.client) : undefined,
			encoding: 'stream',
			timeout: idleMs,
		},
		{ retrySafe: true, credentialType: api?.client.credentialType },
	);
	if (response.statusCode >= 400) {
		// Read (a bounded part of) the body so the socket is released and the API can explain.
		const body = await readBounded(response.body, MAX_ERROR_BODY_BYTES);
		const failed = { ...response, body };
		const details = api?.client.extractError(failed);
		if (api && details) throw apiError(ctx.getNode(), failed, details, { apiName: api.client.name, itemIndex: api.itemIndex });
		throw new NodeOperationError(ctx.getNode(), `Download of ${fileNameFromUrl(url) ?? 'the result file'} failed with HTTP ${response.statusCode}`, {
			itemIndex,
		});
	}
	const contentType = String(response.headers['content-type'] ?? '').split(';')[0] || undefined;
	const fileName =
		options.fileName ??
		fileNameFromContentDisposition(response.headers['content-disposition']) ??
		options.defaultFileName ??
		fileNameFromUrl(url) ??
		`download.${extensionForMimeType(contentType) ?? 'bin'}`;
	const mimeType =
		options.mimeType ??
		(contentType && contentType !== 'application/octet-stream' ? contentType : mimeTypeForFileName(fileName));
	watchForStall(response.body, idleMs);
	let binary: IBinaryData;
	try {
		binary = await ctx.helpers.prepareBinaryData(response.body as never, fileName, mimeType);
	} catch (error) {
		// n8n's binary store refused the file (database mode's size limit): trying again cannot help,
		// and n8n's message names the setting to change.
		if (isStoreRefusal(error)) throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
		// The body ended before its Content-Length ("aborted"), was reset, or stalled.
		return { incomplete: 'the connection broke off during the download', detail: (error as Error).message };
	}
	const expected = Number(headerValue(response.headers, 'content-length'));
	const encoded = headerValue(response.headers, 'content-encoding');
	if (Number.isFinite(expected) && expected > 0 && (!encoded || encoded === 'identity')) {
		const received = await storedBytes(ctx, binary);
		if (received !== undefined && received < expected) {
			return { incomplete: `got ${received} of ${expected} bytes`, detail: 'body shorter than its Content-Length' };
		}
	}
	return { binary };
}

/** n8n's FileTooLargeError (database binary mode), recognised by name or by the setting it names. */
function isStoreRefusal(error: unknown): boolean {
	const e = error as { name?: string; constructor?: { name?: string }; message?: string } | undefined;
	return e?.constructor?.name === 'FileTooLargeError' || /N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE/.test(e?.message ?? '');
}

/**
 * An answer stream (node's IncomingMessage) that goes silent is destroyed after `idleMs`, so the
 * download fails and is tried again instead of hanging. (The request timeout only covers the
 * wait for the headers.)
 */
function watchForStall(body: unknown, idleMs: number): void {
	const stream = body as { setTimeout?: (ms: number, onIdle: () => void) => void; destroy?: (error: Error) => void };
	if (typeof stream?.setTimeout !== 'function' || typeof stream.destroy !== 'function') return;
	stream.setTimeout(idleMs, () => stream.destroy!(new Error(`no data for ${Math.round(idleMs / 1000)} s`)));
}

/** Bytes n8n stored for a binary: its `bytes`, the file's size, or the base64 length. */
async function storedBytes(ctx: IExecuteFunctions | IWebhookFunctions, binary: IBinaryData): Promise<number | undefined> {
	const known = (binary as IBinaryData & { bytes?: number }).bytes;
	if (typeof known === 'number') return known;
	if (binary.id) {
		try {
			return (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
		} catch {
			return undefined;
		}
	}
	return binary.data ? base64Bytes(binary.data) : undefined;
}

/** Bytes encoded by a base64 string (n8n's in-memory binaries), without decoding it. */
function base64Bytes(data: string): number {
	return Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
}

async function readBounded(source: AsyncIterable<Buffer>, maxBytes: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of source) {
		if (size < maxBytes) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
		size += chunk.length;
	}
	return Buffer.concat(chunks).subarray(0, maxBytes);
}

function fileNameFromContentDisposition(header: string | string[] | undefined): string | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	const match = value?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
	return match ? decodeURIComponent(match[1]) : undefined;
}
