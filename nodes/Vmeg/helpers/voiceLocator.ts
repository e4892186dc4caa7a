import type { INodeProperties } from 'n8n-workflow';

/**
 * A voice picker, unscoped: search voices (`searchVoices`: clones and system voices;
 * `searchClonedVoices`: clones only), or paste an ID (sv_… system, cv_… clone). `extra` adds
 * e.g. its own display conditions or routing.
 */
export function voiceLocator(
	name: string,
	displayName: string,
	searchListMethod: 'searchVoices' | 'searchClonedVoices' = 'searchVoices',
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
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
		...extra,
	};
}
