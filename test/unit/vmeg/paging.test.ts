import type { IDataObject, IExecutePaginationFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { vmegListItems as vmegItems } from '../../../nodes/Vmeg/helpers/declarative';

/** A VMEG list of `total` records, paged as VMEG does: page N starts at (N-1) × pageSize. */
function listOf(total: number) {
	const asked: Array<{ currentPage: number; pageSize: number }> = [];
	const send = async (request: IHttpRequestOptions) => {
		const { currentPage, pageSize } = request.qs as { currentPage: number; pageSize: number };
		asked.push({ currentPage, pageSize });
		const start = (currentPage - 1) * pageSize;
		const records = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, i) => ({ taskId: `t${start + i}` }));
		return { statusCode: 200, headers: {}, body: { code: 200, data: { records, total } } };
	};
	return { send, asked };
}

function context(parameters: IDataObject): IExecutePaginationFunctions {
	return { getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback } as unknown as IExecutePaginationFunctions;
}

const list: IHttpRequestOptions = { method: 'GET', url: '/openapi/v1/tasks/list', qs: {} };

describe('VMEG list paging', () => {
	test('a Limit above one page that is not a multiple of it returns distinct records in order', async () => {
		const { send, asked } = listOf(250);
		const items = await vmegItems.call(context({ operation: 'list', returnAll: false, limit: 150 }), send, list);
		expect(items.map((r) => r.taskId)).toEqual(Array.from({ length: 150 }, (_, i) => `t${i}`));
		expect(asked).toEqual([
			{ currentPage: 1, pageSize: 100 },
			{ currentPage: 2, pageSize: 100 },
		]);
	});

	test('Return All reads to the end; a small Limit asks for one small page', async () => {
		const all = listOf(250);
		expect(await vmegItems.call(context({ operation: 'list', returnAll: true }), all.send, list)).toHaveLength(250);
		expect(all.asked.map((a) => a.currentPage)).toEqual([1, 2, 3]);
		const few = listOf(250);
		expect(await vmegItems.call(context({ operation: 'list', returnAll: false, limit: 7 }), few.send, list)).toHaveLength(7);
		expect(few.asked).toEqual([{ currentPage: 1, pageSize: 7 }]);
	});
});
