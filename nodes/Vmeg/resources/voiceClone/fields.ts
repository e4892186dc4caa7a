import type { INodeProperties } from 'n8n-workflow';

import { cloneEngineOptions } from '../../engines';
import { languageField } from '../../languages';

/** What to clone, for Create and Create Async Task alike (read by cloneRequest.ts). */
export const cloneFields: INodeProperties[] = [
	{
		displayName: 'Voice Name',
		name: 'cloneVoiceName',
		type: 'string',
		default: '',
		required: true,
		description: 'Name of the new cloned voice (up to 100 characters)',
	},
	{
		displayName: 'Reference Audio URL',
		name: 'refAudio',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://…/voice-sample.wav',
		description: 'Public HTTPS link to a clean recording of the voice to clone',
	},
	{
		displayName: 'Engine',
		name: 'cloneEngine',
		type: 'options',
		options: cloneEngineOptions,
		default: 'V1',
		description: 'The clone model (VMEG "provider"); it selects the engine, not the language',
	},
	languageField('target', { name: 'sampleLanguage', displayName: 'Sample Language', default: 'en-US', description: 'Language spoken in the reference audio' }),
	{
		displayName: 'Sample Transcript',
		name: 'sampleText',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Optional: what is said in the reference audio, which can improve the clone',
	},
];
