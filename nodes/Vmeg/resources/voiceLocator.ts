import type { INodeProperties } from 'n8n-workflow';

/** A voice picker: search system and cloned voices, or paste an ID (sv_… system, cv_… clone). */
export function voiceLocator(name: string, displayName: string, show: Record<string, string[]>, required = true): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		displayOptions: { show },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchVoices', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'sv_… or cv_…',
			},
		],
	};
}
