import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { callApi } from '../../../shared/api';
import { binaryToBuffer, inputBinary } from '../../../shared/binary';
import { inputError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { buildMultipart, MAX_MULTIPART_UPLOAD_BYTES } from '../../../shared/multipart';
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
			const file = await inputBinary(this, i, field);
			const tooLarge = (size: number) =>
				inputError(
					this.getNode(),
					i,
					`The file is ${(size / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_MULTIPART_UPLOAD_BYTES / 1024 / 1024} MB this node uploads`,
					'Vimmerse only takes multipart uploads, which this node holds in memory while sending. Compress or shorten the audio first.',
				);
			if (file.size !== undefined && file.size > MAX_MULTIPART_UPLOAD_BYTES) throw tooLarge(file.size);
			const data = await binaryToBuffer(file);
			if (data.length > MAX_MULTIPART_UPLOAD_BYTES) throw tooLarge(data.length);
			if (data.length === 0) throw inputError(this.getNode(), i, 'The input file is empty', 'Check the node that produced the file.');
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
