import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
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
	return [
		await mapItems(this, async (i) => {
			const field = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
			const file = await readMultipartFile(this, i, field);
			const parts = [{ name: 'audio_file', file }];
			return { json: await postMultipart(this, vimmerseClient, '/v2/audio', parts, i) };
		}),
	];
}
