import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestTimeoutOption } from '../../../shared/api';
import { inputBinary } from '../../../shared/binary';
import { mapCheckedItems } from '../../../shared/items';
import { inputBinaryField, optionsCollection } from '../../../shared/properties';
import { checkMaterialFile, uploadMaterial } from '../../helpers/materialUpload';

export const option: INodePropertyOptions = {
	name: 'Upload',
	value: 'upload',
	action: 'Upload a material',
	description: 'Upload an audio or video file so other operations can use its material ID',
};

const properties: INodeProperties[] = [
	inputBinaryField('The name of the input binary field holding the audio or video file'),
	optionsCollection([
		requestTimeoutOption,
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'interview.mp4',
			description: 'Name to store the material under, with an audio or video extension. Default: the input file\'s name.',
		},
		{
			displayName: 'Parts in Flight',
			name: 'partsInFlight',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 16 },
			default: 4,
			description: 'For files of 5 MiB or more (multipart): how many parts are uploaded at the same time. Each part in flight is held in memory (VMEG suggests the part size, usually 5–8 MiB).',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['material'], operation: ['upload'] } }, properties);

/** Two uploads at a time: enough to overlap round trips without holding many big parts in memory. */
const UPLOAD_CONCURRENCY = 2;

/** Material > Upload: one material per input item, output in input order. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Every item's file is checked before the first upload.
	const read = async (itemIndex: number) => {
		const propertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const file = await inputBinary(this, itemIndex, propertyName);
		const fileName = typeof options.fileName === 'string' ? options.fileName : undefined;
		const partsInFlight = typeof options.partsInFlight === 'number' ? options.partsInFlight : undefined;
		checkMaterialFile(this, itemIndex, file, fileName);
		return { file, fileName, partsInFlight };
	};
	return [
		await mapCheckedItems(
			this,
			read,
			async (itemIndex, { file, fileName, partsInFlight }) => ({ json: await uploadMaterial(this, itemIndex, file, { fileName, partsInFlight }) }),
			UPLOAD_CONCURRENCY,
		),
	];
}
