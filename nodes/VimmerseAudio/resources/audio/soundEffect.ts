import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { generationExecute } from '../../helpers/generation';

import { downloadFields } from './fields';

export const option: INodePropertyOptions = {
	name: 'Sound Effect',
	value: 'soundEffect',
	action: 'Generate a sound effect from a prompt',
	description: 'Generate a 1–30 s sound effect (MP3) from a text description and return it as a file',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'e.g. A door creaks open, then footsteps on gravel',
		description: 'Describe the sound to generate',
	},
	{
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 30, numberPrecision: 0 },
		default: 5,
		description: 'Length of the sound effect, 1 to 30 seconds',
	},
	...downloadFields,
];

export const description = updateDisplayOptions({ show: { resource: ['audio'], operation: ['soundEffect'] } }, properties);

export const execute = generationExecute('/v2/audio/text-2-sound-effect', ({ ctx, itemIndex, check, prompt }) => {
	const duration = check.numberInRange(ctx.getNodeParameter('duration', itemIndex, 5), 'Duration', 1, 30);
	if (!Number.isInteger(duration)) check.fail(`Duration must be a whole number of seconds (got ${duration})`, 'Set Duration to 1, 2, … 30.');
	return { prompt, duration };
});
