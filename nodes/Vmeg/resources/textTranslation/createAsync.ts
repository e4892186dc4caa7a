import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runAsyncBatches } from '../../helpers/lineBatches';
import { planSegments, translationBody } from './segments';

/** Async translation: one task per batch of up to 50 segments; the wait mode decides the output. */
export async function createAsync(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const plan = await planSegments(this);
	return await runAsyncBatches(this, plan, { path: '/openapi/v1/task/translate/create-async', event: 'openapi-translate', body: translationBody });
}
