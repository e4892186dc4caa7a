import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { taskIdField } from '../../helpers/fields';
import { voiceApi } from '../../transport';
import { CREATE_HINT } from './fields';

export const option: INodePropertyOptions = {
	name: 'Get Status',
	value: 'getStatus',
	action: 'Get the status of a speech to text task',
	description: 'Get the status (queued, running, succeeded, failed) and progress of a speech-to-text task',
	routing: voiceApi.request({ method: 'GET', url: '=/v1/stt/{{encodeURIComponent(String($parameter.taskId).trim())}}' }),
};

const properties: INodeProperties[] = [taskIdField(CREATE_HINT)];

export const description = updateDisplayOptions({ show: { resource: ['speechToText'], operation: ['getStatus'] } }, properties);
