import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

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
	const count = ctx.getInputData().length;
	const results: Array<{ ok: ItemResult } | { error: Error }> = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			try {
				results[index] = { ok: await work(index) };
			} catch (error) {
				results[index] = { error: error as Error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), count) }, worker));
	return results.map((result, index) => toOutputItem(ctx, result, index));
}

function toOutputItem(
	ctx: IExecuteFunctions,
	result: { ok: ItemResult } | { error: Error },
	itemIndex: number,
): INodeExecutionData {
	if ('ok' in result) return { ...result.ok, pairedItem: { item: itemIndex } };
	if (ctx.continueOnFail()) return { json: { error: result.error.message }, pairedItem: { item: itemIndex } };
	throw result.error;
}

/** Splits `values` into consecutive chunks of at most `size`. */
export function chunk<T>(values: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
	return chunks;
}
