import { randomBytes } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ApiClient } from './api';
import { callApi } from './api';

import type { InputBinary } from './binary';
import { binaryToBuffer, inputBinary } from './binary';
import { inputError } from './errors';

/**
 * multipart/form-data bodies built by hand: verifiable community nodes may not import
 * `form-data` or `stream`, so the whole body is one Buffer. Callers guard the file size first
 * (see MAX_MULTIPART_UPLOAD_BYTES) because the file sits in memory while it is sent.
 */

/** Largest file a node sends as multipart (whole-file buffer): 100 MiB. */
export const MAX_MULTIPART_UPLOAD_BYTES = 100 * 1024 * 1024;

/**
 * Reads an input binary for a multipart upload (the file is held in memory): refuses files over
 * MAX_MULTIPART_UPLOAD_BYTES before reading them when n8n knows the size, and empty files.
 */
export async function readMultipartFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	apiName: string,
): Promise<{ file: InputBinary; data: Buffer }> {
	const file = await inputBinary(ctx, itemIndex, binaryPropertyName);
	const tooLarge = (size: number) =>
		inputError(
			ctx.getNode(),
			itemIndex,
			`The file is ${(size / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_MULTIPART_UPLOAD_BYTES / 1024 / 1024} MB this node uploads`,
			`${apiName} only takes multipart uploads, which this node holds in memory while sending. Compress or shorten the audio first.`,
		);
	if (file.size !== undefined && file.size > MAX_MULTIPART_UPLOAD_BYTES) throw tooLarge(file.size);
	const data = await binaryToBuffer(file);
	if (data.length > MAX_MULTIPART_UPLOAD_BYTES) throw tooLarge(data.length);
	if (data.length === 0) throw inputError(ctx.getNode(), itemIndex, 'The input file is empty', 'Check the node that produced the file.');
	return { file, data };
}

export type MultipartPart =
	| { name: string; value: string }
	| { name: string; fileName: string; contentType: string; data: Buffer };

export interface MultipartBody {
	body: Buffer;
	/** Value for the Content-Type header, boundary included. */
	contentType: string;
}

function quoted(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]/g, ' ');
}

export function buildMultipart(parts: MultipartPart[], boundary = `----n8nFormBoundary${randomBytes(12).toString('hex')}`): MultipartBody {
	const chunks: Buffer[] = [];
	for (const part of parts) {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(part.name)}"`;
		if ('data' in part) {
			head += `; filename="${quoted(part.fileName)}"\r\nContent-Type: ${part.contentType || 'application/octet-stream'}\r\n\r\n`;
			chunks.push(Buffer.from(head, 'utf8'), part.data, Buffer.from('\r\n', 'utf8'));
		} else {
			head += '\r\n\r\n';
			chunks.push(Buffer.from(head, 'utf8'), Buffer.from(part.value, 'utf8'), Buffer.from('\r\n', 'utf8'));
		}
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Duration in seconds of a PCM/float WAV file from its header, or undefined if it is not one. */
export function wavDurationSeconds(data: Buffer): number | undefined {
	if (data.length < 12 || data.toString('ascii', 0, 4) !== 'RIFF' || data.toString('ascii', 8, 12) !== 'WAVE') return undefined;
	let offset = 12;
	let byteRate: number | undefined;
	while (offset + 8 <= data.length) {
		const id = data.toString('ascii', offset, offset + 4);
		const size = data.readUInt32LE(offset + 4);
		if (id === 'fmt ' && offset + 16 <= data.length) byteRate = data.readUInt32LE(offset + 8 + 8);
		if (id === 'data') {
			if (!byteRate) return undefined;
			const available = Math.min(size, data.length - offset - 8);
			return available / byteRate;
		}
		offset += 8 + size + (size % 2);
	}
	return undefined;
}

/** Uploads can be slow: allow five minutes for the API to take the whole body. */
const MULTIPART_TIMEOUT_MS = 300_000;

/** POSTs a multipart form to an API and returns its JSON answer. */
export async function postMultipart(
	ctx: IExecuteFunctions,
	client: ApiClient,
	path: string,
	parts: MultipartPart[],
	itemIndex: number,
): Promise<IDataObject> {
	const form = buildMultipart(parts);
	const response = await callApi<IDataObject>(
		ctx,
		client,
		{ method: 'POST', path, body: form.body, headers: { 'Content-Type': form.contentType }, timeout: MULTIPART_TIMEOUT_MS },
		{ itemIndex },
	);
	return response.body;
}
