import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import { downloadFields, generate, MAX_PROMPT_CHARS } from './common';

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

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [
		await mapItems(this, async (i) => {
			const check = new InputValidator(this.getNode(), i);
			const prompt = check.text(this.getNodeParameter('prompt', i), 'Prompt', { max: MAX_PROMPT_CHARS });
			return await generate(this, i, '/v2/audio/text-2-music', { prompt });
		}),
	];
}
