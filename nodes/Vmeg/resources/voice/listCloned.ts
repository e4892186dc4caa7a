import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../../shared/properties';
import { vmegApi } from '../../transport';

export const option: INodePropertyOptions = {
	name: 'List Cloned Voices',
	value: 'listCloned',
	action: 'List cloned voices',
	routing: vmegApi.pagedList({ method: 'POST', url: '/openapi/v1/assets/voice/clone/list' }),
};

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	{
		displayName: 'Filters',
		name: 'cloneFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Name Contains', name: 'searchName', type: 'string', default: '', routing: { send: { type: 'body', property: 'searchName' } } },
			{ displayName: 'Order', name: 'order', type: 'options', options: [{ name: 'Descending', value: 'desc' }, { name: 'Ascending', value: 'asc' }], default: 'desc', routing: { send: { type: 'body', property: 'order' } } },
			{ displayName: 'Order By', name: 'orderBy', type: 'options', options: [{ name: 'Created', value: 'create_time' }, { name: 'Name', value: 'name' }, { name: 'Updated', value: 'update_time' }, { name: 'Voice ID', value: 'voiceId' }], default: 'create_time', routing: { send: { type: 'body', property: 'orderBy' } } },
			{ displayName: 'Voice IDs', name: 'voiceIds', type: 'string', default: '', description: 'Comma-separated clone IDs', routing: { send: { type: 'body', property: 'voiceIds', value: '={{ $value.split(",").map(v => v.trim()).filter(v => v) }}' } } },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['voice'], operation: ['listCloned'] } }, properties);
