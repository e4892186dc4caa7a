import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { sendWithRetries, TransportError } from '../shared/http';
import { RESUME_URL_FIELD, VMEG_SIGNATURE_HEADER, VMEG_TIMESTAMP_HEADER, type VmegCallback } from '../Vmeg/callback';

/** How many recent deliveries each trigger node remembers (in its static data). */
export const SEEN_DELIVERIES_LIMIT = 500;
const SEEN_DELIVERIES_KEY = 'seenDeliveries';

/** The forward must fit in VMEG's "answer within a few seconds"; VMEG itself retries on 502. */
const FORWARD_TIMEOUT_MS = 10_000;
const FORWARD_RETRY = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 1_000 };

/** Identifies one completion across VMEG's retries: `pipelineKey`, else event + task ID. */
export function deliveryKey(callback: VmegCallback): string | undefined {
	if (typeof callback.pipelineKey === 'string' && callback.pipelineKey) return callback.pipelineKey;
	const taskId = callback.data?.taskId;
	return taskId ? `${callback.event}:${taskId}` : undefined;
}

/**
 * Recent delivery keys of one Trigger node, kept in its static data: the only store n8n lets a
 * trigger's webhook write that every n8n process reads (it is in the database). It is not atomic:
 * n8n loads the whole static data when a request arrives and saves the whole object after the
 * webhook returns, so two requests handled at the same moment (in one process, or in two webhook
 * processes in queue mode) both miss each other's key, and the later save drops the other's key.
 * n8n 2.x offers a community node nothing better from a webhook: `IWebhookFunctions.helpers` has
 * no deduplication or data-table helpers, and the deduplication helpers nodes get elsewhere
 * (`checkProcessedAndRecord`) also read, then write, the whole record. So:
 * - within one process, a process-wide map closes the window (a copy arriving while the first is
 *   being handled is told to retry later) and each save puts back this process's own recent keys
 *   that a concurrent save dropped (the database copy is the record; the map only repairs it);
 * - across processes a copy may still start a second execution: every item carries `deliveryKey`
 *   and `possibleDuplicate` so the workflow can filter with an atomic store (README, Queue mode).
 */
const processSeen = new Map<string, 'inFlight' | 'done'>();
const PROCESS_SEEN_LIMIT = 5_000;

export class DeliveryLog {
	private readonly prefix: string;

	constructor(
		private readonly staticData: IDataObject,
		scope: string,
		private readonly key: string | undefined,
	) {
		this.prefix = `${scope}|`;
	}

	/** `duplicate`: already processed; `inFlight`: the same delivery is being processed right now. */
	state(): 'new' | 'duplicate' | 'inFlight' {
		if (this.key === undefined) return 'new';
		const local = processSeen.get(this.prefix + this.key);
		if (local === 'inFlight') return 'inFlight';
		if (local === 'done' || this.persisted().includes(this.key)) return 'duplicate';
		return 'new';
	}

	begin(): void {
		if (this.key !== undefined) remember(this.prefix + this.key, 'inFlight');
	}

	/** Forgets an attempt that failed, so VMEG's retry is processed again. */
	abandon(): void {
		if (this.key !== undefined) processSeen.delete(this.prefix + this.key);
	}

	record(): void {
		if (this.key === undefined) return;
		remember(this.prefix + this.key, 'done');
		const seen = this.persisted();
		const kept = new Set(seen);
		// Keys this process recorded that a concurrent save dropped from the database copy.
		for (const [scoped, state] of processSeen) {
			const key = scoped.slice(this.prefix.length);
			if (state === 'done' && scoped.startsWith(this.prefix) && !kept.has(key) && key !== this.key) {
				seen.push(key);
				kept.add(key);
			}
		}
		this.staticData[SEEN_DELIVERIES_KEY] = [...seen.filter((k) => k !== this.key), this.key].slice(-SEEN_DELIVERIES_LIMIT);
	}

	/**
	 * For the output item: the key every copy of this delivery shares, and `possibleDuplicate`,
	 * always true: the check above cannot see a copy that another n8n process is handling at the
	 * same moment (see the comment on `processSeen`), so a workflow behind several webhook
	 * processes filters on `deliveryKey` itself.
	 */
	outputFields(): IDataObject {
		return { deliveryKey: this.key ?? null, possibleDuplicate: true };
	}

	private persisted(): string[] {
		const value = this.staticData[SEEN_DELIVERIES_KEY];
		return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
	}
}

function remember(key: string, state: 'inFlight' | 'done'): void {
	processSeen.delete(key);
	processSeen.set(key, state);
	while (processSeen.size > PROCESS_SEEN_LIMIT) {
		const oldest = processSeen.keys().next().value;
		if (oldest === undefined) break;
		processSeen.delete(oldest);
	}
}

/** The resume URL a waiting VMEG node left in `extraData`, when it is a usable http(s) URL. */
export function resumeUrlOf(callback: VmegCallback): string | undefined {
	const value = callback.extraData?.[RESUME_URL_FIELD];
	if (typeof value !== 'string' || !value) return undefined;
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:' ? value : undefined;
	} catch {
		return undefined;
	}
}

/** A resume URL as it may be shown: without the query string, which carries n8n's signature token. */
export function redactUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return url.split(/[?#]/)[0];
	}
}

/** `extraData` for the output item, without the resume URL (it holds a secret token). */
export function publicExtraData(extraData: IDataObject | undefined): IDataObject {
	const copy: IDataObject = { ...(extraData ?? {}) };
	delete copy[RESUME_URL_FIELD];
	return copy;
}

export interface ForwardOutcome {
	/**
	 * `delivered` (2xx); `alreadyResumed` (409: the execution has finished, resumed by an earlier
	 * delivery); `stillRunning` (409: the execution has not been saved as waiting yet, so a retry
	 * will reach it); `rejected` (other 4xx: retrying will not help); `failed` (no answer, 5xx).
	 */
	status: 'delivered' | 'alreadyResumed' | 'stillRunning' | 'rejected' | 'failed';
	httpStatus?: number;
	error?: string;
}

/**
 * How long the forward keeps trying while n8n says the execution "is running already": a fast
 * job's callback can arrive before its node has parked the execution, which takes milliseconds
 * once the node returns. Kept well inside VMEG's "answer within a few seconds"; after it the
 * Trigger answers 503 and VMEG's own retry forwards again.
 */
const FORWARD_WHILE_RUNNING_MS = 3_000;

/** n8n's 409 texts (waiting-webhooks.ts, 2.8 and 2.41): only "running already" is worth retrying. */
const STILL_RUNNING = /is running already/i;

/**
 * Forwards the callback, byte for byte and with VMEG's own signature headers, to the execution
 * waiting for it; the waiting node verifies the signature again. Repeating it is harmless: n8n
 * answers 409 once the execution has resumed.
 */
export async function forwardCallback(
	ctx: IWebhookFunctions,
	url: string,
	rawBody: Buffer,
	timestamp: string,
	signature: string,
	whileRunningMs = FORWARD_WHILE_RUNNING_MS,
): Promise<ForwardOutcome> {
	const deadline = Date.now() + whileRunningMs;
	for (let delayMs = 100; ; delayMs = Math.min(delayMs * 2, 1_000)) {
		const outcome = await forwardOnce(ctx, url, rawBody, timestamp, signature);
		if (outcome.status !== 'stillRunning' || Date.now() + delayMs > deadline) return outcome;
		await sleep(delayMs);
	}
}

async function forwardOnce(ctx: IWebhookFunctions, url: string, rawBody: Buffer, timestamp: string, signature: string): Promise<ForwardOutcome> {
	try {
		const response = await sendWithRetries(
			ctx,
			{
				method: 'POST',
				url,
				body: rawBody,
				headers: { 'Content-Type': 'application/json', [VMEG_TIMESTAMP_HEADER]: timestamp, [VMEG_SIGNATURE_HEADER]: signature },
				timeout: FORWARD_TIMEOUT_MS,
			},
			{ retrySafe: true, retry: FORWARD_RETRY },
		);
		const httpStatus = response.statusCode;
		if (httpStatus >= 200 && httpStatus < 300) return { status: 'delivered', httpStatus };
		if (httpStatus === 409) {
			return STILL_RUNNING.test(answerText(response.body))
				? { status: 'stillRunning', httpStatus, error: 'The execution has not started waiting yet' }
				: { status: 'alreadyResumed', httpStatus };
		}
		if (httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408 && httpStatus !== 429) {
			return { status: 'rejected', httpStatus, error: `The waiting execution answered HTTP ${httpStatus}` };
		}
		return { status: 'failed', httpStatus, error: `The waiting execution answered HTTP ${httpStatus}` };
	} catch (error) {
		const message = error instanceof TransportError ? `${error.message}${error.code ? ` (${error.code})` : ''}` : String(error);
		return { status: 'failed', error: message };
	}
}

/** The message of an n8n error answer (`{code, message}`), whatever form the body came in. */
function answerText(body: unknown): string {
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (typeof body === 'string') return body;
	if (body && typeof body === 'object') return String((body as IDataObject).message ?? JSON.stringify(body));
	return '';
}
