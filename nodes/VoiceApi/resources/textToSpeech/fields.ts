import type { INodeProperties } from 'n8n-workflow';

import { modelLocator } from '../../helpers/fields';

/** Text to Speech fields that Create and Narrate share. */
export const speedOption: INodeProperties = {
	displayName: 'Speed',
	name: 'speed',
	type: 'number',
	typeOptions: { minValue: 0.5, maxValue: 2, numberPrecision: 2 },
	default: 1,
	description: 'Speaking rate, 0.5 to 2',
};

/** The text to speak and its speakers' models. */
export const textAndSpeakers: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: 'e.g. <|speaker:0|>[excited] Welcome back! <|speaker:1|>Thanks, glad to be here.',
		description:
			'Text to speak. For several voices, start each part with &lt;|speaker:N|&gt; (N = 0 for the first model below, 1 for the second…). Emotion cues go in square brackets, e.g. [whisper]. With Narrate: the whole text (blank lines separate paragraphs).',
	},
	{
		displayName: 'Speaker Models',
		name: 'speakerModels',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Speaker Model',
		description: 'Voice models in speaker order: the first is speaker 0 (and speaks text without markers), the second speaker 1, …',
		options: [
			{
				displayName: 'Speaker',
				name: 'speakers',
				values: [modelLocator('model', 'Model', { description: 'Voice model for this speaker (search by title, or paste an ID)' })],
			},
		],
	},
];

/** Task ID hint of the operations that follow a Create. */
export const CREATE_HINT = 'The task_id returned by Text to Speech > Create';
