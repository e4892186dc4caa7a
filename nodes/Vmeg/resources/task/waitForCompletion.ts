import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readEveryItem } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import type { VmegEvent } from '../../callback';
import type { TaskResult } from '../../helpers/asyncJobs';
import { finishJobs, getTaskResult } from '../../helpers/asyncJobs';

/**
 * Waits for existing tasks (one per item) by polling. Each task is read once first, which also
 * confirms it exists; a task that has already ended is not polled again.
 */
export async function waitForCompletion(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const known = new Map<string, TaskResult>();
	const { values, failures } = await readEveryItem(this, async (itemIndex) => {
		const taskId = new InputValidator(this.getNode(), itemIndex).text(this.getNodeParameter('taskId', itemIndex), 'Task ID');
		const result = known.get(taskId) ?? (await getTaskResult(this, taskId, itemIndex));
		known.set(taskId, result);
		return { itemIndex, taskId, event: this.getNodeParameter('waitTaskType', itemIndex) as VmegEvent, acceptance: result.data };
	});
	return await finishJobs(this, [...values.map((v) => v.value), ...failures].sort((a, b) => a.itemIndex - b.itemIndex), 'poll', known);
}
