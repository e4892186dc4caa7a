import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookDescription,
	IWebhookFunctions,
} from 'n8n-workflow';

/** Suffix of the resume URL that reaches the node's own `webhook()`. */
const RESUME_WEBHOOK_PATH = 'callback';

/**
 * The restart webhook of a node that waits for a callback. Kept as an imported constant (like
 * n8n's own sendAndWait nodes): n8n never registers restart webhooks on activation, so the node
 * needs no webhook lifecycle methods.
 */
export const resumeWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		path: RESUME_WEBHOOK_PATH,
		restartWebhook: true,
	},
];

/** The execution's resume URL exactly as n8n hands it out (on n8n 2.x with `?signature=`). */
export function executionResumeUrl(ctx: IExecuteFunctions, itemIndex = 0): string {
	return String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', itemIndex));
}

/** Resume URL + our webhook path, inserted before the query string so the signature survives. */
export function callbackUrl(resumeUrl: string): string {
	const [path, query] = splitOnce(resumeUrl, '?');
	const withSuffix = `${path.replace(/\/+$/, '')}/${RESUME_WEBHOOK_PATH}`;
	return query === undefined ? withSuffix : `${withSuffix}?${query}`;
}

/**
 * Parks the execution until the node's `webhook()` returns data or `deadline` passes.
 *
 * `pending` becomes the node's waiting state: n8n keeps the node's stack entry while it waits,
 * hands that entry's items to `webhook()` as its input (read them with `waitingItems`), and,
 * if the deadline passes with no resume, re-runs the node disabled so exactly these items flow
 * on. So each pending item must already read as "did not finish in time", with its job ID.
 */
export async function waitForCallbacks(
	ctx: IExecuteFunctions,
	pending: INodeExecutionData[],
	deadline: Date,
): Promise<INodeExecutionData[][]> {
	// Two arrays: with On Error "Continue (using error output)" n8n empties the returned output
	// array while sorting error items out, which would leave the parked stack entry with no items.
	ctx.getExecuteData().data = { main: [[...pending]] };
	await ctx.putExecutionToWait(deadline);
	return [[...pending]];
}

/** The pending items `waitForCallbacks` parked, as seen from the resumed node's `webhook()`. */
export function waitingItems(ctx: IWebhookFunctions): IDataObject[] {
	const value = ctx.evaluateExpression('{{ JSON.stringify($input.all().map((item) => item.json)) }}', 0);
	if (typeof value === 'string') {
		try {
			const parsed = JSON.parse(value) as unknown;
			if (Array.isArray(parsed)) return parsed as IDataObject[];
		} catch {
			return [];
		}
	}
	return Array.isArray(value) ? (value as IDataObject[]) : [];
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
	const index = value.indexOf(separator);
	return index === -1 ? [value, undefined] : [value.slice(0, index), value.slice(index + 1)];
}
