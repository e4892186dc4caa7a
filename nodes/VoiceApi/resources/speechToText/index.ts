import type { INodeProperties } from 'n8n-workflow';

import { taskIdField } from '../../helpers/fields';
import * as create from './create';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['speechToText'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Transcribe an audio file',
				description:
					'Transcribe an audio file (mp3, wav, m4a…) from an input binary field. By default waits and returns the transcript with timestamped segments and speaker labels.',
			},
			{
				name: 'Get Result',
				value: 'getResult',
				action: 'Get the transcript of a speech to text task',
				description: 'Get the transcript of a succeeded speech-to-text task: plain text, or segments with timestamps and speakers',
				routing: {
					request: { method: 'GET', url: '=/v1/stt/{{encodeURIComponent(String($parameter.taskId).trim())}}/result' },
					send: { paginate: true },
				},
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a speech to text task',
				description: 'Get the status (queued, running, succeeded, failed) and progress of a speech-to-text task',
				routing: {
					request: { method: 'GET', url: '=/v1/stt/{{encodeURIComponent(String($parameter.taskId).trim())}}' },
					send: { paginate: true },
				},
			},
		],
	},
	...create.description,
	taskIdField('speechToText', ['getStatus', 'getResult'], 'The task_id returned by Speech to Text > Create'),
	{
		displayName: 'Plain Text',
		name: 'plainText',
		type: 'boolean',
		default: false,
		description: 'Whether to return only the merged transcript text instead of segments with timestamps and speakers',
		displayOptions: { show: { resource: ['speechToText'], operation: ['getResult'] } },
		routing: { send: { type: 'query', property: 'plain_text', value: '={{$value ? "true" : "false"}}' } },
	},
];
