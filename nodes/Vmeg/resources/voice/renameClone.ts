import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { vmegApi } from '../../transport';
import { clonedVoiceField } from './fields';

export const option: INodePropertyOptions = {
	name: 'Rename Clone',
	value: 'renameClone',
	action: 'Rename a cloned voice',
	routing: vmegApi.request({ method: 'POST', url: '/openapi/v1/assets/voice/clone/update' }),
};

const properties: INodeProperties[] = [
	clonedVoiceField,
	{
		displayName: 'New Name',
		name: 'voiceName',
		type: 'string',
		default: '',
		required: true,
		routing: { send: { type: 'body', property: 'voiceName' } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['voice'], operation: ['renameClone'] } }, properties);
