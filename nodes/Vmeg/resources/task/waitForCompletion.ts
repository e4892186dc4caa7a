import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from '../../../shared/errors';
import { InputValidator } from '../../../shared/validation';
import type { VmegEvent } from '../../callback';
import type { ItemOutcome } from '../../helpers/asyncJobs';
import { finishJobs } from '../../helpers/asyncJobs';
import { vmegRequest } from '../../transport';

/** Waits for existing tasks (one per item) by polling or by parking until their callbacks. */
export async function waitForCompletion(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const waitMode = 'poll';
	const outcomes: ItemOutcome[] = [];
	for (let i = 0; i < this.getInputData().length; i++) {
		try {
			const taskId = new InputValidator(this.getNode(), i).text(this.getNodeParameter('taskId', i), 'Task ID');
			// Confirms the task exists before waiting on it.
			const detail = await vmegRequest<IDataObject>(this, { method: 'GET', path: '/openapi/v1/tasks/detail', qs: { taskId } }, { itemIndex: i });
			outcomes.push({ itemIndex: i, taskId, event: this.getNodeParameter('waitTaskType', i) as VmegEvent, acceptance: detail });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error);
			outcomes.push({ itemIndex: i, error: error as Error });
		}
	}
	return await finishJobs(this, outcomes, waitMode);
}
