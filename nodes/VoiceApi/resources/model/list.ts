import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersCollection, returnAllAndLimit } from '../../../shared/properties';
import { voiceApi } from '../../transport';

export const option: INodePropertyOptions = {
	name: 'List',
	value: 'list',
	action: 'List voice models',
	description:
		'List or search voice models (ID, title, languages, tags); use a model ID for Text to Speech. Filter by title, language or tag.',
	routing: voiceApi.pagedList({ method: 'GET', url: '/v1/models' }),
};

const properties: INodeProperties[] = [
	// The API pages by `page_size` (at most 100): a Limit below that is the first page's size.
	...returnAllAndLimit({ send: { type: 'query', property: 'page_size', value: '={{Math.min($value, 100)}}' } }),
	filtersCollection([
		{
			displayName: 'Language',
			name: 'language',
			type: 'string',
			default: '',
			placeholder: 'e.g. en',
			description: 'Only models speaking this language code',
			routing: { send: { type: 'query', property: 'language', value: '={{$value === "" ? undefined : $value}}' } },
		},
		{
			displayName: 'Refresh',
			name: 'refresh',
			type: 'boolean',
			default: true,
			description: 'Whether to bypass the API\'s page cache and get fresh results (e.g. right after cloning a voice)',
			routing: { send: { type: 'query', property: 'refresh', value: '={{$value ? "true" : "false"}}' } },
		},
		{
			displayName: 'Sort By',
			name: 'sort',
			type: 'options',
			default: 'score',
			description: 'Order of the results (descending)',
			options: [
				{ name: 'Created At', value: 'created_at' },
				{ name: 'Score', value: 'score' },
				{ name: 'Task Count', value: 'task_count' },
			],
			routing: { send: { type: 'query', property: 'sort' } },
		},
		{
			displayName: 'Tag',
			name: 'tag',
			type: 'string',
			default: '',
			placeholder: 'e.g. female',
			description: 'Only models with this tag',
			routing: { send: { type: 'query', property: 'tag', value: '={{$value === "" ? undefined : $value}}' } },
		},
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			placeholder: 'e.g. narrator',
			description: 'Fuzzy search in the model title',
			routing: { send: { type: 'query', property: 'title', value: '={{$value === "" ? undefined : $value}}' } },
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['model'], operation: ['list'] } }, properties);
