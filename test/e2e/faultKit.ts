/* eslint-disable @typescript-eslint/no-explicit-any -- execution data from n8n's API is untyped */
import { sleep } from 'n8n-workflow';

import { isApiName } from '../emulator/apis';
import { packageNodes } from '../support/packageTypes';
import type { CredentialType, N8nExecution } from './context';
import { getContext } from './context';
import type { WfNode } from './workflows';
import { deploy, runData, webhookChain } from './workflows';

/**
 * Helpers of the fault and bad-input suites: one webhook workflow per node set-up, run many
 * times with different input items, and the emulator's count of paid requests.
 */

export type Json = Record<string, any>;

const ctx = getContext();

/** The requests that cost money or create something, per API (free lookups are left out). */
const FREE_POSTS = ['/openapi/v1/assets/voice/basic/list', '/openapi/v1/assets/voice/clone/list', '/v2/audio/estimate-credits'];
export function paidRequests(state: Json): Json[] {
	return (state.requests as Json[]).filter(
		(r) => (isApiName(r.api) || r.api === 's3') && r.method !== 'GET' && !FREE_POSTS.includes(r.path),
	);
}

/** Jobs each API holds: VMEG tasks, uploaded materials, Vimmerse assets, Voice API tasks. */
export function paidJobs(state: Json): { vmegTasks: number; vmegMaterials: number; vimmerseAssets: number; voiceTasks: number } {
	return {
		vmegTasks: state.vmeg.tasks.length,
		vmegMaterials: state.vmeg.materials.filter((m: Json) => m.status === 'completed').length,
		vimmerseAssets: state.vimmerse.assets.length,
		voiceTasks: state.voice.tasks.length,
	};
}

export const emulatorState = async (): Promise<Json> => (await ctx.emulator('GET', '/state')) as Json;

const NODES = packageNodes();

/** A node of this package with the credential its type needs. */
export function packageNode(
	type: 'vmeg' | 'vimmerseAudio' | 'voiceApi',
	parameters: Json,
	extra: Partial<WfNode> & Json = {},
): WfNode {
	const { type: fullType, node } = NODES.find((n) => n.node.description.name === type)!;
	const credential = node.description.credentials![0].name as CredentialType;
	return { name: 'Node', type: fullType, typeVersion: 1, credentials: ctx.credentialRef(credential), parameters, ...extra };
}

/** Items from the webhook body's `items` (JSON), and `file` (base64) turned into the binary `data`. */
const itemsFromBody: WfNode = {
	name: 'Items',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: { jsCode: 'return $input.first().json.body.items.map((json) => ({ json }));' },
};
const filesFromItems: WfNode = {
	name: 'Files',
	type: 'n8n-nodes-base.convertToFile',
	typeVersion: 1.1,
	parameters: {
		operation: 'toBinary',
		sourceProperty: 'file',
		binaryPropertyName: 'data',
		options: { fileName: '={{ $json.fileName ?? "clip.wav" }}', mimeType: '={{ $json.mimeType ?? "audio/wav" }}' },
	},
};

export interface Bench {
	/** Runs the workflow once with these input items; returns the finished execution. */
	run(items: Json[]): Promise<N8nExecution>;
}

let benchCount = 0;

/** Deploys Webhook → Items (→ Files) → `node` once; `run` starts it with other items each time. */
export async function bench(node: WfNode, { files = false } = {}): Promise<Bench> {
	const path = `fault-bench-${++benchCount}-${Date.now()}`;
	const nodes = [itemsFromBody, ...(files ? [filesFromItems] : []), node];
	const workflow = webhookChain(`Bench ${path}`, path, nodes);
	// n8n may close an idle keep-alive connection just as the next request goes out ("other side closed").
	const workflowId = await deploy(workflow, path).catch(async (error: Error) => {
		if (!/fetch failed/.test(error.message)) throw error;
		await sleep(500);
		return await deploy(workflow, path);
	});
	return {
		async run(items) {
			const before = new Set((await ctx.listExecutions({ workflowId })).map((e) => String(e.id)));
			await ctx.webhook(path, { items });
			for (let waited = 0; waited < 60_000; waited += 200) {
				const fresh = (await ctx.listExecutions({ workflowId })).find((e) => !before.has(String(e.id)) && ['success', 'error', 'crashed'].includes(e.status));
				if (fresh) return await ctx.getExecution(fresh.id);
				await sleep(200);
			}
			throw new Error(`no finished execution of ${path}`);
		},
	};
}

/** What the user reads when an execution failed: the node error's message, hint and item index. */
export function executionError(execution: N8nExecution): { message: string; description: string; itemIndex: number | undefined } {
	const error = execution.data?.resultData?.error ?? {};
	const itemIndex = error.context?.itemIndex ?? error.itemIndex;
	return { message: String(error.message ?? ''), description: String(error.description ?? ''), itemIndex: typeof itemIndex === 'number' ? itemIndex : undefined };
}

export const nodeItems = (execution: N8nExecution) => runData(execution, 'Node') ?? [];
