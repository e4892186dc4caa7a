import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { taskIdField } from '../../helpers/fields';
import { voiceApi } from '../../transport';
import { CREATE_HINT } from './fields';

export const option: INodePropertyOptions = {
	name: 'Get Status',
	value: 'getStatus',
	action: 'Get the status of a voice clone task',
	description: 'Get the status and progress of a voice clone task; result.model_id once succeeded',
	routing: voiceApi.request({ method: 'GET', url: '=/v1/clone/{{encodeURIComponent(String($parameter.taskId).trim())}}' }),
};

const properties: INodeProperties[] = [taskIdField(CREATE_HINT)];

export const description = updateDisplayOptions({ show: { resource: ['voiceClone'], operation: ['getStatus'] } }, properties);
