import { packageNodes, packageCredentials } from '../support/packageTypes';
import { getContext } from './context';

describe('e2e harness smoke', () => {
	it('runs n8n with the package loaded as a community package', async () => {
		const ctx = getContext();
		const types = await ctx.nodeTypes();
		// Every node and credential package.json registers: n8n loaded each node, and the setup made
		// one emulator credential per credential type (test/emulator/apis.js).
		expect(types).toEqual(expect.arrayContaining(packageNodes().map((n) => n.type)));
		expect(ctx.credentials).toEqual(Object.fromEntries(packageCredentials().map((c) => [c.name, expect.any(String)])));
	});
});
