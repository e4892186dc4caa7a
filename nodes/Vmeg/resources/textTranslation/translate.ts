import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { checkLineResult, runSyncBatches } from '../../helpers/lineBatches';
import { vmegRequest } from '../../transport';
import { planSegments, translationBody } from './segments';

/** Synchronous translation: one request per batch of up to 50 segments, one output item per input item. */
export async function translate(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
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
