import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapCheckedItems } from '../../../shared/items';
import { postMultipart, readMultipartFile } from '../../../shared/multipart';
import { inputBinaryField } from '../../../shared/properties';
import { vimmerseClient } from '../../transport';

export const option: INodePropertyOptions = {
	name: 'Upload',
	value: 'upload',
	action: 'Upload an audio file',
	description: 'Upload an audio file from an input binary field to Vimmerse; returns the new asset',
};

const properties: INodeProperties[] = [inputBinaryField('The name of the input binary field holding the audio file (streamed, any size)')];

export const description = updateDisplayOptions({ show: { resource: ['audio'], operation: ['upload'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Every item's file is checked before the first (paid) upload.
	const read = async (i: number) => {
		const field = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
		return await readMultipartFile(this, i, field);
	};
	return [
		await mapCheckedItems(this, read, async (i, file) => {
			const parts = [{ name: 'audio_file', file }];
			return { json: await postMultipart(this, vimmerseClient, '/v2/audio', parts, i) };
		}),
	];
}
