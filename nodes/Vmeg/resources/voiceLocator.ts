import type { INodeProperties } from 'n8n-workflow';

/**
 * A voice picker: search voices (`searchVoices`: clones and system voices; `searchClonedVoices`:
 * clones only), or paste an ID (sv_… system, cv_… clone).
 */
export function voiceLocator(
	name: string,
	displayName: string,
	show: Record<string, string[]>,
	required = true,
	searchListMethod: 'searchVoices' | 'searchClonedVoices' = 'searchVoices',
): INodeProperties {
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
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: searchListMethod === 'searchClonedVoices' ? 'cv_…' : 'sv_… or cv_…',
			},
		],
	};
}
