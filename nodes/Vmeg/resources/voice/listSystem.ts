import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersCollection, returnAllAndLimit } from '../../../shared/properties';
import { targetLocaleOptions } from '../../languages';
import { vmegApi } from '../../transport';

export const option: INodePropertyOptions = {
	name: 'List System Voices',
	value: 'listSystem',
	action: 'List system voices',
	description: 'Search VMEG\'s preset voices by name, language, gender, age and more',
	routing: vmegApi.pagedList({ method: 'POST', url: '/openapi/v1/assets/voice/basic/list' }),
};

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	filtersCollection([
		{ displayName: 'Age', name: 'age', type: 'options', options: [{ name: 'Young', value: 'young' }, { name: 'Adult', value: 'adult' }, { name: 'Senior', value: 'senior' }], default: 'adult', routing: { send: { type: 'body', property: 'age' } } },
		{ displayName: 'Category', name: 'category', type: 'string', default: '', routing: { send: { type: 'body', property: 'category' } } },
		{ displayName: 'Emotion Prompt Support', name: 'emotionPrompt', type: 'options', options: [{ name: 'Include', value: 'include' }, { name: 'Exclude', value: 'exclude' }], default: 'include', routing: { send: { type: 'body', property: 'emotionPrompt' } } },
		{ displayName: 'Gender', name: 'gender', type: 'options', options: [{ name: 'Female', value: 'female' }, { name: 'Male', value: 'male' }], default: 'female', routing: { send: { type: 'body', property: 'gender' } } },
		{ displayName: 'Language', name: 'locale', type: 'options', options: targetLocaleOptions, default: 'en-US', routing: { send: { type: 'body', property: 'locale' } } },
		{ displayName: 'Name Contains', name: 'searchName', type: 'string', default: '', routing: { send: { type: 'body', property: 'searchName' } } },
		{ displayName: 'Order', name: 'order', type: 'options', options: [{ name: 'Descending', value: 'desc' }, { name: 'Ascending', value: 'asc' }], default: 'desc', routing: { send: { type: 'body', property: 'order' } } },
		{ displayName: 'Order By', name: 'orderBy', type: 'options', options: [{ name: 'Created', value: 'create_time' }, { name: 'Preferred', value: 'is_preferred' }, { name: 'Score', value: 'score' }, { name: 'Updated', value: 'update_time' }, { name: 'Voice ID', value: 'voiceId' }], default: 'score', routing: { send: { type: 'body', property: 'orderBy' } } },
		{ displayName: 'Quality', name: 'quality', type: 'options', options: [{ name: 'Any', value: 'any' }, { name: 'High', value: 'high' }], default: 'any', routing: { send: { type: 'body', property: 'quality' } } },
		{ displayName: 'Top Voice IDs', name: 'topIds', type: 'string', default: '', description: 'Comma-separated voice IDs to list first', routing: { send: { type: 'body', property: 'topIds', value: '={{ $value.split(",").map(v => v.trim()).filter(v => v) }}' } } },
		{ displayName: 'Voice ID', name: 'voiceId', type: 'string', default: '', routing: { send: { type: 'body', property: 'voiceId' } } },
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['voice'], operation: ['listSystem'] } }, properties);
