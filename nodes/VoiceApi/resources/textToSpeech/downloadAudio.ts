import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import { taskIdField } from '../../helpers/fields';
import { CREATE_HINT } from './fields';
import { downloadTtsAudio } from '../../helpers/tasks';

export const option: INodePropertyOptions = {
	name: 'Download Audio',
	value: 'downloadAudio',
	action: 'Download the audio of a text to speech task',
	description: 'Download the MP3 of a succeeded text-to-speech task as a file',
};

const properties: INodeProperties[] = [
	taskIdField(CREATE_HINT),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the MP3 in',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['textToSpeech'], operation: ['downloadAudio'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [
		await mapItems(this, async (i) => {
			const taskId = new InputValidator(this.getNode(), i).text(this.getNodeParameter('taskId', i), 'Task ID').trim();
			const field = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
			return { json: { task_id: taskId }, binary: { [field]: await downloadTtsAudio(this, i, taskId) } };
		}),
	];
}
