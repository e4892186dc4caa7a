import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { vmegApi } from '../../transport';

export const option: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a task',
	routing: vmegApi.request({ method: 'POST', url: '/openapi/v1/tasks/delete' }),
};

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'deleteTaskId',
		type: 'string',
		default: '',
		required: true,
		routing: { send: { type: 'body', property: 'taskId' } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['delete'] } }, properties);
