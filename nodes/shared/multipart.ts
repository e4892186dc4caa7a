import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ApiClient } from './api';
import { callApi } from './api';

import type { InputBinary } from './binary';
import { inputBinary } from './binary';
import { inputError } from './errors';

/**
 * multipart/form-data uploads streamed from n8n's binary store, without `form-data` or `stream`
 * (community nodes may import neither). The body is a spec-compliant FormData look-alike whose
 * file entries are Blob-like: n8n's HTTP layer (axios) encodes such a form itself, as a stream
 * with an exact Content-Length, and reads each file through its `stream()` only while sending.
 * So memory stays flat whatever the file size, and nothing caps the size but the API.
 */

/** Reads an input binary for a multipart upload; refuses an empty file before anything is sent. */
export async function readMultipartFile(ctx: IExecuteFunctions, itemIndex: number, binaryPropertyName: string): Promise<InputBinary> {
	const file = await inputBinary(ctx, itemIndex, binaryPropertyName);
	if (file.size === 0) throw inputError(ctx.getNode(), itemIndex, 'The input file is empty', 'Check the node that produced the file.');
	return file;
}

export type MultipartPart = { name: string; value: string } | { name: string; file: InputBinary };

/** A file entry as axios (and the Fetch spec) read a Blob/File: name, type, size, stream(). */
export class StreamedFile {
	readonly name: string;
	readonly type: string;
	readonly size: number | undefined;

	constructor(private readonly file: InputBinary) {
		this.name = file.fileName;
		this.type = file.mimeType || 'application/octet-stream';
		this.size = file.size;
	}

	/**
	 * The file's bytes, opened only when the body is sent (again on every retry). Fails rather
	 * than send a body that contradicts its Content-Length if the file's size is not as announced.
	 */
	async *stream(): AsyncGenerator<Buffer> {
		const source = await this.file.open();
		let sent = 0;
		for await (const chunk of Buffer.isBuffer(source) ? [source] : source) {
			sent += chunk.length;
			if (this.size !== undefined && sent > this.size) break;
			yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		}
		if (this.size !== undefined && sent !== this.size) {
			throw new Error(`The file "${this.name}" is ${sent} bytes, not the ${this.size} bytes n8n recorded for it`);
		}
	}
}

type FormValue = string | StreamedFile;

/**
 * The smallest spec FormData shape (`append`, `entries`, iteration, the "FormData" tag) that
 * axios recognises and streams (`formDataToStream`): fields and files in the order appended.
 */
export class StreamedForm {
	private readonly fields: Array<[string, FormValue]> = [];

	get [Symbol.toStringTag](): string {
		return 'FormData';
	}

	append(name: string, value: FormValue): void {
		this.fields.push([name, value]);
	}

	entries(): IterableIterator<[string, FormValue]> {
		return this.fields[Symbol.iterator]();
	}

	[Symbol.iterator](): IterableIterator<[string, FormValue]> {
		return this.entries();
	}
}

export function streamedForm(parts: MultipartPart[]): StreamedForm {
	const form = new StreamedForm();
	for (const part of parts) form.append(part.name, 'file' in part ? new StreamedFile(part.file) : part.value);
	return form;
}

/** Bytes of an input binary's start (a file header), reading no more of the file than that. */
export async function readFileHead(file: InputBinary, bytes: number): Promise<Buffer> {
	const source = await file.open();
	if (Buffer.isBuffer(source)) return source.subarray(0, bytes);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of source) {
		chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
		size += chunk.length;
		if (size >= bytes) break; // Leaving the loop closes the stream.
	}
	return Buffer.concat(chunks).subarray(0, bytes);
}

/**
 * Duration in seconds of a PCM/float WAV file from its header, or undefined if it is not one.
 * `data` may be just the file's start: `fileSize` then bounds the audio the header announces.
 */
export function wavDurationSeconds(data: Buffer, fileSize = data.length): number | undefined {
	if (data.length < 12 || data.toString('ascii', 0, 4) !== 'RIFF' || data.toString('ascii', 8, 12) !== 'WAVE') return undefined;
	let offset = 12;
	let byteRate: number | undefined;
	while (offset + 8 <= data.length) {
		const id = data.toString('ascii', offset, offset + 4);
		const size = data.readUInt32LE(offset + 4);
		if (id === 'fmt ' && offset + 16 <= data.length) byteRate = data.readUInt32LE(offset + 8 + 8);
		if (id === 'data') {
			if (!byteRate) return undefined;
			const available = Math.min(size, Math.max(0, fileSize - offset - 8));
			return available / byteRate;
		}
		offset += 8 + size + (size % 2);
	}
	return undefined;
}

/** Uploads can be slow: allow an hour for the API to take a long recording. */
const MULTIPART_TIMEOUT_MS = 3_600_000;

/**
 * POSTs a multipart form to an API and returns its JSON answer. Every attempt encodes the form
 * anew, so a retry re-reads the file from its start.
 */
export async function postMultipart(
	ctx: IExecuteFunctions,
	client: ApiClient,
	path: string,
	parts: MultipartPart[],
	itemIndex: number,
): Promise<IDataObject> {
	const response = await callApi<IDataObject>(
		ctx,
		client,
		// No redirects: n8n 2.8's redirect follower keeps a copy of every byte sent, to replay it.
		{ method: 'POST', path, body: streamedForm(parts), timeout: MULTIPART_TIMEOUT_MS, disableFollowRedirect: true },
		{ itemIndex },
	);
	return response.body;
}
