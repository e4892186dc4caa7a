import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../../../nodes/shared/operations';
import { packageNodes } from '../../support/packageTypes';

/**
 * The layout's promises, per node: every operation either runs (`execute`, a custom operation)
 * or is declarative with routing through the shared transport, never neither or both; its
 * fields are scoped to its own resource and operation; and the node's customOperations are
 * exactly the operations that execute.
 */
type NodeWithMap = [
	string,
	readonly ResourceModule[],
	{ customOperations?: Record<string, Record<string, unknown>>; description: { properties: INodeProperties[] } },
	(file: string) => boolean,
];
/** Every node package.json registers that has its resource map (`resources/index.ts`). */
const nodes: NodeWithMap[] = packageNodes().flatMap(({ node, resources, hasFile }) =>
	resources ? [[node.description.displayName, resources, node as NodeWithMap[2], hasFile] satisfies NodeWithMap] : [],
);

describe.each(nodes)('%s operations', (_name, resources, node, hasFile) => {
	const operations = resources.flatMap((resource) => resource.operations.map((operation) => ({ resource: resource.option.value, operation })));

	it.each(operations.map((o) => [`${o.resource} > ${String(o.operation.option.value)}`, o]))('%s has routing or execute', (_label, { operation }) => {
		const routing = operation.option.routing;
		const viaTransport = typeof routing?.operations?.pagination === 'function' && routing.send?.paginate === true;
		expect({ execute: typeof operation.execute === 'function', viaTransport }).toEqual(
			operation.execute ? { execute: true, viaTransport: false } : { execute: false, viaTransport: true },
		);
	});

	it.each(operations.map((o) => [`${o.resource} > ${String(o.operation.option.value)}`, o]))('%s fields are scoped to it', (_label, { resource, operation }) => {
		for (const field of operation.description as INodeProperties[]) {
			expect([field.name, field.displayOptions?.show?.resource, field.displayOptions?.show?.operation]).toEqual([field.name, [resource], [operation.option.value]]);
		}
	});

	// n8n's routing evaluates every property named like a set parameter for every item of a
	// declarative operation: a second property of the same name evaluates an expression again.
	// (Fields of other resources may share a name when they differ, e.g. each Task ID's text.)
	it.each(operations.filter((o) => !o.operation.execute).map((o) => [`${o.resource} > ${String(o.operation.option.value)}`, o]))(
		'%s: each of its fields is one property of its resource',
		(_label, { resource, operation }) => {
			const named = (name: string) =>
				node.description.properties.filter((p) => p.name === name && (p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource)).length;
			const fields = (operation.description as INodeProperties[]).map((f) => f.name);
			expect(fields.map((name) => [name, named(name)])).toEqual(fields.map((name) => [name, 1]));
		},
	);

	it('customOperations are the operations that execute', () => {
		const expected = Object.fromEntries(
			resources
				.map((r) => [r.option.value, r.operations.filter((o) => o.execute).map((o) => String(o.option.value)).sort()] as const)
				.filter(([, ops]) => ops.length),
		);
		const actual = Object.fromEntries(Object.entries(node.customOperations ?? {}).map(([r, ops]) => [r, Object.keys(ops).sort()]));
		expect(actual).toEqual(expected);
	});

	it('each operation is found by path: nodes/<Node>/resources/<resource>/<operation>.ts', () => {
		const missing = operations.map((o) => `resources/${o.resource}/${String(o.operation.option.value)}.ts`).filter((file) => !hasFile(file));
		expect(missing).toEqual([]);
	});

	it('each resource lists its default operation', () => {
		for (const resource of resources) expect(resource.operations.map((o) => o.option.value)).toContain(resource.defaultOperation);
	});
});

it('every node with a Resource list is composed from its resource map', () => {
	const withResources = packageNodes().filter(({ node }) => node.description.properties.some((p) => p.name === 'resource'));
	expect(withResources.map(({ node, resources }) => [node.description.displayName, Boolean(resources)])).toEqual(
		withResources.map(({ node }) => [node.description.displayName, true]),
	);
	expect(withResources.length).toBe(3);
});
