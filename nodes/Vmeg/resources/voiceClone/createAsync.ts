import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readEveryItem } from '../../../shared/items';
import { finishJobs } from '../../helpers/asyncJobs/finish';
import type { WaitMode } from '../../helpers/asyncJobs/outcomes';
import { refusedItems } from '../../helpers/asyncJobs/outcomes';
import { submitJobs } from '../../helpers/asyncJobs/submit';
import { waitFields } from '../../helpers/asyncJobs/waitFields';
import { readCloneRequest } from './cloneRequest';
import { cloneFields } from './fields';

export const option: INodePropertyOptions = {
	name: 'Create Async Task',
	value: 'createAsync',
	action: 'Create a voice clone task',
	description: 'Submit one clone task per item; optionally wait by polling or by webhook',
};

export const description = updateDisplayOptions({ show: { resource: ['voiceClone'], operation: ['createAsync'] } }, [
	...cloneFields,
	// Clone results carry no files, so the download toggle of the wait options is left out.
	...waitFields({ downloads: false }),
]);

/** Async clone: one task per item; the wait mode decides the output (with the new voiceId once done). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { values, failures } = await readEveryItem(this, (itemIndex) => readCloneRequest(this, itemIndex));
	const waitMode = this.getNodeParameter('waitMode', 0, 'none') as WaitMode;
	const jobs = values.map(({ itemIndex, value }) => ({
		itemIndexes: [itemIndex],
		path: '/openapi/v1/task/clone-voice/create-async',
		event: 'openapi-clone-voice' as const,
		body: value,
	}));
	const submitted = await submitJobs(this, waitMode, jobs, async (job) => ({ body: job.body }));
	return await finishJobs(this, [...refusedItems(failures), ...submitted], waitMode);
}
