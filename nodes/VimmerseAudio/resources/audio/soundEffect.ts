import type { INodeProperties } from 'n8n-workflow';

import { downloadFields, generationExecute } from './common';

const show = { resource: ['audio'], operation: ['soundEffect'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'e.g. A door creaks open, then footsteps on gravel',
		description: 'Describe the sound to generate',
		displayOptions: { show },
	},
	{
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 30, numberPrecision: 0 },
		default: 5,
		description: 'Length of the sound effect, 1 to 30 seconds',
		displayOptions: { show },
	},
	...downloadFields('soundEffect'),
];

export const execute = generationExecute('/v2/audio/text-2-sound-effect', ({ ctx, itemIndex, check, prompt }) => {
	const duration = check.numberInRange(ctx.getNodeParameter('duration', itemIndex, 5), 'Duration', 1, 30);
	if (!Number.isInteger(duration)) check.fail(`Duration must be a whole number of seconds (got ${duration})`, 'Set Duration to 1, 2, … 30.');
	return { prompt, duration };
});
