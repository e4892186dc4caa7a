import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { VMEG_EVENT_OPTIONS } from '../../events';
import { waitFields } from '../../helpers/asyncJobs/waitFields';
import { outputBinaryFieldOption } from '../../helpers/outputFiles';

export { waitForCompletion } from './waitForCompletion';

const show = { resource: ['task'] };
const paginate = { paginate: true };

export const taskOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show },
	options: [
		{ name: 'Delete', value: 'delete', action: 'Delete a task', routing: { request: { method: 'POST', url: '/openapi/v1/tasks/delete' }, send: paginate } },
		{ name: 'Get', value: 'get', action: 'Get a task', description: 'Status and, once finished, the result', routing: { request: { method: 'GET', url: '/openapi/v1/tasks/detail' }, send: paginate } },
		{ name: 'List', value: 'list', action: 'List tasks', routing: { request: { method: 'GET', url: '/openapi/v1/tasks/list' }, send: paginate } },
		{ name: 'Wait for Completion', value: 'waitForCompletion', action: 'Wait for a task to finish', description: 'Poll or resume on webhook until the task ends' },
	],
	default: 'get',
};

export const taskFields: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { resource: ['task'], operation: ['get', 'waitForCompletion'] } },
		routing: { send: { type: 'query', property: 'taskId' } },
	},
	{
		displayName: 'Task ID',
		name: 'deleteTaskId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { resource: ['task'], operation: ['delete'] } },
		routing: { send: { type: 'body', property: 'taskId' } },
	},
	{
		displayName: 'Task Type',
		name: 'waitTaskType',
		type: 'options',
		options: [...VMEG_EVENT_OPTIONS],
		default: 'openapi-media-translation',
		displayOptions: { show: { resource: ['task'], operation: ['waitForCompletion'] } },
		description: 'Decides which result files can be downloaded',
	},
	// A task submitted elsewhere carries no resume URL for the VMEG Trigger to forward to: poll only.
	...updateDisplayOptions({ show: { resource: ['task'], operation: ['waitForCompletion'] } }, waitFields({ modes: ['poll'] })),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['task'], operation: ['waitForCompletion'] } },
		options: [outputBinaryFieldOption],
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: { show: { resource: ['task'], operation: ['list'] } },
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { resource: ['task'], operation: ['list'], returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['task'], operation: ['list'] } },
		options: [
			{
				displayName: 'Task Type',
				name: 'taskType',
				type: 'options',
				options: [
					{ name: 'Audio Translation', value: 'at' },
					{ name: 'Text to Speech', value: 'tts' },
					{ name: 'Text Translation', value: 'textTranslation' },
					{ name: 'Video Translation', value: 'vt' },
					{ name: 'Voice Clone', value: 'cloneVoice' },
				],
				default: 'vt',
				routing: { send: { type: 'query', property: 'taskType' } },
			},
			{ displayName: 'Status', name: 'status', type: 'string', default: '', placeholder: 'running', routing: { send: { type: 'query', property: 'status' } } },
		],
	},
];
