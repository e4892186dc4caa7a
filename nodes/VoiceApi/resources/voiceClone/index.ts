import { requestTimeoutOption } from '../../../shared/api';
import type { INodeProperties } from 'n8n-workflow';

import { taskIdField, timeLimitOption } from '../../helpers/fields';
import * as create from './create';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['voiceClone'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Clone a voice from an audio file',
				description:
					'Train a private voice model from 10–90 s of clear speech in an input binary field. By default waits and returns the new model_id, usable in Text to Speech.',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a voice clone task',
				description: 'Get the status and progress of a voice clone task; result.model_id once succeeded',
				routing: {
					request: { method: 'GET', url: '=/v1/clone/{{encodeURIComponent(String($parameter.taskId).trim())}}' },
					send: { paginate: true },
				},
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				action: 'Wait for a voice clone task to finish',
				description: 'Wait until a voice clone task finishes and return its model_id',
			},
		],
	},
	...create.description,
	taskIdField('voiceClone', ['getStatus', 'waitForCompletion'], 'The task_id returned by Voice Clone > Create'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['voiceClone'], operation: ['waitForCompletion'] } },
		options: [requestTimeoutOption, timeLimitOption],
	},
];
