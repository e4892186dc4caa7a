import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { InputBinary } from '../../shared/binary';
import { binaryParts, binaryToBuffer, extensionForMimeType, md5OfBinary, mimeTypeForFileName } from '../../shared/binary';
import { mapBounded } from '../../shared/concurrency';
import { apiError, asNodeError, inputError, transportError } from '../../shared/errors';
import type { HttpResponse } from '../../shared/http';
import { headerValue, sendWithRetries, TransportError } from '../../shared/http';
import { vmegRequest } from '../transport';

const MIB = 1024 * 1024;

/** S3's minimum size for every part but the last; also where uploads switch to multipart. */
export const MIN_PART_SIZE = 5 * MIB;
/** S3 allows at most 10,000 parts per upload. */
const MAX_PARTS = 10_000;
/** Part URLs asked for per presign-parts call. */
const PRESIGN_BATCH = 100;
/** Parts uploaded at the same time by default: overlaps round trips, holds that many parts in memory. */
export const DEFAULT_PARTS_IN_FLIGHT = 4;
/** Upper bound for the Parts in Flight option (each part in flight is held in memory). */
export const MAX_PARTS_IN_FLIGHT = 16;
/** One PUT of up to a part (or a small file) may take a while on a slow uplink. */
const PUT_TIMEOUT_MS = 600_000;

const MATERIAL_PATH = '/openapi/v1/assets/material/upload';
const STORAGE = 'VMEG storage';

/** Extensions VMEG accepts as materials: it decides audio vs video by the file name. */
const AUDIO_EXTENSIONS = ['aac', 'flac', 'm4a', 'mp3', 'ogg', 'opus', 'wav', 'wma'];
const VIDEO_EXTENSIONS = ['avi', 'flv', 'm4v', 'mkv', 'mov', 'mp4', 'webm', 'wmv'];

export interface UploadMaterialOptions {
	/** Name to register the material under (default: the binary's file name). */
	fileName?: string;
	/** Files of at least this many bytes go multipart (default 5 MiB). */
	multipartThreshold?: number;
	/** Multipart parts PUT at the same time (default 4, at most 16). */
	partsInFlight?: number;
}

type UploadMethod = 'instant' | 'single' | 'multipart';

interface UploadTarget {
	ctx: IExecuteFunctions;
	itemIndex: number;
	file: InputBinary;
	fileName: string;
	fileHash: string;
	size: number;
	partsInFlight: number;
}

/**
 * Uploads one input file as a VMEG material and returns its MaterialDto plus `instantUpload`
 * and `uploadMethod`. The material is always a completed upload (usable for media translation):
 * VMEG's deduplicated copy, or the file after `complete` has succeeded.
 */
export async function uploadMaterial(
	ctx: IExecuteFunctions,
	itemIndex: number,
	file: InputBinary,
	options: UploadMaterialOptions = {},
): Promise<IDataObject> {
	const fileName = mediaFileName(ctx, itemIndex, file, options.fileName);
	const { md5: fileHash, size } = await md5OfBinary(file);
	if (size === 0) {
		throw inputError(ctx.getNode(), itemIndex, `The file "${fileName}" is empty`, 'Check the node before this one produced the audio or video file.');
	}
	const partsInFlight = Math.min(MAX_PARTS_IN_FLIGHT, Math.max(1, Math.floor(options.partsInFlight ?? DEFAULT_PARTS_IN_FLIGHT)));
	const target: UploadTarget = { ctx, itemIndex, file, fileName, fileHash, size, partsInFlight };
	// gen-upload-url is the call VMEG's docs say answers with the existing material when the hash
	// is known ("instant upload"), so every upload asks it first, whatever the size; multipart
	// initiate documents no such answer. A large file VMEG lacks leaves that URL unused.
	const started = await vmegRequest<IDataObject>(
		ctx,
		{ method: 'POST', path: `${MATERIAL_PATH}/gen-upload-url`, body: { fileHash, fileName } },
		{ itemIndex },
	);
	if (isMaterial(started.material)) return withMethod(target, started.material, 'instant');
	const threshold = options.multipartThreshold ?? MIN_PART_SIZE;
	return size < threshold ? await singleUpload(target, started) : await multipartUpload(target);
}

/**
 * The checks of uploadMaterial that need no reading or request (a media file name, not empty
 * when n8n knows the size), so every item can be checked before the first upload.
 */
export function checkMaterialFile(ctx: IExecuteFunctions, itemIndex: number, file: InputBinary, fileName?: string): void {
	const name = mediaFileName(ctx, itemIndex, file, fileName);
	if (file.size === 0) {
		throw inputError(ctx.getNode(), itemIndex, `The file "${name}" is empty`, 'Check the node before this one produced the audio or video file.');
	}
}

/**
 * The name to register the file under; it must end in an audio or video extension. A name
 * without one gets the extension of an audio/video MIME type, anything else is refused here,
 * before any request.
 */
function mediaFileName(ctx: IExecuteFunctions, itemIndex: number, file: InputBinary, override: string | undefined): string {
	const name = (override ?? '').trim() || file.fileName;
	if (isMediaExtension(extensionOf(name))) return name;
	const mimeType = (file.mimeType ?? '').toLowerCase();
	const fromMime = extensionForMimeType(mimeType);
	if ((mimeType.startsWith('audio/') || mimeType.startsWith('video/')) && fromMime && isMediaExtension(fromMime)) {
		return `${name}.${fromMime}`;
	}
	throw inputError(
		ctx.getNode(),
		itemIndex,
		`"${name}" (${file.mimeType || 'unknown type'}) is not an audio or video file`,
		`VMEG materials must be audio (${AUDIO_EXTENSIONS.join(', ')}) or video (${VIDEO_EXTENSIONS.join(', ')}). If the file is one, set Options > File Name with the right extension.`,
	);
}

function extensionOf(fileName: string): string {
	const dot = fileName.lastIndexOf('.');
	return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

function isMediaExtension(extension: string): boolean {
	return AUDIO_EXTENSIONS.includes(extension) || VIDEO_EXTENSIONS.includes(extension);
}

/** After gen-upload-url (`started`) has said VMEG lacks the file: one PUT and `complete`. */
async function singleUpload(target: UploadTarget, started: IDataObject): Promise<IDataObject> {
	const { ctx, itemIndex, fileName, fileHash } = target;
	const bytes = await binaryToBuffer(target.file);
	await putToStorage(target, String(started.uploadUrl ?? ''), bytes, mimeTypeForFileName(fileName, target.file.mimeType), 'the file');
	const material = await vmegRequest<IDataObject>(
		ctx,
		{
			method: 'POST',
			path: `${MATERIAL_PATH}/complete`,
			body: { s3Uri: started.s3Uri, fileName, materialId: started.materialId, fileHash },
		},
		{ itemIndex },
	);
	return withMethod(target, material, 'single');
}

/**
 * initiate, presign part URLs (in batches), PUT up to `partsInFlight` parts at a time as the
 * file streams (each part is read once, in order, into one of `partsInFlight` reused buffers,
 * held while its PUT and retries run), then `complete` with every part's ETag in part order.
 * Any failure after initiate stops reading, lets the PUTs in flight end, and aborts the
 * upload, so no half-finished upload lingers; the original error is what the user sees.
 */
async function multipartUpload(target: UploadTarget): Promise<IDataObject> {
	const { ctx, itemIndex, fileName, fileHash, size } = target;
	const started = await vmegRequest<IDataObject>(
		ctx,
		{ method: 'POST', path: `${MATERIAL_PATH}/multipart/initiate`, body: { fileHash, fileName } },
		{ itemIndex },
	);
	if (isMaterial(started.material)) return withMethod(target, started.material, 'instant');

	const upload = { materialId: started.materialId, uploadId: started.uploadId, fileHash, fileName };
	try {
		const partSize = partSizeFor(started.recommendedPartSize, size);
		const partCount = Math.ceil(size / partSize);
		const urls = new Map<number, string>();
		const partUrl = async (partNumber: number): Promise<string> => {
			if (!urls.has(partNumber)) {
				// Parts are pulled in order, so the batch starting here covers the next PRESIGN_BATCH parts.
				const last = Math.min(partCount, partNumber + PRESIGN_BATCH - 1);
				const partNumbers = Array.from({ length: Math.max(1, last - partNumber + 1) }, (_, i) => partNumber + i);
				const presigned = await vmegRequest<{ urls?: Array<{ partNumber: number; url: string }> }>(
					ctx,
					{ method: 'POST', path: `${MATERIAL_PATH}/multipart/presign-parts`, body: { ...upload, partNumbers } },
					{ itemIndex },
				);
				for (const entry of presigned.urls ?? []) urls.set(Number(entry.partNumber), String(entry.url));
			}
			const url = urls.get(partNumber);
			if (!url) throw uploadFailure(target, `VMEG returned no upload URL for part ${partNumber} of ${partCount}`);
			urls.delete(partNumber);
			return url;
		};
		// URLs are fetched while pulling a part (before its PUT starts), so presign calls stay in order.
		const withUrls = async function* () {
			let partNumber = 0;
			for await (const part of binaryParts(target.file, partSize, target.partsInFlight)) {
				partNumber++;
				yield { partNumber, part, url: await partUrl(partNumber) };
			}
		};
		const parts = await mapBounded(withUrls(), target.partsInFlight, async ({ partNumber, part, url }) => {
			const what = `part ${partNumber} of ${partCount}`;
			try {
				const response = await putToStorage(target, url, part.bytes, 'application/octet-stream', what);
				const eTag = headerValue(response.headers, 'etag');
				if (!eTag) throw uploadFailure(target, `${STORAGE} returned no ETag for ${what}, so the upload cannot be completed`);
				return { partNumber, eTag };
			} finally {
				// Retries are over and the request has ended: the buffer may take the next part.
				part.release();
			}
		});
		const material = await vmegRequest<IDataObject>(
			ctx,
			{ method: 'POST', path: `${MATERIAL_PATH}/multipart/complete`, body: { ...upload, parts } },
			{ itemIndex },
		);
		return withMethod(target, material, 'multipart');
	} catch (error) {
		await vmegRequest(ctx, { method: 'POST', path: `${MATERIAL_PATH}/multipart/abort`, body: upload }, { itemIndex }).catch(
			() => undefined, // Best effort: the upload's own failure is what matters.
		);
		throw asNodeError(ctx.getNode(), error, itemIndex);
	}
}

/** The server's recommended part size (5 MiB if it names none), grown to stay within 10,000 parts. */
function partSizeFor(recommended: unknown, size: number): number {
	const suggested = typeof recommended === 'number' && recommended > 0 ? Math.floor(recommended) : MIN_PART_SIZE;
	return Math.max(suggested, Math.ceil(size / MAX_PARTS));
}

/**
 * PUTs bytes to a presigned storage URL: no credentials (the URL is the credential, and S3
 * refuses a second auth mechanism), an explicit Content-Length, retried since a PUT is
 * idempotent. Errors never show the URL's query string.
 */
async function putToStorage(
	target: UploadTarget,
	url: string,
	body: Buffer,
	contentType: string,
	what: string,
): Promise<HttpResponse> {
	const { ctx, itemIndex } = target;
	if (!/^https?:\/\//i.test(url)) throw uploadFailure(target, `VMEG returned no usable upload URL for ${what}`);
	let response: HttpResponse;
	try {
		response = await sendWithRetries(
			ctx,
			{
				method: 'PUT',
				url,
				body,
				headers: { 'Content-Type': contentType, 'Content-Length': String(body.length) },
				json: false,
				timeout: PUT_TIMEOUT_MS,
			},
			{ retrySafe: true },
		);
	} catch (error) {
		if (error instanceof TransportError) {
			const safe = new TransportError(withoutQueryStrings(error.message), error.code, error.attempts);
			throw transportError(ctx.getNode(), safe, { apiName: STORAGE, itemIndex });
		}
		throw uploadFailure(target, `Upload of ${what} failed: ${withoutQueryStrings((error as Error).message)}`);
	}
	if (response.statusCode >= 300) throw storageError(target, response, what);
	return response;
}

/** A short, safe error from S3's XML answer: status, S3 code and message, never the URL. */
function storageError(target: UploadTarget, response: HttpResponse, what: string) {
	const text = bodyText(response.body);
	const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1];
	const message = /<Message>([^<]{1,300})<\/Message>/.exec(text)?.[1];
	const status = response.statusCode;
	// S3 answers XML; anything else (a proxy, a CDN) may give a short line of text.
	const plain = text.trim();
	const reason = [code, message].filter(Boolean).join(': ') || (plain && plain.length <= 200 && !plain.includes('<') ? plain : '');
	let description = 'The upload storage refused the file. Run the node again; if it keeps failing, contact VMEG support.';
	if (status === 403) description = 'The presigned upload URL was refused or has expired. Run the node again to get fresh upload URLs.';
	else if (status >= 500) description = 'The upload storage failed on its side; the upload was retried. Try again later.';
	return apiError(
		target.ctx.getNode(),
		{ statusCode: status, headers: {}, body: code ? { code } : null },
		{ message: `upload of ${what} failed with HTTP ${status}${reason ? ` (${withoutQueryStrings(reason)})` : ''}`, description },
		{ apiName: STORAGE, itemIndex: target.itemIndex },
	);
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body.slice(0, 4_000);
	if (Buffer.isBuffer(body)) return body.toString('utf8', 0, Math.min(body.length, 4_000));
	return '';
}

/** Presigned URLs carry their signature in the query string: cut it from anything shown. */
function withoutQueryStrings(text: string): string {
	return text.replace(/(https?:\/\/[^\s?"'<>]+)\?[^\s"'<>]*/gi, '$1');
}

function isMaterial(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) && Boolean((value as IDataObject).materialId);
}

function withMethod(target: UploadTarget, material: IDataObject | null | undefined, uploadMethod: UploadMethod): IDataObject {
	if (!isMaterial(material)) throw uploadFailure(target, 'VMEG finished the upload but returned no material ID');
	return { ...material, instantUpload: uploadMethod === 'instant', uploadMethod };
}

function uploadFailure(target: UploadTarget, message: string): NodeOperationError {
	return new NodeOperationError(target.ctx.getNode(), message, { itemIndex: target.itemIndex });
}
