import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkLineResult, runSyncBatches } from '../../helpers/lineBatches';
import { vmegRequest } from '../../transport';
import { translationFields } from './fields';
import { planSegments, translationBody } from './segments';

export const option: INodePropertyOptions = {
	name: 'Translate',
	value: 'translate',
	action: 'Translate text',
	description: 'Translate each input item\'s text and wait for the result (synchronous; up to 50 segments per request)',
};

export const description = updateDisplayOptions({ show: { resource: ['textTranslation'], operation: ['translate'] } }, translationFields());

/** Synchronous translation: one request per batch of up to 50 segments, one output item per input item. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const plan = await planSegments(this);
	return await runSyncBatches(this, plan, async (batch, itemIndexes) => {
		const result = await vmegRequest<IDataObject>(
			this,
			{ method: 'POST', path: '/openapi/v1/task/translate/create', body: translationBody(batch), timeout: 600_000 },
			{ itemIndex: itemIndexes[0], itemIndexes },
		);
		// `items` is aligned by index with the request's `segments`.
		const translated = (result.items as IDataObject[] | undefined) ?? [];
		return batch.map((line, position) => {
			const item = translated[position] ?? { errorMessage: 'VMEG returned no translation for this segment' };
			const errorMessage = typeof item.errorMessage === 'string' && item.errorMessage ? item.errorMessage : undefined;
			checkLineResult(this, line.itemIndex, errorMessage, 'translate');
			const json: IDataObject = {
				taskId: result.taskId,
				lineIndex: position,
				sourceText: line.segment.text,
				text: typeof item.text === 'string' ? item.text : null,
				...(errorMessage ? { errorMessage } : {}),
			};
			return { json };
		});
	});
}
