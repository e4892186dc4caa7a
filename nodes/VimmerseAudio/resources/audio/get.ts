import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { vimmerseApi } from '../../transport';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get an audio asset',
	description: 'Fetch an asset (status, result URLs, credits) by its ID',
	routing: vimmerseApi.request({ method: 'GET', url: '=/asset/{{encodeURIComponent(String($parameter.assetId).trim())}}' }),
};

const properties: INodeProperties[] = [
	{
		displayName: 'Asset ID',
		name: 'assetId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. a1b2c3d4-e5f6-7890-abcd-ef1234567890',
		description: 'The ID of an asset returned by Upload, Text to Speech, Sound Effect or Music',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['audio'], operation: ['get'] } }, properties);
