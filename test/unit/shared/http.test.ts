import type { IExecuteFunctions } from 'n8n-workflow';

import { sendWithRetries, TransportError } from '../../../nodes/shared/http';

function context(signal: AbortSignal | undefined, calls: { n: number }): IExecuteFunctions {
	return {
		getExecutionCancelSignal: () => signal,
		getNode: () => ({ id: 'n', name: 'Node', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
		helpers: {
			httpRequest: async () => {
				calls.n++;
				return { statusCode: 503, headers: { 'retry-after': '0' }, body: {} };
			},
		},
	} as unknown as IExecuteFunctions;
}

describe('sendWithRetries', () => {
	test("stops retrying once the execution is cancelled, without the caller passing a signal", async () => {
		const calls = { n: 0 };
		const cancelled = new AbortController();
		cancelled.abort();
		const response = await sendWithRetries(context(cancelled.signal, calls), { method: 'GET', url: 'https://x.test/' }, { retrySafe: true });
		expect(response.statusCode).toBe(503);
		expect(calls.n).toBe(1);
	});

	test('retries a safe request while the execution runs', async () => {
		const calls = { n: 0 };
		await sendWithRetries(context(new AbortController().signal, calls), { method: 'GET', url: 'https://x.test/' }, { retrySafe: true, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
		expect(calls.n).toBe(3);
	});
});

describe('sendWithRetries: transport failures as n8n reports them', () => {
	// n8n wraps socket errors in a NodeApiError whose only trace of the code is `httpCode`.
	const n8nSocketError = (code: string) => Object.assign(new Error('The service refused the connection - perhaps it is offline'), { httpCode: code, messages: [`connect ${code} 127.0.0.1:1`] });
	const failing = (code: string, calls: { n: number }) =>
		({
			getExecutionCancelSignal: () => undefined,
			getNode: () => ({ id: 'n', name: 'Node', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
			helpers: {
				httpRequest: async () => {
					calls.n++;
					throw n8nSocketError(code);
				},
			},
		}) as unknown as IExecuteFunctions;
	const fast = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 };

	test('a refused connection is known as never sent: even an unkeyed POST is retried, and the error keeps the code', async () => {
		const calls = { n: 0 };
		const error = await sendWithRetries(failing('ECONNREFUSED', calls), { method: 'POST', url: 'https://x.test/' }, { retrySafe: false, retry: fast }).catch((e) => e);
		expect(calls.n).toBe(3);
		expect(error).toBeInstanceOf(TransportError);
		expect(error).toMatchObject({ code: 'ECONNREFUSED', maybeSent: false, message: 'connect ECONNREFUSED 127.0.0.1:1' });
	});

	test('a reset after sending is not repeated for an unkeyed POST (it may have created the job)', async () => {
		const calls = { n: 0 };
		const error = await sendWithRetries(failing('ECONNRESET', calls), { method: 'POST', url: 'https://x.test/' }, { retrySafe: false, retry: fast }).catch((e) => e);
		expect(calls.n).toBe(1);
		expect(error).toMatchObject({ code: 'ECONNRESET', maybeSent: true });
	});
});
