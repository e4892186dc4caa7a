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
		hint: 'The name of the input binary field holding the audio file (max 100 MB)',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [
		await mapItems(this, async (i) => {
			const field = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
			const { file, data } = await readMultipartFile(this, i, field, 'Vimmerse');
			const parts = [{ name: 'audio_file', fileName: file.fileName, contentType: file.mimeType, data }];
			return { json: await postMultipart(this, vimmerseClient, '/v2/audio', parts, i) };
		}),
	];
}
