import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { inputBinary } from '../../../shared/binary';
import { mapCheckedItems } from '../../../shared/items';
import { checkMaterialFile, uploadMaterial } from '../../helpers/materialUpload';

/** Two uploads at a time: enough to overlap round trips without holding many big parts in memory. */
const UPLOAD_CONCURRENCY = 2;

/** Material > Upload: one material per input item, output in input order. */
export async function upload(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
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
