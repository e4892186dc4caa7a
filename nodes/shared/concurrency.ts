/**
 * Runs `work` over the values of `source` with at most `limit` calls in flight, pulling the next
 * value only when a slot is free (so a lazy source, e.g. parts read from a file, holds at most
 * `limit` values in memory). Resolves with the results in source order.
 *
 * On the first failure no further value is pulled or started (it may be paid work, or an upload
 * that is about to be aborted); the calls already in flight are awaited, so nothing still runs
 * when the caller reacts, and then the failure of the earliest value is thrown.
 */
export async function mapBounded<T, R>(
	source: Iterable<T> | AsyncIterable<T>,
	limit: number,
	work: (value: T, index: number) => Promise<R>,
): Promise<R[]> {
	const iterator =
		Symbol.asyncIterator in source
			? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
			: (source as Iterable<T>)[Symbol.iterator]();
	const results: R[] = [];
	const failures: Array<{ index: number; error: unknown }> = [];
	const inFlight = new Set<Promise<void>>();
	const slots = Math.max(1, Math.floor(limit) || 1);
	let index = 0;
	let done = false;
	try {
		while (!done && !failures.length) {
			if (inFlight.size >= slots) {
				await Promise.race(inFlight);
				continue;
			}
			let next: IteratorResult<T>;
			try {
				next = await iterator.next();
			} catch (error) {
				failures.push({ index, error });
				break;
			}
			if (next.done) {
				done = true;
				break;
			}
			const position = index++;
			const running: Promise<void> = work(next.value, position).then(
				(result) => {
					results[position] = result;
				},
				(error: unknown) => {
					failures.push({ index: position, error });
				},
			);
			const tracked = running.finally(() => inFlight.delete(tracked));
			inFlight.add(tracked);
		}
		await Promise.all(inFlight);
	} finally {
		// Stopping early releases the source (closes a file stream); its own error adds nothing.
		if (!done) await Promise.resolve(iterator.return?.()).catch(() => undefined);
	}
	if (failures.length) {
		failures.sort((a, b) => a.index - b.index);
		throw failures[0].error;
	}
	return results;
}
