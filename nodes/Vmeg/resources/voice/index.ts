import type { INodeProperties } from 'n8n-workflow';

import { voiceLocator } from '../voiceLocator';
import { targetLocaleOptions } from '../../languages';

const show = { resource: ['voice'] };
const paginate = { paginate: true };

export const voiceOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show },
	options: [
		{
			name: 'List System Voices',
			value: 'listSystem',
			action: 'List system voices',
			description: 'Search VMEG\'s preset voices by name, language, gender, age and more',
			routing: { request: { method: 'POST', url: '/openapi/v1/assets/voice/basic/list' }, send: paginate },
		},
		{
			name: 'List Cloned Voices',
			value: 'listCloned',
			action: 'List cloned voices',
			routing: { request: { method: 'POST', url: '/openapi/v1/assets/voice/clone/list' }, send: paginate },
		},
		{
			name: 'Rename Clone',
			value: 'renameClone',
			action: 'Rename a cloned voice',
			routing: { request: { method: 'POST', url: '/openapi/v1/assets/voice/clone/update' }, send: paginate },
		},
		{
			name: 'Delete Clone',
			value: 'deleteClone',
			action: 'Delete a cloned voice',
			routing: { request: { method: 'POST', url: '/openapi/v1/assets/voice/clone/delete' }, send: paginate },
		},
	],
	default: 'listSystem',
};

const listShow = { resource: ['voice'], operation: ['listSystem', 'listCloned'] };

export const voiceFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: { show: listShow },
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { ...listShow, returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['voice'], operation: ['listSystem'] } },
		options: [
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
		],
	},
	{
		displayName: 'Filters',
		name: 'cloneFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['voice'], operation: ['listCloned'] } },
		options: [
			{ displayName: 'Name Contains', name: 'searchName', type: 'string', default: '', routing: { send: { type: 'body', property: 'searchName' } } },
			{ displayName: 'Order', name: 'order', type: 'options', options: [{ name: 'Descending', value: 'desc' }, { name: 'Ascending', value: 'asc' }], default: 'desc', routing: { send: { type: 'body', property: 'order' } } },
			{ displayName: 'Order By', name: 'orderBy', type: 'options', options: [{ name: 'Created', value: 'create_time' }, { name: 'Name', value: 'name' }, { name: 'Updated', value: 'update_time' }, { name: 'Voice ID', value: 'voiceId' }], default: 'create_time', routing: { send: { type: 'body', property: 'orderBy' } } },
			{ displayName: 'Voice IDs', name: 'voiceIds', type: 'string', default: '', description: 'Comma-separated clone IDs', routing: { send: { type: 'body', property: 'voiceIds', value: '={{ $value.split(",").map(v => v.trim()).filter(v => v) }}' } } },
		],
	},
	{
		...voiceLocator('cloneVoiceId', 'Cloned Voice', { resource: ['voice'], operation: ['renameClone', 'deleteClone'] }, true, 'searchClonedVoices'),
		routing: { send: { type: 'body', property: 'voiceId' } },
	},
	{
		displayName: 'New Name',
		name: 'voiceName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { resource: ['voice'], operation: ['renameClone'] } },
		routing: { send: { type: 'body', property: 'voiceName' } },
	},
];
