import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { taskIdField } from '../../helpers/fields';
import { voiceApi } from '../../transport';
import { CREATE_HINT } from './fields';

export const option: INodePropertyOptions = {
	name: 'Get Result',
	value: 'getResult',
	action: 'Get the transcript of a speech to text task',
	description: 'Get the transcript of a succeeded speech-to-text task: plain text, or segments with timestamps and speakers',
	routing: voiceApi.request({ method: 'GET', url: '=/v1/stt/{{encodeURIComponent(String($parameter.taskId).trim())}}/result' }),
};

const properties: INodeProperties[] = [
	taskIdField(CREATE_HINT),
	{
		displayName: 'Plain Text',
		name: 'plainText',
		type: 'boolean',
		default: false,
		description: 'Whether to return only the merged transcript text instead of segments with timestamps and speakers',
		routing: { send: { type: 'query', property: 'plain_text', value: '={{$value ? "true" : "false"}}' } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['speechToText'], operation: ['getResult'] } }, properties);
