import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersCollection, returnAllAndLimit } from '../../../shared/properties';
import { vmegApi } from '../../transport';

export const option: INodePropertyOptions = {
	name: 'List',
	value: 'list',
	action: 'List tasks',
	routing: vmegApi.pagedList({ method: 'GET', url: '/openapi/v1/tasks/list' }),
};

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	filtersCollection([
		{
			displayName: 'Task Type',
			name: 'taskType',
			type: 'options',
			options: [
				{ name: 'Audio Translation', value: 'at' },
				{ name: 'Text to Speech', value: 'tts' },
				{ name: 'Text Translation', value: 'textTranslation' },
				{ name: 'Video Translation', value: 'vt' },
				{ name: 'Voice Clone', value: 'cloneVoice' },
			],
			default: 'vt',
			routing: { send: { type: 'query', property: 'taskType' } },
		},
		{ displayName: 'Status', name: 'status', type: 'string', default: '', placeholder: 'running', routing: { send: { type: 'query', property: 'status' } } },
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['list'] } }, properties);
