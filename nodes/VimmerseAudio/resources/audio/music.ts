import type { INodeProperties } from 'n8n-workflow';

import { downloadFields, generationExecute } from './common';

const show = { resource: ['audio'], operation: ['music'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'e.g. Upbeat acoustic jingle with hand claps',
		description: 'Describe the music to generate (about 30 seconds, WAV)',
		displayOptions: { show },
	},
	...downloadFields('music'),
];

export const execute = generationExecute('/v2/audio/text-2-music', ({ prompt }) => ({ prompt }));
