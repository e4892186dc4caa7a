/* eslint-disable @typescript-eslint/no-explicit-any -- execution data from n8n's API is untyped */
import { randomUUID } from 'crypto';

import { getContext } from './context';

/** Workflow building blocks and result readers shared by the e2e tests. */

export type WfNode = {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: unknown;
	onError?: string;
	webhookId?: string;
};

export type Workflow = ReturnType<typeof chain>;

function chain(name: string, nodes: Array<WfNode & { position?: number[] }>) {
	const all = nodes.map((n, i) => ({ position: [i * 240, 0], ...n }));
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < all.length - 1; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return { name, nodes: all, connections, settings: { executionOrder: 'v1' } };
}

/** Webhook (answers with the last node's items) → nodes in a line. */
export function webhookChain(name: string, path: string, nodes: WfNode[]): Workflow {
	return chain(name, [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		},
		...nodes,
	]);
}

/** Manual Trigger → nodes in a line, for `n8n execute`. */
export function manualChain(name: string, nodes: WfNode[]): Workflow {
	return chain(name, [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} }, ...nodes]);
}

/** Turns the webhook body's base64 `audio` field into the binary property `data`. */
export const base64ToFile = (fileName: string, mimeType: string): WfNode => ({
	name: 'To File',
	type: 'n8n-nodes-base.convertToFile',
	typeVersion: 1.1,
	parameters: { operation: 'toBinary', sourceProperty: 'body.audio', binaryPropertyName: 'data', options: { fileName, mimeType } },
});

/** Imports and activates a webhook-started workflow, resolving once its webhook answers. */
export async function deploy(workflow: Workflow, path: string): Promise<string> {
	const ctx = getContext();
	const id = await ctx.importWorkflow(workflow);
	await ctx.activate(id);
	await ctx.waitForWebhook(path);
	return id;
}

export async function lastExecution(workflowId: string) {
	const ctx = getContext();
	return await ctx.waitForExecution(async (e) => String(e.workflowId) === String(workflowId), { workflowId });
}

/** A node's output items in an execution's data (its last run: a resumed node's first run is dropped). */
export function runData(execution: { data?: any }, node: string): Array<{ json: Record<string, any>; binary: Record<string, any>; pairedItem?: unknown }> {
	const runs = execution.data?.resultData?.runData?.[node];
	return runs?.[runs.length - 1]?.data?.main?.[0];
}

/** Reads the file at `fileSelector` (an expression is fine) into the binary property `data`. */
export const readFile = (fileSelector: string): WfNode => ({
	name: 'Read File',
	type: 'n8n-nodes-base.readWriteFile',
	typeVersion: 1,
	parameters: { operation: 'read', fileSelector, options: {} },
});

/** Emits one item per element of `values` (a JSON-serialisable array), from a Code node. */
export const itemsFrom = (values: unknown[]): WfNode => ({
	name: 'Items',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: { jsCode: `return ${JSON.stringify(values)}.map((json) => ({ json }));` },
});

/**
 * The workflow a user points VMEG's dashboard webhook at: a VMEG Trigger (which forwards
 * callbacks to waiting executions). Activates it and sets the emulator's webhook URL to it.
 */
export async function deployVmegTrigger(taskDurationMs = 2_000, parameters: Record<string, unknown> = {}): Promise<{ id: string; url: string }> {
	const ctx = getContext();
	// A fresh webhook path per deployment: earlier tests' trigger workflows stay active.
	const webhookId = randomUUID();
	const id = await ctx.importWorkflow({
		name: 'VMEG callbacks',
		nodes: [
			{
				id: 'trigger',
				name: 'VMEG Trigger',
				type: 'n8n-nodes-ai-voice.vmegTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters,
				credentials: ctx.credentialRef('vmegApi'),
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	await ctx.activate(id);
	await ctx.waitForWebhook(`${webhookId}/webhook`);
	const url = `${ctx.webhookBaseUrl}/webhook/${webhookId}/webhook`;
	await ctx.emulator('POST', '/config', { vmegWebhookUrl: url, taskDurationMs });
	return { id, url };
}

/**
 * Webhook (answers at once) → nodes: for workflows that wait, where the caller must not hang
 * on the response until the execution resumes.
 */
export function startedByWebhook(name: string, path: string, nodes: WfNode[]): Workflow {
	return chain(name, [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		},
		...nodes,
	]);
}
