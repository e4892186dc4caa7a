import type { INodeProperties } from 'n8n-workflow';

const show = { resource: ['audio'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Asset ID',
		name: 'assetId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. a1b2c3d4-e5f6-7890-abcd-ef1234567890',
		description: 'The ID of an asset returned by Upload, Text to Speech, Sound Effect or Music',
		displayOptions: { show },
	},
];
