import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { cloneEngineOptions } from '../../engines';

import { waitFields } from '../../helpers/asyncJobs/waitFields';
import { languageField } from '../../languages';

export { create } from './create';
export { createAsync } from './createAsync';

const show = { resource: ['voiceClone'] };
const showAsync = { resource: ['voiceClone'], operation: ['createAsync'] };

export const voiceCloneOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Clone a voice',
			description: 'Clone a voice from each input item\'s reference audio and wait for its voice ID (synchronous)',
		},
		{
			name: 'Create Async Task',
			value: 'createAsync',
			action: 'Create a voice clone task',
			description: 'Submit one clone task per item; optionally wait by polling or by webhook',
		},
	],
	default: 'create',
};

export const voiceCloneFields: INodeProperties[] = [
	{
		displayName: 'Voice Name',
		name: 'cloneVoiceName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show },
		description: 'Name of the new cloned voice (up to 100 characters)',
	},
	{
		displayName: 'Reference Audio URL',
		name: 'refAudio',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://…/voice-sample.wav',
		displayOptions: { show },
		description: 'Public HTTPS link to a clean recording of the voice to clone',
	},
	{
		displayName: 'Engine',
		name: 'cloneEngine',
		type: 'options',
		options: cloneEngineOptions,
		default: 'V1',
		displayOptions: { show },
		description: 'The clone model (VMEG "provider"); it selects the engine, not the language',
	},
	languageField('target', show, { name: 'sampleLanguage', displayName: 'Sample Language', default: 'en-US', description: 'Language spoken in the reference audio' }),
	{
		displayName: 'Sample Transcript',
		name: 'sampleText',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		displayOptions: { show },
		description: 'Optional: what is said in the reference audio, which can improve the clone',
	},
	// Clone results carry no files, so the download toggle of the wait options is left out.
	...updateDisplayOptions({ show: showAsync }, waitFields({ downloads: false })),
];
