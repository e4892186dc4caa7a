import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import { downloadTtsAudio } from '../../helpers/tasks';

export const description: INodeProperties[] = [
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the MP3 in',
		displayOptions: { show: { resource: ['textToSpeech'], operation: ['downloadAudio'] } },
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [
		await mapItems(this, async (i) => {
			const taskId = new InputValidator(this.getNode(), i).text(this.getNodeParameter('taskId', i), 'Task ID').trim();
			const field = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
			return { json: { task_id: taskId }, binary: { [field]: await downloadTtsAudio(this, i, taskId) } };
		}),
	];
}
