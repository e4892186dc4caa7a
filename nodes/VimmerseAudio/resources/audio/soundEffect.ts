import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import { downloadFields, generate, MAX_PROMPT_CHARS } from './common';

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

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [
		await mapItems(this, async (i) => {
			const check = new InputValidator(this.getNode(), i);
			const prompt = check.text(this.getNodeParameter('prompt', i), 'Prompt', { max: MAX_PROMPT_CHARS });
			const duration = check.numberInRange(this.getNodeParameter('duration', i, 5), 'Duration', 1, 30);
			if (!Number.isInteger(duration)) check.fail(`Duration must be a whole number of seconds (got ${duration})`, 'Set Duration to 1, 2, … 30.');
			return await generate(this, i, '/v2/audio/text-2-sound-effect', { prompt, duration });
		}),
	];
}
