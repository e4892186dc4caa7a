import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from '../../../shared/errors';
import type { ItemOutcome, WaitMode } from '../../helpers/asyncJobs';
import { extraDataFor, finishJobs } from '../../helpers/asyncJobs';
import { vmegRequest } from '../../transport';
import { readCloneRequests } from './create';

/** Async clone: one task per item; the wait mode decides the output (with the new voiceId once done). */
export async function createAsync(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const requests = readCloneRequests(this);
	const waitMode = this.getNodeParameter('waitMode', 0, 'none') as WaitMode;
	const outcomes: ItemOutcome[] = [];
	for (const [itemIndex, body] of requests.entries()) {
		if (body instanceof Error) {
			outcomes.push({ itemIndex, error: body });
			continue;
		}
		try {
			const extraData = extraDataFor(this, waitMode, itemIndex);
			const accepted = await vmegRequest<IDataObject>(
				this,
				{ method: 'POST', path: '/openapi/v1/task/clone-voice/create-async', body: { ...body, ...(extraData ? { extraData } : {}) } },
				{ itemIndex },
			);
			outcomes.push({ itemIndex, taskId: String(accepted.taskId), event: 'openapi-clone-voice', acceptance: accepted });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, itemIndex);
			outcomes.push({ itemIndex, error: error as Error });
		}
	}
	return await finishJobs(this, outcomes, waitMode);
}
