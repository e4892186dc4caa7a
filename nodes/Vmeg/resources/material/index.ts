import type { INodeProperties } from 'n8n-workflow';

import { requestTimeoutOption } from '../../../shared/api';

export { upload } from './upload';

const show = { resource: ['material'] };
const paginate = { paginate: true };

export const materialOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show },
	options: [
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a material',
			routing: { request: { method: 'POST', url: '/openapi/v1/assets/material/delete' }, send: paginate },
		},
		{
			name: 'List',
			value: 'list',
			action: 'List materials',
			description: 'Completed uploads of this API key, newest first',
			routing: { request: { method: 'GET', url: '/openapi/v1/assets/material/list' }, send: paginate },
		},
		{
			name: 'Upload',
			value: 'upload',
			action: 'Upload a material',
			description: 'Upload an audio or video file so other operations can use its material ID',
		},
	],
	default: 'upload',
};

export const materialFields: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { ...show, operation: ['upload'] } },
		hint: 'The name of the input binary field holding the audio or video file',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { ...show, operation: ['upload'] } },
		options: [
			requestTimeoutOption,
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'interview.mp4',
				description: 'Name to store the material under, with an audio or video extension. Default: the input file\'s name.',
			},
			{
				displayName: 'Parts in Flight',
				name: 'partsInFlight',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 16 },
				default: 4,
				description: 'For files of 5 MiB or more (multipart): how many parts are uploaded at the same time. Each part in flight is held in memory (VMEG suggests the part size, usually 5–8 MiB).',
			},
		],
	},
	{
		displayName: 'Material ID',
		name: 'deleteMaterialId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { ...show, operation: ['delete'] } },
		routing: { send: { type: 'body', property: 'materialId' } },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: { show: { ...show, operation: ['list'] } },
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { ...show, operation: ['list'], returnAll: [false] } },
		description: 'Max number of results to return',
	},
];
