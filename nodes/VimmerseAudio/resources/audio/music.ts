import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { generationExecute } from '../../helpers/generation';

import { downloadFields } from './fields';

export const option: INodePropertyOptions = {
	name: 'Music',
	value: 'music',
	action: 'Generate music from a prompt',
	description: 'Generate a ~30 s music track (WAV) from a text description and return it as a file',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'e.g. Upbeat acoustic jingle with hand claps',
		description: 'Describe the music to generate (about 30 seconds, WAV)',
	},
	...downloadFields,
];

export const description = updateDisplayOptions({ show: { resource: ['audio'], operation: ['music'] } }, properties);

export const execute = generationExecute('/v2/audio/text-2-music', ({ prompt }) => ({ prompt }));
