import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { downloadAsBinary } from '../shared/binary';
import { multiOptionsSubtitle } from '../shared/canvasSubtitle';
import { parseCallback, readSignedCallback, resultFileUrls, type SignedCallback, type VmegCallback } from '../Vmeg/callback';
import { VMEG_EVENT_OPTIONS, VMEG_EVENTS } from '../Vmeg/events';
import {
	DeliveryLog,
	deliveryKey,
	forwardCallback,
	publicExtraData,
	redactUrl,
	resumeUrlOf,
	type ForwardOutcome,
} from './delivery';

const eventsProperty: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	options: [...VMEG_EVENT_OPTIONS],
	default: [...VMEG_EVENTS],
	description:
		'Which finished jobs start the workflow. Other callbacks are still verified, deduplicated and forwarded to waiting executions. Leave empty for all.',
};

const properties: INodeProperties[] = [
	{
		displayName:
			'VMEG sends every callback of your account to one URL. Copy this node\'s Production URL (above) into "Webhook URL" on the VMEG API Configuration page (https://www.vmeg.ai/open-api-setting), then copy the Webhook Secret shown there into the VMEG API credential. Activate this workflow so the URL stays live.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	eventsProperty,
	{
		displayName: 'Forward to Waiting Execution',
		name: 'forwardToWaitingExecution',
		type: 'boolean',
		default: true,
		description:
			'Whether to pass callbacks of jobs started with "Resume on Webhook" on to the execution waiting for them. Keep this on when any VMEG node waits for a webhook.',
	},
	{
		displayName: 'Download Result Files',
		name: 'downloadResultFiles',
		type: 'boolean',
		default: false,
		description:
			'Whether to download the result files (speech audio, dubbed video and audio) as binary data. VMEG is answered before the download starts.',
	},
];

export class VmegTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VMEG Trigger',
		name: 'vmegTrigger',
		icon: { light: 'file:vmeg.svg', dark: 'file:vmeg.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: multiOptionsSubtitle(eventsProperty, 'Events: ', 'All'),
		description: 'Starts the workflow when a VMEG job finishes: text to speech, voice clone, text translation or video/audio dubbing',
		defaults: { name: 'VMEG Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vmegApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties,
	};

	// VMEG has no API to register webhooks: the URL is pasted in its dashboard once.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const url = this.getNodeWebhookUrl('default');
				this.logger.info(
					`VMEG Trigger is live at ${url ?? '(unknown URL)'}; set it as the Webhook URL on https://www.vmeg.ai/open-api-setting`,
				);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	/**
	 * Verify, parse, drop repeats, forward to a waiting execution, filter by event, then answer VMEG
	 * and only after that download the result files.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const signed = await readSignedCallback(this);
		if (!signed.check.valid) {
			if (signed.check.reason === 'missing-secret') {
				this.logger.error(
					'VMEG Trigger rejected a callback: the VMEG API credential has no Webhook Secret, so no callback can be verified. Copy the secret from https://www.vmeg.ai/open-api-setting into the credential.',
				);
				return respond(res, 401, { error: 'webhook secret not configured' });
			}
			this.logger.warn(`VMEG Trigger rejected a callback: ${signed.check.reason}`);
			return respond(res, 401, { error: 'invalid signature' });
		}

		const callback = parseCallback(signed.rawBody);
		if (!callback || typeof callback.event !== 'string') {
			this.logger.warn('VMEG Trigger received a signed callback that is not a VMEG callback envelope');
			return respond(res, 400, { error: 'invalid callback body' });
		}

		const workflowId = this.getWorkflow().id ?? '';
		const log = new DeliveryLog(
			this.getWorkflowStaticData('node'),
			`${workflowId}|${this.getNode().id ?? this.getNode().name}`,
			deliveryKey(callback),
		);
		const state = log.state();
		if (state === 'duplicate') return respond(res, 200, { received: true, duplicate: true });
		// The same delivery is being handled right now: make VMEG try again later.
		if (state === 'inFlight') return respond(res, 409, { received: false, inProgress: true });
		log.begin();

		const forward = await forwardToWaitingExecution(this, callback, signed);
		if (forward?.status === 'failed' || forward?.status === 'stillRunning') {
			// Not recorded as seen: VMEG's retry will forward it again.
			log.abandon();
			return forward.status === 'stillRunning'
				? respond(res, 503, { received: false, error: 'the waiting execution has not started waiting yet; retry later' })
				: respond(res, 502, { received: false, error: 'forward to waiting execution failed' });
		}
		log.record();

		const events = this.getNodeParameter('events', []) as string[];
		if (events.length > 0 && !events.includes(callback.event)) {
			return respond(res, 200, { received: true, ignored: 'event' });
		}

		const item: INodeExecutionData = { json: { ...outputJson(callback, forward), ...log.outputFields() } };
		// Answer VMEG now, before n8n starts this workflow and before any download: a dubbed video can
		// take far longer to download than VMEG waits. n8n still runs the workflow with the items below.
		// (Also: n8n 2.41.1 loses the static-data save of the recorded key when n8n sends the reply.)
		res.status(200).json({ received: true });
		if (this.getNodeParameter('downloadResultFiles', false)) await addResultFiles(this, item, callback);
		return { workflowData: [[item]], noWebhookResponse: true };
	}
}

type ExpressResponse = ReturnType<IWebhookFunctions['getResponseObject']>;

function respond(res: ExpressResponse, status: number, body: IDataObject): IWebhookResponseData {
	res.status(status).json(body);
	return { noWebhookResponse: true };
}

type Forward = ForwardOutcome & { url: string };

/** Passes the callback on to the execution that waits for it, when it names one and forwarding is on. */
async function forwardToWaitingExecution(ctx: IWebhookFunctions, callback: VmegCallback, signed: SignedCallback): Promise<Forward | undefined> {
	const url = resumeUrlOf(callback);
	if (!url || ctx.getNodeParameter('forwardToWaitingExecution', true) === false) return undefined;
	// Both headers are present: the signature was verified.
	const forward: Forward = { url, ...(await forwardCallback(ctx, url, signed.rawBody, signed.timestamp as string, signed.signature as string)) };
	if (forward.status === 'failed' || forward.status === 'stillRunning') {
		ctx.logger.warn(`VMEG Trigger could not forward ${callback.event} callback to ${redactUrl(url)}: ${forward.error ?? 'unknown error'}`);
	} else if (forward.status === 'rejected') {
		ctx.logger.warn(`VMEG Trigger: the waiting execution at ${redactUrl(url)} rejected the forwarded callback (HTTP ${forward.httpStatus})`);
	}
	return forward;
}

function outputJson(callback: VmegCallback, forward: Forward | undefined): IDataObject {
	const json: IDataObject = {
		event: callback.event,
		code: callback.code,
		message: callback.message ?? '',
		pipelineKey: callback.pipelineKey ?? null,
		taskId: callback.data?.taskId ?? null,
		extraData: publicExtraData(callback.extraData),
		data: callback.data ?? {},
		receivedAt: new Date().toISOString(),
	};
	if (forward) {
		json.forwardedTo = redactUrl(forward.url);
		json.forwardStatus = forward.status;
		if (forward.httpStatus !== undefined) json.forwardHttpStatus = forward.httpStatus;
		if (forward.error) json.forwardError = forward.error;
	}
	return json;
}

/** Downloads the job's result files onto the item; a file that fails is listed in `downloadErrors`. */
async function addResultFiles(ctx: IWebhookFunctions, item: INodeExecutionData, callback: VmegCallback): Promise<void> {
	const files = resultFileUrls(callback.event, callback.data ?? {});
	if (files.length === 0) return;
	const failures: IDataObject[] = [];
	item.binary = {};
	for (const file of files) {
		try {
			item.binary[file.key] = await downloadAsBinary(ctx, file.url);
		} catch (error) {
			failures.push({ key: file.key, error: error instanceof Error ? error.message : String(error) });
		}
	}
	if (failures.length) item.json.downloadErrors = failures;
}
