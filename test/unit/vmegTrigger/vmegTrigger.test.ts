import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { RESUME_URL_FIELD } from '../../../nodes/Vmeg/callback';
import { SEEN_DELIVERIES_LIMIT } from '../../../nodes/VmegTrigger/delivery';
import { VmegTrigger } from '../../../nodes/VmegTrigger/VmegTrigger.node';
import { closedPortUrl, makeContext, signed, startServer, type FakeOptions } from './fakeWebhook';

const node = new VmegTrigger();

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server.close();
});
beforeEach(() => {
	server.requests.length = 0;
});

let keyCounter = 0;
function ttsCallback(overrides: IDataObject = {}): IDataObject {
	keyCounter++;
	return {
		code: 200,
		version: 'v1',
		event: 'openapi-tts',
		pipelineKey: `pk-${keyCounter}-${Date.now()}`,
		message: 'success',
		extraData: { orderId: 'A-1' },
		data: {
			taskId: `task-${keyCounter}`,
			createdAt: '2025-01-01T00:00:00Z',
			results: [{ uri: `${server.base}/files/line.mp3`, duration: 1.2 }],
		},
		...overrides,
	};
}

async function deliver(payload: IDataObject | string, options: Partial<FakeOptions> & { sign?: Parameters<typeof signed>[1] } = {}) {
	const { rawBody, headers } = signed(payload, options.sign);
	const fake = makeContext({ rawBody, headers, ...options });
	const result = await node.webhook.call(fake.ctx);
	return { ...fake, result };
}

describe('VMEG Trigger description', () => {
	it('is a POST webhook trigger with the vmegApi credential', () => {
		const d = node.description;
		expect(d.name).toBe('vmegTrigger');
		expect(d.displayName).toBe('VMEG Trigger');
		expect(d.group).toEqual(['trigger']);
		expect(d.inputs).toEqual([]);
		expect(d.credentials).toEqual([{ name: 'vmegApi', required: true }]);
		expect(d.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }]);
		const notice = d.properties.find((p) => p.type === 'notice');
		expect(notice?.displayName).toContain('https://www.vmeg.ai/open-api-setting');
		const events = d.properties.find((p) => p.name === 'events');
		expect(events?.default).toEqual(['openapi-tts', 'openapi-translate', 'openapi-clone-voice', 'openapi-media-translation']);
	});

	it('has lifecycle methods for a dashboard-configured webhook', async () => {
		const info = jest.fn();
		const hook = {
			getNodeWebhookUrl: () => 'https://n8n.example/webhook/abc/webhook',
			logger: { info },
		} as unknown as IHookFunctions;
		expect(await node.webhookMethods.default.checkExists.call(hook)).toBe(false);
		expect(await node.webhookMethods.default.create.call(hook)).toBe(true);
		expect(info).toHaveBeenCalledWith(expect.stringContaining('https://n8n.example/webhook/abc/webhook'));
		expect(await node.webhookMethods.default.delete.call(hook)).toBe(true);
	});
});

describe('signature verification', () => {
	it('starts the workflow for a valid delivery and maps the output', async () => {
		const payload = ttsCallback();
		const { result, res, httpRequest } = await deliver(payload);
		// VMEG is answered by the node itself, before n8n starts the workflow.
		expect(res.statusCode).toBe(200);
		expect(res.body).toEqual({ received: true });
		expect(result.noWebhookResponse).toBe(true);
		const item = result.workflowData?.[0]?.[0];
		expect(item?.json).toMatchObject({
			event: 'openapi-tts',
			code: 200,
			message: 'success',
			pipelineKey: payload.pipelineKey,
			taskId: (payload.data as IDataObject).taskId,
			extraData: { orderId: 'A-1' },
			data: payload.data,
		});
		expect(typeof item?.json.receivedAt).toBe('string');
		expect(item?.json.forwardedTo).toBeUndefined();
		expect(item?.binary).toBeUndefined();
		expect(httpRequest).not.toHaveBeenCalled();
	});

	it.each([
		['a tampered body', { sign: { tamper: (raw: Buffer) => Buffer.from(raw.toString().replace('A-1', 'A-2')) } }],
		['a forged signature (wrong secret)', { sign: { secret: 'attacker' } }],
		['a stale timestamp', { sign: { timestamp: Date.now() - 301_000 } }],
		['a timestamp from the future', { sign: { timestamp: Date.now() + 301_000 } }],
	])('rejects %s with 401 and starts nothing', async (_label, options) => {
		const { result, res, logger } = await deliver(ttsCallback(), options);
		expect(res.statusCode).toBe(401);
		expect(res.body).toEqual({ error: 'invalid signature' });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(logger.warn).toHaveBeenCalled();
	});

	it('rejects missing signature headers', async () => {
		const { rawBody } = signed(ttsCallback());
		const fake = makeContext({ rawBody, headers: { 'Content-Type': 'application/json' } });
		const result = await node.webhook.call(fake.ctx);
		expect(fake.res.statusCode).toBe(401);
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('answers 401 and logs clearly when the credential has no webhook secret', async () => {
		const { result, res, logger } = await deliver(ttsCallback(), { secret: '' });
		expect(res.statusCode).toBe(401);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('no Webhook Secret'));
	});

	it('does not verify a re-serialised body when rawBody is missing', async () => {
		// Signed over different bytes (spacing) than JSON.stringify would produce.
		const payload = ttsCallback();
		const { headers } = signed(JSON.stringify(payload, null, 2));
		const fake = makeContext({ rawBody: undefined, body: payload, headers });
		const result = await node.webhook.call(fake.ctx);
		expect(fake.res.statusCode).toBe(401);
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('answers 400 to a signed body that is not a callback envelope', async () => {
		const { result, res } = await deliver('not json');
		expect(res.statusCode).toBe(400);
		expect(result).toEqual({ noWebhookResponse: true });
	});
});

describe('event filter', () => {
	it('ignores events that are not selected', async () => {
		const { result, res } = await deliver(ttsCallback(), { params: { events: ['openapi-media-translation'] } });
		expect(res.statusCode).toBe(200);
		expect(res.body).toEqual({ received: true, ignored: 'event' });
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('passes selected events', async () => {
		const { result } = await deliver(ttsCallback({ event: 'openapi-clone-voice', data: { taskId: 't', voiceId: 'cv_1' } }), {
			params: { events: ['openapi-clone-voice'] },
		});
		expect(result.workflowData?.[0]?.[0]?.json.event).toBe('openapi-clone-voice');
	});
});

describe('deduplication', () => {
	it('starts the workflow once per pipelineKey', async () => {
		const payload = ttsCallback();
		const staticData: IDataObject = {};
		const first = await deliver(payload, { staticData });
		expect(first.result.workflowData).toBeDefined();
		// A retry is signed again with a fresh timestamp, same bytes.
		const second = await deliver(payload, { staticData });
		expect(second.res.statusCode).toBe(200);
		expect(second.res.body).toEqual({ received: true, duplicate: true });
		expect(second.result).toEqual({ noWebhookResponse: true });
		expect(staticData.seenDeliveries).toEqual([payload.pipelineKey]);
	});

	it('treats a key already kept in static data as a duplicate', async () => {
		const payload = ttsCallback();
		const staticData: IDataObject = { seenDeliveries: [payload.pipelineKey] };
		const { res, result } = await deliver(payload, { staticData });
		expect(res.body).toEqual({ received: true, duplicate: true });
		expect(result.workflowData).toBeUndefined();
	});

	it('falls back to event + taskId when there is no pipelineKey', async () => {
		const payload = ttsCallback({ pipelineKey: undefined });
		const staticData: IDataObject = {};
		await deliver(payload, { staticData });
		expect(staticData.seenDeliveries).toEqual([`openapi-tts:${(payload.data as IDataObject).taskId}`]);
		const again = await deliver(payload, { staticData });
		expect(again.res.body).toEqual({ received: true, duplicate: true });
	});

	it('keeps a bounded list', async () => {
		const staticData: IDataObject = {
			seenDeliveries: Array.from({ length: SEEN_DELIVERIES_LIMIT }, (_, i) => `old-${i}`),
		};
		const payload = ttsCallback();
		await deliver(payload, { staticData });
		const seen = staticData.seenDeliveries as string[];
		expect(seen).toHaveLength(SEEN_DELIVERIES_LIMIT);
		expect(seen[seen.length - 1]).toBe(payload.pipelineKey);
		expect(seen).not.toContain('old-0');
	});

	it('puts back a key that a concurrent save in the same process dropped', async () => {
		// n8n loads static data per request and saves the whole object: two deliveries handled at
		// the same moment each start from the same (empty) copy, and the later save wins.
		const workflowId = `wf-concurrent-${Date.now()}`;
		const a = ttsCallback();
		const b = ttsCallback();
		const loadedByA: IDataObject = {};
		const loadedByB: IDataObject = {};
		await deliver(a, { staticData: loadedByA, workflowId });
		await deliver(b, { staticData: loadedByB, workflowId });
		// B's save is the one the database keeps; it must still hold A's key.
		expect(loadedByB.seenDeliveries).toEqual([a.pipelineKey, b.pipelineKey]);
		// A later re-delivery of A, loading what B saved, is a duplicate.
		const again = await deliver(a, { staticData: { ...loadedByB }, workflowId: `${workflowId}` });
		expect(again.res.body).toEqual({ received: true, duplicate: true });
	});

	it('does not mix the keys of different Trigger workflows', async () => {
		const mine = ttsCallback();
		await deliver(ttsCallback(), { staticData: {}, workflowId: 'wf-other-a' });
		const staticData: IDataObject = {};
		await deliver(mine, { staticData, workflowId: 'wf-other-b' });
		expect(staticData.seenDeliveries).toEqual([mine.pipelineKey]);
	});

	it('gives every item its delivery key and says it may be a duplicate', async () => {
		const payload = ttsCallback();
		const { result } = await deliver(payload);
		expect(result.workflowData?.[0]?.[0]?.json).toMatchObject({ deliveryKey: payload.pipelineKey, possibleDuplicate: true });
		const noKey = await deliver(ttsCallback({ pipelineKey: undefined, data: {} }));
		expect(noKey.result.workflowData?.[0]?.[0]?.json).toMatchObject({ deliveryKey: null, possibleDuplicate: true });
	});

	it('records filtered-out events too, so a retry is not forwarded again', async () => {
		const payload = ttsCallback();
		const staticData: IDataObject = {};
		await deliver(payload, { staticData, params: { events: ['openapi-translate'] } });
		expect(staticData.seenDeliveries).toEqual([payload.pipelineKey]);
	});
});

describe('forward to a waiting execution', () => {
	function withResumeUrl(url: string): IDataObject {
		return ttsCallback({ extraData: { orderId: 'A-1', [RESUME_URL_FIELD]: url } });
	}

	it('posts the exact bytes and signature headers, and hides the token', async () => {
		const resumeUrl = `${server.base}/status/200/webhook-waiting/42/callback?signature=secret-token`;
		const payload = withResumeUrl(resumeUrl);
		const { rawBody, headers } = signed(payload);
		const fake = makeContext({ rawBody, headers });
		const result = await node.webhook.call(fake.ctx);

		expect(server.requests).toHaveLength(1);
		const forwarded = server.requests[0];
		expect(forwarded.method).toBe('POST');
		expect(forwarded.url).toBe('/status/200/webhook-waiting/42/callback?signature=secret-token');
		expect(forwarded.body.equals(rawBody)).toBe(true);
		expect(forwarded.headers['x-timestamp']).toBe(headers['X-Timestamp']);
		expect(forwarded.headers['x-signature']).toBe(headers['X-Signature']);
		expect(forwarded.headers['content-type']).toBe('application/json');

		const json = result.workflowData?.[0]?.[0]?.json as IDataObject;
		expect(json.forwardedTo).toBe(`${server.base}/status/200/webhook-waiting/42/callback`);
		expect(json.forwardStatus).toBe('delivered');
		expect(json.extraData).toEqual({ orderId: 'A-1' });
		expect(JSON.stringify(json)).not.toContain('secret-token');
		expect(fake.res.statusCode).toBe(200);
	});

	it('treats 409 (already resumed) as delivered', async () => {
		const { result, staticData } = await deliver(withResumeUrl(`${server.base}/status/409/cb?signature=t`));
		expect(result.workflowData?.[0]?.[0]?.json.forwardStatus).toBe('alreadyResumed');
		expect(staticData.seenDeliveries).toHaveLength(1);
	});

	it('answers 502 on a 5xx and does not record the delivery, so the retry forwards again', async () => {
		const payload = withResumeUrl(`${server.base}/status/503/cb?signature=t`);
		const staticData: IDataObject = {};
		const first = await deliver(payload, { staticData });
		expect(first.res.statusCode).toBe(502);
		expect(first.result).toEqual({ noWebhookResponse: true });
		expect(staticData.seenDeliveries).toBeUndefined();
		expect(server.requests.length).toBeGreaterThanOrEqual(1);
		expect(JSON.stringify(first.logger.warn.mock.calls)).not.toContain('signature=t');

		// VMEG retries; this time the waiting execution answers.
		const okPayload = { ...payload, extraData: { [RESUME_URL_FIELD]: `${server.base}/status/200/cb?signature=t` } };
		const retry = await deliver(okPayload, { staticData });
		expect(retry.result.workflowData?.[0]?.[0]?.json.forwardStatus).toBe('delivered');
	});

	it('retries while n8n says the execution "is running already", then delivers', async () => {
		const path = `/running-then-200/2/wf-${Date.now()}/callback`;
		const { result, staticData } = await deliver(withResumeUrl(`${server.base}${path}?signature=t`));
		expect(server.requests.map((r) => r.url.split('?')[0])).toEqual([path, path, path]);
		expect(result.workflowData?.[0]?.[0]?.json).toMatchObject({ forwardStatus: 'delivered', forwardHttpStatus: 200 });
		expect(staticData.seenDeliveries).toHaveLength(1);
	});

	it('answers 503 and records nothing when the execution is still running after the retries, so VMEG retries', async () => {
		const payload = withResumeUrl(`${server.base}/n8n409/running/cb?signature=t`);
		const staticData: IDataObject = {};
		const first = await deliver(payload, { staticData });
		expect(first.res.statusCode).toBe(503);
		expect(first.result).toEqual({ noWebhookResponse: true });
		expect(staticData.seenDeliveries).toBeUndefined();
		expect(server.requests.length).toBeGreaterThan(2);
		// Not left "in flight" either: VMEG's retry is forwarded again.
		const okPayload = { ...payload, extraData: { [RESUME_URL_FIELD]: `${server.base}/status/200/cb?signature=t` } };
		const retry = await deliver(okPayload, { staticData });
		expect(retry.result.workflowData?.[0]?.[0]?.json.forwardStatus).toBe('delivered');
	}, 15_000);

	it.each(['finished', 'failed'])('takes n8n\'s 409 "%s" as already resumed and records the delivery', async (kind) => {
		const { result, staticData } = await deliver(withResumeUrl(`${server.base}/n8n409/${kind}/cb?signature=t`));
		expect(server.requests).toHaveLength(1);
		expect(result.workflowData?.[0]?.[0]?.json).toMatchObject({ forwardStatus: 'alreadyResumed', forwardHttpStatus: 409 });
		expect(staticData.seenDeliveries).toHaveLength(1);
	});

	it('answers 502 when the waiting execution cannot be reached', async () => {
		const { res, result, staticData } = await deliver(withResumeUrl(`${await closedPortUrl()}/cb?signature=t`));
		expect(res.statusCode).toBe(502);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(staticData.seenDeliveries).toBeUndefined();
	});

	it('still runs the workflow when the waiting execution rejects the callback (4xx)', async () => {
		const { result } = await deliver(withResumeUrl(`${server.base}/status/404/cb?signature=t`));
		expect(result.workflowData?.[0]?.[0]?.json).toMatchObject({ forwardStatus: 'rejected', forwardHttpStatus: 404 });
	});

	it('does not forward when the option is off', async () => {
		const { result } = await deliver(withResumeUrl(`${server.base}/status/200/cb?signature=t`), {
			params: { forwardToWaitingExecution: false },
		});
		expect(server.requests).toHaveLength(0);
		const json = result.workflowData?.[0]?.[0]?.json as IDataObject;
		expect(json.forwardedTo).toBeUndefined();
		expect(json.extraData).toEqual({ orderId: 'A-1' });
	});

	it('makes a concurrent copy of a delivery being forwarded retry later (409), and forwards once', async () => {
		const payload = withResumeUrl(`${server.base}/status/200/cb?signature=t`);
		const staticData: IDataObject = {};
		const same = { staticData, workflowId: `wf-concurrent-${Date.now()}` };
		const [a, b] = await Promise.all([deliver(payload, same), deliver(payload, same)]);
		const statuses = [a, b].map((r) => (r.result.workflowData ? 'run' : r.res.statusCode));
		expect(statuses.sort()).toEqual([409, 'run'].sort());
		expect(server.requests).toHaveLength(1);
		const retry = await deliver(payload, same);
		expect(retry.res.body).toEqual({ received: true, duplicate: true });
	});

	it('forwards callbacks of filtered-out events', async () => {
		const { res } = await deliver(withResumeUrl(`${server.base}/status/200/cb?signature=t`), {
			params: { events: ['openapi-media-translation'] },
		});
		expect(server.requests).toHaveLength(1);
		expect(res.body).toEqual({ received: true, ignored: 'event' });
	});
});

describe('result files', () => {
	it('downloads media translation results as binary after answering VMEG', async () => {
		const payload = ttsCallback({
			event: 'openapi-media-translation',
			data: {
				taskId: 'mt-1',
				status: 'finished',
				result: { build: { video: { url: `${server.base}/files/dub.mp4` }, audio: { url: `${server.base}/files/dub.mp3` } } },
			},
		});
		const { result, res } = await deliver(payload, { params: { downloadResultFiles: true } });
		expect(res.statusCode).toBe(200);
		expect(res.body).toEqual({ received: true });
		expect(result.noWebhookResponse).toBe(true);
		const binary = result.workflowData?.[0]?.[0]?.binary;
		expect(Object.keys(binary ?? {})).toEqual(['video', 'audio']);
		expect(binary?.video).toMatchObject({ fileName: 'dub.mp4', mimeType: 'video/mp4' });
		expect(Buffer.from(binary?.video.data ?? '', 'base64').toString()).toBe('bytes of dub.mp4');
		expect(binary?.audio).toMatchObject({ fileName: 'dub.mp3', mimeType: 'audio/mpeg' });
	});

	it('reports a failed download on the item instead of dropping the event', async () => {
		const payload = ttsCallback({
			data: { taskId: 't', results: [{ uri: `${server.base}/missing.mp3` }] },
		});
		const { result } = await deliver(payload, { params: { downloadResultFiles: true } });
		const item = result.workflowData?.[0]?.[0];
		expect(item?.binary).toEqual({});
		expect(item?.json.downloadErrors).toEqual([{ key: 'audio', error: expect.stringContaining('HTTP 404') }]);
	});

	it('does not download by default', async () => {
		const { result } = await deliver(ttsCallback());
		expect(result.workflowData?.[0]?.[0]?.binary).toBeUndefined();
		expect(server.requests).toHaveLength(0);
	});
});
