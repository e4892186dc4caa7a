import { sleep } from 'n8n-workflow';

const SLICE_MS = 1_000;

/**
 * Sleeps without holding the event loop, waking early when the execution is cancelled.
 * (n8n-workflow 2.8 has no abortable sleep; slices keep the cancel latency under a second.)
 */
export async function sleepUnlessCancelled(ms: number, signal?: AbortSignal): Promise<void> {
	let remaining = Math.max(0, ms);
	while (remaining > 0 && !signal?.aborted) {
		const slice = Math.min(remaining, SLICE_MS);
		await sleep(slice);
		remaining -= slice;
	}
}
