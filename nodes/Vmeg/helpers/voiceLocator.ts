import type { INodeProperties } from 'n8n-workflow';

import { listOrTypedPicker } from '../../shared/properties';

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
	const placeholder = searchListMethod === 'searchClonedVoices' ? 'cv_…' : 'sv_… or cv_…';
	return listOrTypedPicker({ name, displayName, searchListMethod }, { displayName: 'ID', placeholder }, extra);
}
