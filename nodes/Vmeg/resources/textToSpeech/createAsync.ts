import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runAsyncBatches } from '../../helpers/lineBatches';
import { planBatches, requestBody } from './batches';

/** Async TTS: one task per batch; the wait mode decides what the node outputs. */
export async function createAsync(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const plan = await planBatches(this);
	return await runAsyncBatches(this, plan, { path: '/openapi/v1/task/tts/create-async', event: 'openapi-tts', body: requestBody });
}
