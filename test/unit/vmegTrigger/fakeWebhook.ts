import type { IBinaryData, IDataObject, IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';

import { signVmegPayload } from '../../../nodes/Vmeg/callback';
import { sendHttp } from '../support/fakeExecuteContext';

export { closedPortUrl, startServer } from './httpServer';

export const SECRET = 'whsec_test_secret';

export interface FakeResponse {
	statusCode: number | undefined;
	body: unknown;
	status: jest.Mock;
	json: jest.Mock;
	send: jest.Mock;
	end: jest.Mock;
}

export interface FakeOptions {
	rawBody?: Buffer;
	body?: IDataObject;
	headers?: Record<string, string>;
	secret?: string;
	params?: IDataObject;
	staticData?: IDataObject;
	workflowId?: string;
}

let workflowCounter = 0;

export function makeContext(options: FakeOptions): {
	ctx: IWebhookFunctions;
	res: FakeResponse;
	staticData: IDataObject;
	logger: { info: jest.Mock; warn: jest.Mock; error: jest.Mock; debug: jest.Mock };
	httpRequest: jest.Mock;
} {
	const staticData = options.staticData ?? {};
	const res: FakeResponse = {
		statusCode: undefined,
		body: undefined,
		status: jest.fn(),
		json: jest.fn(),
		send: jest.fn(),
		end: jest.fn(),
	};
	res.status.mockImplementation((code: number) => {
		res.statusCode = code;
		return res;
	});
	res.json.mockImplementation((body: unknown) => {
		res.body = body;
		return res;
	});
	res.send.mockImplementation((body: unknown) => {
		res.body = body;
		return res;
	});
	res.end.mockImplementation(() => res);

	const params: IDataObject = {
		events: ['openapi-tts', 'openapi-translate', 'openapi-clone-voice', 'openapi-media-translation'],
		forwardToWaitingExecution: true,
		downloadResultFiles: false,
		...options.params,
	};
	const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() };
	const httpRequest = jest.fn(async (options: IHttpRequestOptions) => await sendHttp(options));
	const workflowId = options.workflowId ?? `wf-${++workflowCounter}`;

	const ctx = {
		getRequestObject: () => ({ rawBody: options.rawBody, body: options.body, headers: options.headers ?? {} }),
		getHeaderData: () => Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
		getBodyData: () => options.body ?? {},
		getResponseObject: () => res,
		getCredentials: async () => ({ apiKey: 'key', webhookSecret: options.secret ?? SECRET, baseUrl: 'https://api.vmeg.ai' }),
		getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error('only node static data is used');
			return staticData;
		},
		getWorkflow: () => ({ id: workflowId, name: 'test', active: true }),
		getNode: () => ({ id: 'node-1', name: 'VMEG Trigger', type: 'n8n-nodes-ai-voice.vmegTrigger', typeVersion: 1, position: [0, 0], parameters: {} }),
		logger,
		helpers: {
			httpRequest,
			prepareBinaryData: async (data: Buffer | AsyncIterable<Buffer>, fileName?: string, mimeType?: string): Promise<IBinaryData> => {
				const chunks: Buffer[] = [];
				if (Buffer.isBuffer(data)) chunks.push(data);
				else for await (const c of data) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
				return { data: Buffer.concat(chunks).toString('base64'), fileName, mimeType: mimeType ?? 'application/octet-stream' };
			},
		},
	} as unknown as IWebhookFunctions;
	return { ctx, res, staticData, logger, httpRequest };
}

/** A delivery signed the way VMEG signs it. */
export function signed(
	payload: IDataObject | string,
	opts: { secret?: string; timestamp?: number; tamper?: (raw: Buffer) => Buffer } = {},
): { rawBody: Buffer; headers: Record<string, string> } {
	const raw = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
	const timestamp = String(opts.timestamp ?? Date.now());
	const signature = signVmegPayload(opts.secret ?? SECRET, timestamp, raw);
	return {
		rawBody: opts.tamper ? opts.tamper(raw) : raw,
		headers: { 'Content-Type': 'application/json', 'X-Timestamp': timestamp, 'X-Signature': signature },
	};
}
