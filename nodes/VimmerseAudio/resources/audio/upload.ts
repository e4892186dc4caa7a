import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { mapCheckedItems } from '../../../shared/items';
import { postMultipart, readMultipartFile } from '../../../shared/multipart';
import { vimmerseClient } from '../../transport';

const show = { resource: ['audio'], operation: ['upload'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the audio file (streamed, any size)',
		displayOptions: { show },
	},
];

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
