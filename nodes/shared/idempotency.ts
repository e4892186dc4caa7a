import { createHash } from 'crypto';

const IDEMPOTENCY_KEY_MAX_LENGTH = 64;

export interface IdempotencySource {
	executionId: string;
	nodeId: string;
	/** The input item(s) the request does the work for, e.g. all items of one TTS batch. */
	itemIndexes: number[];
	method: string;
	path: string;
	body: unknown;
}

/**
 * Same execution + node + items + request content => same key, so a retry of the same work
 * (our own retry, or n8n's "Retry On Fail") is recognised by the API instead of paid twice;
 * new work (another execution, other items, other content) gets a new key.
 */
export function idempotencyKey(source: IdempotencySource): string {
	const digest = createHash('sha256')
		.update(
			stableStringify([
				source.executionId,
				source.nodeId,
				source.itemIndexes,
				source.method.toUpperCase(),
				source.path,
				source.body ?? null,
			]),
		)
		.digest('hex');
	return `n8n-${digest}`.slice(0, IDEMPOTENCY_KEY_MAX_LENGTH);
}

/** JSON with object keys sorted, so key order never changes the digest. */
function stableStringify(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	const entries = Object.entries(value as Record<string, unknown>)
		.filter(([, v]) => v !== undefined)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/** What is remembered of one piece of work's keys: how many were spent, and when an answer was lost. */
interface KeyRecord {
	/** Keys spent so far: the key in use is generation N (0 = the plain key). */
	g: number;
	/** Epoch ms of the first send whose answer was lost while the current key was in use. */
	lost?: number;
}

type KeyStore = Record<string, KeyRecord>;

/** Anything that may offer n8n's per-execution node context (execute contexts do). */
interface MaybeContextAware {
	getContext?: (type: 'node') => Record<string, unknown>;
}

const STORE_FIELD = 'aiVoiceIdempotency';

/**
 * The node's context in this execution (n8n keeps it in the execution data, so it survives
 * Retry On Fail and a waiting execution, on whichever process runs it); a throw-away object
 * where there is none (list search, webhooks), which only ever send one attempt of a request.
 */
export function nodeExecutionStore(ctx: object): Record<string, unknown> {
	try {
		const store = (ctx as MaybeContextAware).getContext?.('node');
		if (store && typeof store === 'object') return store;
	} catch {
		// Contexts without execution data (e.g. tests, list search) keep nothing.
	}
	return {};
}

/**
 * Tracks which idempotency keys are used up. A key whose request got any HTTP answer is spent
 * (an API may use a key up even on a request it rejects), so the next attempt of the same work
 * (our retry, n8n's Retry On Fail) sends a new key; a key whose answer was lost is kept, so the
 * API recognises the repeat instead of doing the work twice.
 */
export class IdempotencyLedger {
	private readonly store: KeyStore;

	constructor(ctx: object) {
		const context = nodeExecutionStore(ctx);
		context[STORE_FIELD] ??= {};
		this.store = context[STORE_FIELD] as KeyStore;
	}

	/** The key to send now for the work whose plain key is `baseKey`. */
	key(baseKey: string): string {
		const generation = this.store[baseKey]?.g ?? 0;
		if (generation === 0) return baseKey;
		const digest = createHash('sha256').update(`${baseKey}#${generation}`).digest('hex');
		return `n8n-${digest}`.slice(0, IDEMPOTENCY_KEY_MAX_LENGTH);
	}

	/** The API answered the current key: it is spent. */
	spend(baseKey: string): void {
		this.store[baseKey] = { g: (this.store[baseKey]?.g ?? 0) + 1 };
	}

	/** The answer to the current key was lost: keep the key and remember since when. */
	markLost(baseKey: string, sentAt: number): void {
		const record = this.store[baseKey] ?? { g: 0 };
		this.store[baseKey] = { g: record.g, lost: record.lost ?? sentAt };
	}

	/** When the current key's answer was first lost, if it was. */
	lostSince(baseKey: string): number | undefined {
		return this.store[baseKey]?.lost;
	}
}
