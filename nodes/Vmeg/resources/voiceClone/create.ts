import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapCheckedItems } from '../../../shared/items';
import { vmegRequest } from '../../transport';
import { readCloneRequest } from './cloneRequest';
import { cloneFields } from './fields';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Clone a voice',
	description: 'Clone a voice from each input item\'s reference audio and wait for its voice ID (synchronous)',
};

export const description = updateDisplayOptions({ show: { resource: ['voiceClone'], operation: ['create'] } }, cloneFields);

/** Synchronous clone: one request per item (n items, n clones); outputs the new voice ID. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Every item is checked before the first (paid) clone.
	const items = await mapCheckedItems(this, (itemIndex) => readCloneRequest(this, itemIndex), async (itemIndex, body) => {
		const data = await vmegRequest<IDataObject>(
			this,
			{ method: 'POST', path: '/openapi/v1/task/clone-voice/create', body, timeout: 600_000 },
			{ itemIndex },
		);
		return {
			json: { voiceId: data.voiceId, taskId: data.taskId, createdAt: data.createdAt, voiceName: body.voiceName, engine: body.provider },
		};
	});
	return [items];
}
