import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readEveryItem } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import { optionsCollection } from '../../../shared/properties';
import type { VmegEvent } from '../../events';
import { VMEG_EVENT_OPTIONS } from '../../events';
import { finishJobs } from '../../helpers/asyncJobs/finish';
import type { AcceptedItem } from '../../helpers/asyncJobs/outcomes';
import { refusedItems } from '../../helpers/asyncJobs/outcomes';
import type { TaskResult } from '../../helpers/asyncJobs/taskResult';
import { getTaskResult } from '../../helpers/asyncJobs/taskResult';
import { waitFields } from '../../helpers/asyncJobs/waitFields';
import { outputBinaryFieldOption } from '../../helpers/outputFiles';
import { taskIdField } from './fields';

export const option: INodePropertyOptions = {
	name: 'Wait for Completion',
	value: 'waitForCompletion',
	action: 'Wait for a task to finish',
	description: 'Poll or resume on webhook until the task ends',
};

const properties: INodeProperties[] = [
	taskIdField,
	{
		displayName: 'Task Type',
		name: 'waitTaskType',
		type: 'options',
		options: [...VMEG_EVENT_OPTIONS],
		default: 'openapi-media-translation',
		description: 'Decides which result files can be downloaded',
	},
	// A task submitted elsewhere carries no resume URL for the VMEG Trigger to forward to: poll only.
	...waitFields({ modes: ['poll'] }),
	optionsCollection([outputBinaryFieldOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['waitForCompletion'] } }, properties);

/**
 * Waits for existing tasks (one per item) by polling. Each task is read once first, which also
 * confirms it exists; a task that has already ended is not polled again.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const known = new Map<string, TaskResult>();
	const { values, failures } = await readEveryItem(this, async (itemIndex): Promise<AcceptedItem> => {
		const taskId = new InputValidator(this.getNode(), itemIndex).text(this.getNodeParameter('taskId', itemIndex), 'Task ID');
		const result = known.get(taskId) ?? (await getTaskResult(this, taskId, itemIndex));
		known.set(taskId, result);
		return { kind: 'accepted', itemIndex, taskId, event: this.getNodeParameter('waitTaskType', itemIndex) as VmegEvent, acceptance: result.data };
	});
	return await finishJobs(this, [...values.map((v) => v.value), ...refusedItems(failures)], 'poll', known);
}
