import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { headerValue } from '../shared/http';
import type { HmacSignatureScheme, SignatureCheck, SignedDelivery } from '../shared/signature';
import { signHmac, verifyHmacSignature } from '../shared/signature';
import type { VmegEvent } from './events';

export { VMEG_EVENTS, type VmegEvent } from './events';

/** Where a waiting node leaves its callback URL in a job's `extraData` for the VMEG Trigger. */
export const RESUME_URL_FIELD = 'n8nResumeUrl';

/** Body VMEG POSTs to the dashboard webhook URL when an async job ends. */
export interface VmegCallback {
	code: number;
	version?: string;
	event: VmegEvent;
	pipelineKey?: string;
	message?: string;
	extraData?: IDataObject;
	data: IDataObject & { taskId?: string };
}

export function parseCallback(rawBody: Buffer): VmegCallback | undefined {
	try {
		const parsed = JSON.parse(rawBody.toString('utf8')) as VmegCallback;
		return parsed && typeof parsed === 'object' && parsed.data ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/** A result file of a finished job: the binary key it goes in, its URL, and what its file name adds to the task ID. */
export interface ResultFile {
	key: string;
	url: string;
	kind: 'audio' | 'video';
	/** '' for a job's main files (video, its audio, TTS line 1), `-2`, `-3`… for further TTS lines */
	fileSuffix: string;
}

/**
 * URLs of result files a finished job produced, per event, named from `field` (the node's "Put
 * Output File in Field", default `data`): TTS line 1 in `<field>`, further lines `<field>_1`…;
 * a dubbed video in `<field>` and its audio in `<field>_audio` (an audio-only job's audio in
 * `<field>`). Without `field` (the VMEG Trigger) the keys are `audio`, `audio_1`…, `video`.
 */
export function resultFileUrls(event: string, data: IDataObject, field?: string): ResultFile[] {
	const files: ResultFile[] = [];
	if (event === 'openapi-tts') {
		((data.results as IDataObject[] | undefined) ?? []).forEach((r, i) => {
			const base = field ?? 'audio';
			if (typeof r.uri === 'string') files.push({ key: i === 0 ? base : `${base}_${i}`, url: r.uri, kind: 'audio', fileSuffix: i === 0 ? '' : `-${i + 1}` });
		});
	}
	if (event === 'openapi-media-translation') {
		const build = ((data.result as IDataObject | undefined)?.build ?? {}) as IDataObject;
		const video = (build.video as IDataObject | undefined)?.url;
		const audio = (build.audio as IDataObject | undefined)?.url;
		if (typeof video === 'string') files.push({ key: field ?? 'video', url: video, kind: 'video', fileSuffix: '' });
		if (typeof audio === 'string') {
			const key = field === undefined ? 'audio' : typeof video === 'string' ? `${field}_audio` : field;
			files.push({ key, url: audio, kind: 'audio', fileSuffix: '' });
		}
	}
	return files;
}

/** VMEG's callback signature (vmeg-api.md, Webhooks): the headers it comes in and what VMEG signs. */
export const VMEG_TIMESTAMP_HEADER = 'X-Timestamp';
export const VMEG_SIGNATURE_HEADER = 'X-Signature';

/** X-Signature = hex HMAC-SHA256(secret, X-Timestamp + raw body), no separator; X-Timestamp in Unix milliseconds. */
const VMEG_SIGNATURE: HmacSignatureScheme = {
	timestampUnit: 'ms',
	signedParts: (timestamp, rawBody) => [timestamp, rawBody],
};

export function verifyVmegSignature(delivery: SignedDelivery): SignatureCheck {
	return verifyHmacSignature(VMEG_SIGNATURE, delivery);
}

export function signVmegPayload(secret: string, timestamp: string, rawBody: Buffer | string): string {
	return signHmac(VMEG_SIGNATURE, secret, timestamp, rawBody);
}

/** A callback as received, with the outcome of checking its signature. */
export interface SignedCallback {
	rawBody: Buffer;
	timestamp: string | undefined;
	signature: string | undefined;
	check: SignatureCheck;
}

/**
 * Reads a VMEG callback from the webhook request and verifies its signature against the
 * credential's Webhook Secret. Used by the VMEG Trigger and by a waiting VMEG node's resume.
 */
export async function readSignedCallback(ctx: IWebhookFunctions): Promise<SignedCallback> {
	const request = ctx.getRequestObject() as unknown as { rawBody?: unknown };
	// n8n keeps the exact received bytes in `rawBody`. The fallback re-serialises the parsed body,
	// which will almost never match VMEG's signature: it only keeps the request from crashing.
	const rawBody = Buffer.isBuffer(request.rawBody)
		? request.rawBody
		: Buffer.from(JSON.stringify(ctx.getBodyData() ?? {}), 'utf8');
	const headers = ctx.getHeaderData() as Record<string, string | string[] | undefined>;
	const timestamp = headerValue(headers, VMEG_TIMESTAMP_HEADER.toLowerCase());
	const signature = headerValue(headers, VMEG_SIGNATURE_HEADER.toLowerCase());
	const credentials = await ctx.getCredentials('vmegApi');
	const secret = typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '';
	return { rawBody, timestamp, signature, check: verifyVmegSignature({ secret, timestamp, signature, rawBody }) };
}
