import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { downloadAsBinary } from '../../../shared/binary';
import { asNodeError } from '../../../shared/errors';
import type { ItemResult } from '../../../shared/items';
import { checkLineResult, runSyncBatches } from '../../helpers/lineBatches';
import { outputBinaryField } from '../../helpers/outputFiles';
import { vmegRequest } from '../../transport';
import { planBatches, requestBody } from './batches';
import { lineOptionsField, speechFields } from './fields';

export const option: INodePropertyOptions = {
	name: 'Generate',
	value: 'generate',
	action: 'Generate speech',
	description: 'Speak each input item\'s text and wait for the audio (synchronous; up to 50 lines per request)',
};

const properties: INodeProperties[] = [
	...speechFields,
	{
		displayName: 'Download Audio',
		name: 'downloadAudio',
		type: 'boolean',
		default: true,
		description: 'Whether to attach each line\'s audio as binary data (field "data" unless Options > Put Output File in Field says otherwise)',
	},
	lineOptionsField,
];

export const description = updateDisplayOptions({ show: { resource: ['textToSpeech'], operation: ['generate'] } }, properties);

/** Synchronous TTS: one request per batch of up to 50 lines, one output item per input item. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const plan = await planBatches(this);
	const download = this.getNodeParameter('downloadAudio', 0, true) as boolean;
	return await runSyncBatches(this, plan, async (batch, itemIndexes) => {
		const result = await vmegRequest<IDataObject>(
			this,
			{ method: 'POST', path: '/openapi/v1/task/tts/create', body: requestBody(batch), timeout: 600_000 },
			{ itemIndex: itemIndexes[0], itemIndexes },
		);
		const results = (result.results as IDataObject[] | undefined) ?? [];
		const items: ItemResult[] = [];
		for (const [position, line] of batch.entries()) {
			const lineResult = results[position] ?? { errorMessage: 'VMEG returned no result for this line' };
			checkLineResult(this, line.itemIndex, lineResult.errorMessage, 'speak');
			const item: ItemResult = { json: { taskId: result.taskId, lineIndex: position, text: line.line.text, ...lineResult } };
			if (download && typeof lineResult.uri === 'string' && !lineResult.errorMessage) {
				const extension = String(line.batch.outputFormat);
				try {
					item.binary = {
						[outputBinaryField(this, line.itemIndex)]: await downloadAsBinary(this, lineResult.uri, { fileName: `${result.taskId}-${position + 1}.${extension}`, itemIndex: line.itemIndex }),
					};
				} catch (error) {
					// The other lines' audio is paid for and fetched: with Continue On Fail only this line fails.
					if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, line.itemIndex);
					item.json.error = (error as Error).message;
				}
			}
			items.push(item);
		}
		return items;
	});
}
