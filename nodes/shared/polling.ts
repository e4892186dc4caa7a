import { isTransient } from './errors';
import { sleepUnlessCancelled } from './sleep';

export type PollState = 'done' | 'failed' | 'pending';

export interface PollOptions {
	timeoutMs: number;
	initialDelayMs?: number;
	maxDelayMs?: number;
	factor?: number;
	signal?: AbortSignal;
}

export interface PollOutcome<T> {
	value: T;
	state: PollState;
	/** True when the time limit (or a cancel) ended the wait before a final state. */
	timedOut: boolean;
	polls: number;
}

/**
 * Polls `check` until it reports done/failed, the time limit passes or the execution is
 * cancelled. Delays grow geometrically, so a long job costs few requests and no busy loop.
 * A check that fails for a passing reason (lost answer, 429, 5xx, already retried inside the
 * request) is tried again at the next poll until the time limit; then its error is thrown.
 */
export async function pollUntilSettled<T>(
	check: () => Promise<T>,
	stateOf: (value: T) => PollState,
	options: PollOptions,
): Promise<PollOutcome<T>> {
	const deadline = Date.now() + options.timeoutMs;
	let delay = options.initialDelayMs ?? 1_000;
	const maxDelay = options.maxDelayMs ?? 15_000;
	const factor = options.factor ?? 1.5;
	let polls = 0;
	for (;;) {
		const checked = await check().then(
			(value) => ({ value }),
			(error: unknown) => ({ error }),
		);
		if ('error' in checked) {
			const remaining = deadline - Date.now();
			if (!isTransient(checked.error) || remaining <= 0 || options.signal?.aborted) throw checked.error;
			await sleepUnlessCancelled(Math.min(delay, remaining), options.signal);
			delay = Math.min(maxDelay, Math.round(delay * factor));
			continue;
		}
		const value = checked.value;
		polls++;
		const state = stateOf(value);
		if (state !== 'pending') return { value, state, timedOut: false, polls };
		const remaining = deadline - Date.now();
		if (remaining <= 0 || options.signal?.aborted) return { value, state, timedOut: true, polls };
		await sleepUnlessCancelled(Math.min(delay, remaining), options.signal);
		delay = Math.min(maxDelay, Math.round(delay * factor));
	}
}
