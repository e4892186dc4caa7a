import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { FAILED, FINISHED } from '../../lostAnswer';
import { vmegRequest } from '../../transport';

/** Where a job stands, read from task detail or its callback. */
export interface TaskResult {
	state: 'done' | 'failed' | 'pending' | 'timeout';
	status: string;
	data: IDataObject;
	message?: string;
}

/** Task detail, read as the callback `data` of the same job would be. */
export async function getTaskResult(ctx: IExecuteFunctions | IWebhookFunctions, taskId: string, itemIndex?: number): Promise<TaskResult> {
	const detail = await vmegRequest<IDataObject>(ctx, { method: 'GET', path: '/openapi/v1/tasks/detail', qs: { taskId } }, { itemIndex });
	const status = String(detail.status ?? '').toLowerCase();
	const state = FINISHED.has(status) ? 'done' : FAILED.has(status) ? 'failed' : 'pending';
	const raw = (detail.result ?? {}) as IDataObject;
	// Media translation callbacks carry the deliverables under data.result; detail has them as result.
	const data = detail.taskType === 'vt' || detail.taskType === 'at' || raw.build ? { taskId, status, result: raw } : { taskId, ...raw };
	return { state, status, data, message: reasonIn(detail) ?? reasonIn(raw) };
}

/** Where a failure reason may sit in task detail (VMEG documents no field for it). */
const REASON_FIELDS = ['errorMessage', 'message', 'error', 'reason', 'failReason'];

function reasonIn(value: IDataObject): string | undefined {
	for (const field of REASON_FIELDS) {
		const text = value[field];
		if (typeof text === 'string' && text.trim()) return text;
	}
	return undefined;
}
