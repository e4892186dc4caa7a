import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from './errors';

export interface ItemResult {
	json: IDataObject;
	binary?: INodeExecutionData['binary'];
}

/**
 * Runs `work` for every input item with bounded concurrency and returns one output item per
 * input item, in input order, each paired to its input. With "Continue On Fail" a failed item
 * becomes `{ error }` and the others carry on; otherwise the first failure (in item order) throws.
 */
export async function mapItems(
	ctx: IExecuteFunctions,
	work: (itemIndex: number) => Promise<ItemResult>,
	concurrency = 4,
): Promise<INodeExecutionData[]> {
	const results = await runLimited(ctx.getInputData().length, concurrency, work, ctx.continueOnFail());
	// Items never started all come after the first failure, so the loop throws before reaching one.
	return results.map((result, index) => toOutputItem(ctx, result, index));
}

/**
 * Runs `work(0)` … `work(count - 1)` at most `concurrency` at a time; results in index order.
 * Unless `keepGoing`, nothing new starts once one has failed (unstarted entries stay empty).
 */
async function runLimited<T>(
	count: number,
	concurrency: number,
	work: (index: number) => Promise<T>,
	keepGoing: boolean,
): Promise<Array<{ ok: T } | { error: Error }>> {
	const results: Array<{ ok: T } | { error: Error }> = new Array(count);
	let next = 0;
	let failed = false;
	const worker = async () => {
		// Without Continue On Fail the node fails anyway: start no more (possibly paid) work.
		while (next < count && !(failed && !keepGoing)) {
			const index = next++;
			try {
				results[index] = { ok: await work(index) };
			} catch (error) {
				results[index] = { error: error as Error };
				failed = true;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), count) }, worker));
	return results;
}

function toOutputItem(
	ctx: IExecuteFunctions,
	result: { ok: ItemResult } | { error: Error },
	itemIndex: number,
): INodeExecutionData {
	if ('ok' in result) return { ...result.ok, pairedItem: { item: itemIndex } };
	if (ctx.continueOnFail()) return errorItem(itemIndex, result.error);
	throw asNodeError(ctx.getNode(), result.error, itemIndex);
}

/** The output item of a failed input item under Continue On Fail. */
export function errorItem(itemIndex: number, error: Error): INodeExecutionData {
	return { json: { error: error.message }, pairedItem: { item: itemIndex } };
}

/** Splits `values` into consecutive chunks of at most `size`. */
export function chunk<T>(values: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
	return chunks;
}

/** An input item refused before anything was sent. */
export interface ItemFailure {
	itemIndex: number;
	error: Error;
}

/**
 * Keeps a refused item: without Continue On Fail it fails the node (naming the item); with it,
 * it joins `failures` and the other items go on.
 */
export function keepFailure(ctx: IExecuteFunctions, failures: ItemFailure[], itemIndex: number, error: unknown): void {
	if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error, itemIndex);
	failures.push({ itemIndex, error: error as Error });
}

/**
 * Reads and checks every input item before any (paid) request, so bad input in item 3 never
 * follows work already sent for items 1 and 2.
 */
export async function readEveryItem<T>(
	ctx: IExecuteFunctions,
	read: (itemIndex: number) => T | Promise<T>,
): Promise<{ values: Array<{ itemIndex: number; value: T }>; failures: ItemFailure[] }> {
	const values: Array<{ itemIndex: number; value: T }> = [];
	const failures: ItemFailure[] = [];
	for (let itemIndex = 0; itemIndex < ctx.getInputData().length; itemIndex++) {
		try {
			values.push({ itemIndex, value: await read(itemIndex) });
		} catch (error) {
			keepFailure(ctx, failures, itemIndex, error);
		}
	}
	return { values, failures };
}

/**
 * mapItems in two passes: `read` checks every input item first (readEveryItem), and only then
 * `work` runs (paid requests, uploads) on the accepted ones. Without Continue On Fail a bad item
 * fails the node before anything is sent; with it, the bad item becomes its error item.
 */
export async function mapCheckedItems<T>(
	ctx: IExecuteFunctions,
	read: (itemIndex: number) => T | Promise<T>,
	work: (itemIndex: number, value: T) => Promise<ItemResult>,
	concurrency = 4,
): Promise<INodeExecutionData[]> {
	const { values, failures } = await readEveryItem(ctx, read);
	const accepted = new Map(values.map((v) => [v.itemIndex, v.value]));
	const refused = new Map(failures.map((f) => [f.itemIndex, f.error]));
	return await mapItems(
		ctx,
		async (itemIndex) => {
			if (!accepted.has(itemIndex)) throw refused.get(itemIndex);
			return await work(itemIndex, accepted.get(itemIndex) as T);
		},
		concurrency,
	);
}
