import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { callApi } from '../../../shared/api';
import { mapItems } from '../../../shared/items';
import { buildMultipart, readMultipartFile } from '../../../shared/multipart';
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
			const form = buildMultipart([{ name: 'audio_file', fileName: file.fileName, contentType: file.mimeType, data }]);
			const response = await callApi<IDataObject>(
				this,
				vimmerseClient,
				{ method: 'POST', path: '/v2/audio', body: form.body, headers: { 'Content-Type': form.contentType }, timeout: 300_000 },
				{ itemIndex: i },
			);
			return { json: response.body };
		}),
	];
}
