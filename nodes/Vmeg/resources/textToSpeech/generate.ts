import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { downloadAsBinary } from '../../../shared/binary';
import { asNodeError } from '../../../shared/errors';
import { vmegRequest } from '../../transport';
import { planBatches, requestBody } from './batches';

/** Synchronous TTS: one request per batch of up to 50 lines, one output item per input item. */
export async function generate(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { batches, failures } = planBatches(this);
	const download = this.getNodeParameter('downloadAudio', 0, true) as boolean;
	const byItem = new Map<number, INodeExecutionData>();
	for (const f of failures) byItem.set(f.itemIndex, { json: { error: (f as { error: Error }).error.message }, pairedItem: { item: f.itemIndex } });
	for (const batch of batches) {
		const itemIndexes = batch.map((l) => l.itemIndex);
		try {
			const result = await vmegRequest<IDataObject>(
				this,
				{ method: 'POST', path: '/openapi/v1/task/tts/create', body: requestBody(batch), timeout: 600_000 },
				{ itemIndex: itemIndexes[0], itemIndexes },
			);
			const results = (result.results as IDataObject[] | undefined) ?? [];
			for (const [position, line] of batch.entries()) {
				const lineResult = results[position] ?? { errorMessage: 'VMEG returned no result for this line' };
				const json: IDataObject = { taskId: result.taskId, lineIndex: position, text: line.line.text, ...lineResult };
				const item: INodeExecutionData = { json, pairedItem: { item: line.itemIndex } };
				if (lineResult.errorMessage && !this.continueOnFail()) {
					throw new Error(`VMEG could not speak item ${line.itemIndex}: ${String(lineResult.errorMessage)}`);
				}
				if (download && typeof lineResult.uri === 'string' && !lineResult.errorMessage) {
					const extension = String(line.batch.outputFormat);
					item.binary = { audio: await downloadAsBinary(this, lineResult.uri, { fileName: `${result.taskId}-${position + 1}.${extension}` }) };
				}
				byItem.set(line.itemIndex, item);
			}
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error);
			for (const i of itemIndexes) byItem.set(i, { json: { error: (error as Error).message }, pairedItem: { item: i } });
		}
	}
	return [[...byItem.keys()].sort((a, b) => a - b).map((i) => byItem.get(i)!)];
}
