import type { IExecuteFunctions } from 'n8n-workflow';

import { sendWithRetries } from '../../../nodes/shared/http';

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
