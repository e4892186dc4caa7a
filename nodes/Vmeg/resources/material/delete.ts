import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { vmegApi } from '../../transport';

export const option: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a material',
	routing: vmegApi.request({ method: 'POST', url: '/openapi/v1/assets/material/delete' }),
};

const properties: INodeProperties[] = [
	{
		displayName: 'Material ID',
		name: 'deleteMaterialId',
		type: 'string',
		default: '',
		required: true,
		routing: { send: { type: 'body', property: 'materialId' } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['material'], operation: ['delete'] } }, properties);
