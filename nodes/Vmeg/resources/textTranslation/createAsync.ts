import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { waitFields } from '../../helpers/asyncJobs/waitFields';
import { runAsyncBatches } from '../../helpers/lineBatches';
import { translationFields } from './fields';
import { planSegments, translationBody } from './segments';

export const option: INodePropertyOptions = {
	name: 'Create Async Task',
	value: 'createAsync',
	action: 'Create a text translation task',
	description: 'Submit the segments as async tasks; optionally wait by polling or by webhook',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['textTranslation'], operation: ['createAsync'] } },
	// Translation results carry no files, so the download toggle of the wait options is left out.
	translationFields(waitFields({ downloads: false })),
);

/** Async translation: one task per batch of up to 50 segments; the wait mode decides the output. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const plan = await planSegments(this);
	return await runAsyncBatches(this, plan, { path: '/openapi/v1/task/translate/create-async', event: 'openapi-translate', body: translationBody });
}
