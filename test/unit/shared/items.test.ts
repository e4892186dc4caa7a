import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { mapItems } from '../../../nodes/shared/items';

function context(items: number, continueOnFail: boolean): IExecuteFunctions {
	return {
		getInputData: () => Array.from({ length: items }, () => ({ json: {} })),
		continueOnFail: () => continueOnFail,
		getNode: () => ({ id: 'n', name: 'Node', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
	} as unknown as IExecuteFunctions;
}

describe('mapItems', () => {
	const work = (started: number[]) => async (i: number) => {
		started.push(i);
		await sleep(1);
		if (i === 1) throw new Error('item 1 broke');
		return { json: { i } };
	};

	test('without Continue On Fail, starts no more items after a failure and throws it with its item index', async () => {
		const started: number[] = [];
		const failure = await mapItems(context(8, false), work(started), 2).catch((e: unknown) => e);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect(failure).toMatchObject({ message: 'item 1 broke', context: { itemIndex: 1 } });
		expect(started.length).toBeLessThanOrEqual(3);
	});

	test('with Continue On Fail, runs every item and keeps order and pairing', async () => {
		const started: number[] = [];
		const out = await mapItems(context(5, true), work(started), 2);
		expect(started.sort()).toEqual([0, 1, 2, 3, 4]);
		expect(out.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(out[1].json).toEqual({ error: 'item 1 broke' });
		expect(out[4].json).toEqual({ i: 4 });
	});
});
