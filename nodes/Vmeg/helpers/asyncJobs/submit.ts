import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { mapBounded } from '../../../shared/concurrency';
import { asNodeError } from '../../../shared/errors';
import { callbackUrl, executionResumeUrl } from '../../../shared/waitResume';
import { RESUME_URL_FIELD } from '../../callback';
import type { VmegEvent } from '../../events';
import { vmegRequest } from '../../transport';
import type { ItemOutcome, WaitMode } from './outcomes';

/** One async job to submit, serving one item or (a TTS/translation batch) several. */
export interface AsyncJob {
	itemIndexes: number[];
	path: string;
	event: VmegEvent;
	/** Batch jobs give each item its line position (`lineIndex`) in the job's results. */
	batched?: boolean;
}

/** Async submits in flight at once (Create Async of n items, TTS/translation batches). */
export const SUBMITS_IN_FLIGHT = 4;

/** How one job's submit ended. */
type Submitted = { kind: 'accepted'; accepted: IDataObject; acceptance?: IDataObject } | { kind: 'failed'; error: unknown };

/** `extraData` for an async submit: with Resume on Webhook, where the VMEG Trigger forwards to. */
function extraDataFor(ctx: IExecuteFunctions, waitMode: WaitMode, itemIndex: number): IDataObject | undefined {
	if (waitMode !== 'webhook') return undefined;
	return { [RESUME_URL_FIELD]: callbackUrl(executionResumeUrl(ctx, itemIndex)) };
}

/**
 * Submits the jobs, up to `concurrency` at once (with the resume URL in `extraData` for Resume
 * on Webhook), and records one outcome per item each serves, in job order. `prepare` gives the
 * body, and may first do paid work such as an upload; its `acceptance` extras join the item's
 * acceptance data. A failed job fails the node: no further job starts, the ones in flight are
 * awaited and the error names the tasks already accepted (they still run at VMEG). With Continue
 * On Fail it becomes an error on each of its items and the others go on.
 */
export async function submitJobs<J extends AsyncJob>(
	ctx: IExecuteFunctions,
	waitMode: WaitMode,
	jobs: J[],
	prepare: (job: J) => Promise<{ body: IDataObject; acceptance?: IDataObject }>,
	concurrency = SUBMITS_IN_FLIGHT,
): Promise<ItemOutcome[]> {
	const keepGoing = ctx.continueOnFail();
	const settled: Submitted[] = [];
	try {
		await mapBounded(jobs, concurrency, async (job, index) => {
			try {
				const { body, acceptance } = await prepare(job);
				const extraData = extraDataFor(ctx, waitMode, job.itemIndexes[0]);
				const accepted = await vmegRequest<IDataObject>(
					ctx,
					{ method: 'POST', path: job.path, body: { ...body, ...(extraData ? { extraData } : {}) } },
					{ itemIndex: job.itemIndexes[0], itemIndexes: job.itemIndexes },
				);
				settled[index] = { kind: 'accepted', accepted, acceptance };
			} catch (error) {
				settled[index] = { kind: 'failed', error };
				// Without Continue On Fail the node fails anyway: start no more (paid) jobs.
				if (!keepGoing) throw asNodeError(ctx.getNode(), error, job.itemIndexes[0]);
			}
		});
	} catch {
		// The earliest failure is reported below, with the jobs accepted around it.
	}
	const outcomes: ItemOutcome[] = [];
	jobs.forEach((job, index) => {
		const result = settled[index];
		if (!result) return;
		if (result.kind === 'failed') {
			if (!keepGoing) throw failedSubmit(ctx, job, result.error, acceptedTasks(jobs, settled));
			for (const itemIndex of job.itemIndexes) outcomes.push({ kind: 'failed', itemIndex, error: result.error as Error });
			return;
		}
		job.itemIndexes.forEach((itemIndex, lineIndex) =>
			outcomes.push({
				kind: 'accepted',
				itemIndex,
				taskId: String(result.accepted.taskId),
				event: job.event,
				...(job.batched ? { lineIndex } : {}),
				acceptance: { ...result.accepted, ...result.acceptance },
			}),
		);
	});
	return outcomes;
}

function acceptedTasks(jobs: AsyncJob[], settled: Array<Submitted | undefined>): string[] {
	return jobs.flatMap((job, index) => {
		const result = settled[index];
		if (result?.kind !== 'accepted') return [];
		const items = job.itemIndexes.map((i) => i + 1).join(', ');
		return [`${String(result.accepted.taskId)} (item${job.itemIndexes.length > 1 ? 's' : ''} ${items})`];
	});
}

/** The node error for a refused submit; names the tasks VMEG accepted before the node stopped. */
function failedSubmit(ctx: IExecuteFunctions, job: AsyncJob, error: unknown, accepted: string[]): Error {
	const nodeError = asNodeError(ctx.getNode(), error, job.itemIndexes[0]);
	if (!accepted.length) return nodeError;
	const note = `VMEG had already accepted ${accepted.length === 1 ? 'this task' : 'these tasks'}, which still run: ${accepted.join(', ')}. Find their results with Task > Get or a VMEG Trigger workflow before running again.`;
	nodeError.description = nodeError.description ? `${nodeError.description} ${note}` : note;
	return nodeError;
}
