import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readEveryItem } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import type { VmegEvent } from '../../events';
import { finishJobs } from '../../helpers/asyncJobs/finish';
import type { AcceptedItem } from '../../helpers/asyncJobs/outcomes';
import { refusedItems } from '../../helpers/asyncJobs/outcomes';
import type { TaskResult } from '../../helpers/asyncJobs/taskResult';
import { getTaskResult } from '../../helpers/asyncJobs/taskResult';

/**
 * Waits for existing tasks (one per item) by polling. Each task is read once first, which also
 * confirms it exists; a task that has already ended is not polled again.
 */
export async function waitForCompletion(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const known = new Map<string, TaskResult>();
	const { values, failures } = await readEveryItem(this, async (itemIndex): Promise<AcceptedItem> => {
		const taskId = new InputValidator(this.getNode(), itemIndex).text(this.getNodeParameter('taskId', itemIndex), 'Task ID');
		const result = known.get(taskId) ?? (await getTaskResult(this, taskId, itemIndex));
		known.set(taskId, result);
		return { kind: 'accepted', itemIndex, taskId, event: this.getNodeParameter('waitTaskType', itemIndex) as VmegEvent, acceptance: result.data };
	});
	return await finishJobs(this, [...values.map((v) => v.value), ...refusedItems(failures)], 'poll', known);
}
