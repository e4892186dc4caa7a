import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { waitFields } from '../../helpers/asyncJobs/waitFields';
import { runAsyncBatches } from '../../helpers/lineBatches';
import { planBatches, requestBody } from './batches';
import { lineOptionsField, speechFields } from './fields';

export const option: INodePropertyOptions = {
	name: 'Create Async Task',
	value: 'createAsync',
	action: 'Create a speech task',
	description: 'Submit the lines as async tasks; optionally wait by polling or by webhook',
};

export const description = updateDisplayOptions({ show: { resource: ['textToSpeech'], operation: ['createAsync'] } }, [
	...speechFields,
	...waitFields(),
	lineOptionsField,
]);

/** Async TTS: one task per batch; the wait mode decides what the node outputs. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const plan = await planBatches(this);
	return await runAsyncBatches(this, plan, { path: '/openapi/v1/task/tts/create-async', event: 'openapi-tts', body: requestBody });
}
