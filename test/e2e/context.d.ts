/* eslint-disable @typescript-eslint/no-explicit-any -- test-harness JSON is untyped by nature */
/** Types for test/e2e/context.js (the e2e harness handle, rebuilt inside jest workers). */

export interface HttpResult<T = any> {
	status: number;
	headers: Record<string, string>;
	body: T;
}

export interface N8nExecution {
	id: string | number;
	status: 'new' | 'running' | 'success' | 'error' | 'waiting' | 'canceled' | 'crashed' | 'unknown';
	finished: boolean;
	mode: string;
	workflowId: string;
	waitTill: string | null;
	startedAt: string;
	stoppedAt: string | null;
	customData?: Record<string, string>;
	data?: any;
	[key: string]: any;
}

export interface WaitForExecutionOptions {
	status?: N8nExecution['status'];
	timeoutMs?: number;
	workflowId?: string;
	intervalMs?: number;
}

export interface N8nHandle {
	state: Record<string, any>;
	version: string;
	baseUrl: string;
	/** Where production and waiting webhooks are received (a webhook process in queue mode; else baseUrl). */
	webhookBaseUrl: string;
	userFolder: string;
	apiKey: string;
	logs(): string;
	api<T = any>(method: string, path: string, body?: unknown): Promise<T>;
	rest<T = any>(method: string, path: string, body?: unknown): Promise<T>;
	createCredential(c: { name?: string; type: string; data: Record<string, unknown> }): Promise<string>;
	testCredential(
		idOrCredential: string | { type: string; data: Record<string, unknown>; name?: string },
	): Promise<{ status: 'OK' | 'Error'; message: string }>;
	importWorkflow(json: Record<string, any>): Promise<string>;
	activate(id: string): Promise<any>;
	deactivate(id: string): Promise<any>;
	waitForWebhook(path: string, method?: string, options?: { timeoutMs?: number }): Promise<void>;
	webhook<T = any>(
		path: string,
		body?: unknown,
		options?: { method?: string; headers?: Record<string, string>; raw?: boolean },
	): Promise<HttpResult<T>>;
	executeCli<T = any>(workflowId: string, options?: { timeoutMs?: number; allowFailure?: boolean }): Promise<T>;
	getExecution(id: string | number): Promise<N8nExecution>;
	listExecutions(filter?: {
		status?: string;
		workflowId?: string;
		limit?: number;
		includeData?: boolean;
	}): Promise<N8nExecution[]>;
	waitForExecution(
		idOrPredicate: string | number | ((e: N8nExecution) => boolean | Promise<boolean>),
		options?: WaitForExecutionOptions,
	): Promise<N8nExecution>;
	nodeTypes(): Promise<string[]>;
	credentialTypes(): Promise<string[]>;
}

export type CredentialType = 'vmegApi' | 'vimmerseApi' | 'voiceApi';

export interface E2eContext extends N8nHandle {
	n8n: N8nHandle;
	/** n8n version under test, e.g. '2.8.4' */
	version: string;
	/** credential ids by type */
	credentials: Record<CredentialType, string>;
	/** `{ [type]: { id, name } }` for a workflow node's `credentials` */
	credentialRef(type: CredentialType): Record<string, { id: string; name: string }>;
	keys: { vmeg: string; vmegWebhookSecret: string; vimmerse: string; voice: string };
	emulatorUrl: string;
	emulatorBaseUrls: { vmeg: string; vimmerse: string; voice: string };
	/** control API: emulator('POST', '/reset') -> <emulatorUrl>/_emulator/reset */
	emulator<T = any>(method: string, path: string, body?: unknown): Promise<T>;
	/** Read/Write Files from Disk may read here (N8N_RESTRICT_FILE_ACCESS_TO); tests put input media in it. */
	inputFilesDir: string;
	/** Writes `data` into inputFilesDir as `name`; returns the file's path. */
	writeInputFile(name: string, data: Buffer): string;
}

export function getContext(): E2eContext;
