import type { INodeProperties } from 'n8n-workflow';

/** "Download Audio" and the output field, shared by the three generation operations. */
export const downloadFields: INodeProperties[] = [
	{
		displayName: 'Download Audio',
		name: 'downloadAudio',
		type: 'boolean',
		default: true,
		description:
			'Whether to download every result URL as a file on the output item (first file in the output field, further ones in the same name with _1, _2, … appended). Off: only the asset JSON with its URLs.',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		displayOptions: { show: { downloadAudio: [true] } },
	},
];
