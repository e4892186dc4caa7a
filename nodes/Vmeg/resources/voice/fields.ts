import type { INodeProperties } from 'n8n-workflow';

import { voiceLocator } from '../../helpers/voiceLocator';

/** The cloned voice to rename or delete, sent as the body's `voiceId`. */
export const clonedVoiceField: INodeProperties = voiceLocator('cloneVoiceId', 'Cloned Voice', 'searchClonedVoices', {
	routing: { send: { type: 'body', property: 'voiceId' } },
});
