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
