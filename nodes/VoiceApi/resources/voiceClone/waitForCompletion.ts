import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestTimeoutOption } from '../../../shared/api';
import { mapItems } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import { optionsCollection } from '../../../shared/properties';
import { taskIdField, timeLimitOption } from '../../helpers/fields';
import { finishedClone } from './create';
import { CREATE_HINT } from './fields';

export const option: INodePropertyOptions = {
	name: 'Wait for Completion',
	value: 'waitForCompletion',
	action: 'Wait for a voice clone task to finish',
	description: 'Wait until a voice clone task finishes and return its model_id',
};

const properties: INodeProperties[] = [
	taskIdField(CREATE_HINT),
	optionsCollection([requestTimeoutOption, timeLimitOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['voiceClone'], operation: ['waitForCompletion'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [
		await mapItems(this, async (i) => {
			const taskId = new InputValidator(this.getNode(), i).text(this.getNodeParameter('taskId', i), 'Task ID').trim();
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			return { json: await finishedClone(this, i, { task_id: taskId }, options) };
		}),
	];
}
