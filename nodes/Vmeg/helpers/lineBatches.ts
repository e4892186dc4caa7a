import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapBounded } from '../../shared/concurrency';
import { asNodeError } from '../../shared/errors';
import type { ItemFailure, ItemResult } from '../../shared/items';
import { chunk, errorItem, keepFailure, readEveryItem } from '../../shared/items';
import type { VmegEvent } from '../callback';
import { finishJobs } from './asyncJobs/finish';
import type { WaitMode } from './asyncJobs/outcomes';
import { refusedItems } from './asyncJobs/outcomes';
import { submitJobs } from './asyncJobs/submit';

/** VMEG takes at most 50 TTS lines (`data[]`) or translation `segments[]` per request. */
export const LINE_BATCH_SIZE = 50;

/**
 * Batch requests sent at the same time. VMEG documents no number (only that per-account
 * concurrency caps "may apply"); 429s are retried with backoff.
 */
export const BATCHES_IN_FLIGHT = 4;

/** One input item read as one line of a batched request. */
export interface BatchLine {
	itemIndex: number;
	/** Lines share a request only when their keys are equal (same request-level settings). */
	batchKey: string;
}

export interface LinePlan<L extends BatchLine> {
	/** Requests to send: groups in order of first appearance, input order inside each. */
	batches: L[][];
	/** Items whose input was refused (only with Continue On Fail; otherwise planning throws). */
	failures: ItemFailure[];
}

export interface LinePlanOptions<L extends BatchLine> {
	/** Reads and checks one item; throws an input error (NodeOperationError) for bad input. */
	readLine: (itemIndex: number) => L;
	/**
	 * Optional second pass over all valid lines, for checks that need them together (e.g. one
	 * lookup per distinct voice). Returns each line, possibly re-keyed, or the Error that fails it.
	 */
	refine?: (lines: L[]) => Promise<Array<L | Error>>;
}

/**
 * Reads every input item as a line and packs the lines into requests of at most 50
 * that share request-level settings. All input checks run here, before any paid request: a
 * refused item fails the node, or with Continue On Fail becomes a failure and the rest go on.
 */
export async function planLineBatches<L extends BatchLine>(ctx: IExecuteFunctions, options: LinePlanOptions<L>): Promise<LinePlan<L>> {
	const { values, failures } = await readEveryItem(ctx, options.readLine);
	const lines = values.map((v) => v.value);
	if (!options.refine || !lines.length) return { batches: groupIntoBatches(lines), failures };
	// The refine pass answers in line order, so position p is the item of lines[p].
	const refined = await options.refine(lines);
	const kept: L[] = [];
	refined.forEach((result, position) =>
		result instanceof Error ? keepFailure(ctx, failures, lines[position].itemIndex, result) : kept.push(result),
	);
	failures.sort((a, b) => a.itemIndex - b.itemIndex);
	return { batches: groupIntoBatches(kept), failures };
}

/** Groups lines by batch key (keys in order of first appearance) and chunks each group. */
function groupIntoBatches<L extends BatchLine>(lines: L[]): L[][] {
	const groups = new Map<string, L[]>();
	for (const line of lines) {
		const group = groups.get(line.batchKey);
		if (group) group.push(line);
		else groups.set(line.batchKey, [line]);
	}
	return [...groups.values()].flatMap((group) => chunk(group, LINE_BATCH_SIZE));
}

/**
 * Synchronous batched operation: `sendBatch` sends one request and returns one result per line
 * (in batch order); up to BATCHES_IN_FLIGHT requests run at once. A failed request fails the
 * node (no further batch is started, those in flight finish), or with Continue On Fail marks
 * each of its items. Output: one item per input item, in input order, each paired to its input.
 */
export async function runSyncBatches<L extends BatchLine>(
	ctx: IExecuteFunctions,
	plan: LinePlan<L>,
	sendBatch: (batch: L[], itemIndexes: number[]) => Promise<ItemResult[]>,
): Promise<INodeExecutionData[][]> {
	const byItem = new Map<number, INodeExecutionData>();
	for (const f of plan.failures) byItem.set(f.itemIndex, errorItem(f.itemIndex, f.error));
	await mapBounded(plan.batches, BATCHES_IN_FLIGHT, async (batch) => {
		const itemIndexes = batch.map((l) => l.itemIndex);
		try {
			const results = await sendBatch(batch, itemIndexes);
			batch.forEach((line, position) => byItem.set(line.itemIndex, { ...results[position], pairedItem: { item: line.itemIndex } }));
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error, itemIndexes[0]);
			for (const i of itemIndexes) byItem.set(i, errorItem(i, error as Error));
		}
	});
	return [[...byItem.keys()].sort((a, b) => a - b).map((i) => byItem.get(i)!)];
}

/**
 * A line VMEG could not process inside an otherwise successful request: without Continue On Fail
 * this fails the node naming the item; with it the caller keeps `errorMessage` on that item.
 */
export function checkLineResult(ctx: IExecuteFunctions, itemIndex: number, errorMessage: unknown, what: string): void {
	if (typeof errorMessage !== 'string' || !errorMessage || ctx.continueOnFail()) return;
	throw new NodeOperationError(ctx.getNode(), `VMEG could not ${what} item ${itemIndex}: ${errorMessage}`, {
		itemIndex,
		description: 'VMEG accepted the request but failed this line. Check its text and settings, or turn on Continue On Fail to keep the other results.',
	});
}

export interface AsyncBatchSubmit<L extends BatchLine> {
	path: string;
	event: VmegEvent;
	/** Request body for one batch (without `extraData`). */
	body: (batch: L[]) => IDataObject;
}

/**
 * Asynchronous batched operation: one task per batch; each item remembers its task and line
 * position, and the wait mode (Don't Wait / Poll / Resume on Webhook) decides the output.
 */
export async function runAsyncBatches<L extends BatchLine>(
	ctx: IExecuteFunctions,
	plan: LinePlan<L>,
	submit: AsyncBatchSubmit<L>,
): Promise<INodeExecutionData[][]> {
	const waitMode = ctx.getNodeParameter('waitMode', 0, 'none') as WaitMode;
	const jobs = plan.batches.map((batch) => ({ batch, itemIndexes: batch.map((l) => l.itemIndex), path: submit.path, event: submit.event, batched: true }));
	const submitted = await submitJobs(ctx, waitMode, jobs, async (job) => ({ body: submit.body(job.batch) }));
	return await finishJobs(ctx, [...refusedItems(plan.failures), ...submitted], waitMode);
}
