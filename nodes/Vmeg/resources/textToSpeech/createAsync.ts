import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from '../../../shared/errors';
import type { ItemOutcome, WaitMode } from '../../helpers/asyncJobs';
import { extraDataFor, finishJobs } from '../../helpers/asyncJobs';
import { vmegRequest } from '../../transport';
import { planBatches, requestBody } from './batches';

/** Async TTS: one task per batch; the wait mode decides what the node outputs. */
export async function createAsync(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { batches, failures } = planBatches(this);
	const waitMode = this.getNodeParameter('waitMode', 0, 'none') as WaitMode;
	const outcomes: ItemOutcome[] = [...failures];
	for (const batch of batches) {
		const itemIndexes = batch.map((l) => l.itemIndex);
		try {
			const extraData = extraDataFor(this, waitMode, itemIndexes[0]);
			const accepted = await vmegRequest<IDataObject>(
				this,
				{ method: 'POST', path: '/openapi/v1/task/tts/create-async', body: { ...requestBody(batch), ...(extraData ? { extraData } : {}) } },
				{ itemIndex: itemIndexes[0], itemIndexes },
			);
			batch.forEach((line, lineIndex) =>
				outcomes.push({ itemIndex: line.itemIndex, taskId: String(accepted.taskId), event: 'openapi-tts', lineIndex, acceptance: accepted }),
			);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error);
			for (const i of itemIndexes) outcomes.push({ itemIndex: i, error: error as Error });
		}
	}
	outcomes.sort((a, b) => a.itemIndex - b.itemIndex);
	return await finishJobs(this, outcomes, waitMode);
}
