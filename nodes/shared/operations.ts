import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * The typed map every node is composed from: a node has resources, a resource has operations,
 * and each operation lives in one file (`resources/<resource>/<operation>.ts`) exporting
 *  - `option`: its entry in the resource's Operation list; a declarative operation carries its
 *    `routing` here (built by the node's transport: `<api>.request(...)` or `<api>.pagedList(...)`),
 *  - `description`: its fields, scoped to its resource and operation with n8n's
 *    `updateDisplayOptions`,
 *  - `execute`, unless it is declarative: n8n runs it as a custom operation.
 * The node's properties and its `customOperations` are derived from the map, never kept by hand.
 */

export type OperationExecute = (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

export interface OperationModule {
	option: INodePropertyOptions;
	description: INodeProperties[];
	execute?: OperationExecute;
}

export interface ResourceModule {
	/** The resource's entry in the node's Resource list. */
	option: { name: string; value: string };
	/** Its operations, in the order of its Operation list. */
	operations: readonly OperationModule[];
	/** Operation selected when the resource is picked. */
	defaultOperation: string;
}

/** Resource list, every resource's Operation list, then the operations' fields. */
export function nodeProperties(resources: readonly ResourceModule[], defaultResource: string): INodeProperties[] {
	const resourceList: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map((r) => r.option),
		default: defaultResource,
	};
	return [resourceList, ...resources.map(operationList), ...mergeSharedFields(resources)];
}

function operationList(resource: ResourceModule): INodeProperties {
	const { defaultOperation } = resource;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.option.value] } },
		options: resource.operations.map((o) => o.option),
		default: defaultOperation,
	};
}

/**
 * The operations' fields, one property for a field that several operations define alike and
 * list first (e.g. Task ID of Task > Get and Wait for Completion), shown for all of them. n8n's
 * routing evaluates, for every item of a declarative operation, every property named like a
 * parameter that has a value: two properties named `taskId` evaluated its expression twice per
 * item, besides once for the request. The editor shows every operation the same fields in the
 * same order either way (the description snapshot checks it):
 *  - only a leading run of an operation's fields is merged, each into a later place than the
 *    one before;
 *  - a field merged across resources is shown for resources × operations, so it is merged only
 *    when that names no operation that lacks it.
 */
function mergeSharedFields(resources: readonly ResourceModule[]): INodeProperties[] {
	const operationsOf = new Map(resources.map((r) => [r.option.value, new Set(r.operations.map((o) => String(o.option.value)))]));
	// The existing operations a resources x operations condition shows a field for.
	const shownFor = (resourceNames: unknown[], operationNames: unknown[]) =>
		resourceNames.flatMap((r) => operationNames.filter((o) => operationsOf.get(String(r))?.has(String(o))).map((o) => `${r}/${o}`));
	const merged: INodeProperties[] = [];
	for (const resource of resources) {
		for (const operation of resource.operations) {
			let leading = true;
			let after = -1;
			for (const field of operation.description) {
				const index = leading ? merged.findIndex((earlier, i) => i > after && mergeable(earlier, field)) : -1;
				if (index < 0) {
					leading = false;
					merged.push(field);
					continue;
				}
				merged[index] = widened(merged[index], resource.option.value, operation.option.value);
				after = index;
			}
		}
	}
	return merged;

	/** Same field, and widening `earlier` to this operation shows it for no operation that lacks it. */
	function mergeable(earlier: INodeProperties, field: INodeProperties): boolean {
		if (earlier.name !== field.name || !alikeButScope(earlier, field)) return false;
		const show = earlier.displayOptions!.show!;
		const [fieldResource] = field.displayOptions!.show!.resource!;
		const [fieldOperation] = field.displayOptions!.show!.operation!;
		const before = shownFor(show.resource!, show.operation!);
		const widenedTo = shownFor(union(show.resource!, fieldResource), union(show.operation!, fieldOperation));
		return widenedTo.length === before.length + 1;
	}
}

function widened(field: INodeProperties, resource: unknown, operation: unknown): INodeProperties {
	const show = field.displayOptions!.show!;
	const displayOptions = { ...field.displayOptions, show: { ...show, resource: union(show.resource!, resource), operation: union(show.operation!, operation) } };
	return { ...field, displayOptions: displayOptions as INodeProperties['displayOptions'] };
}

function union(values: unknown[], value: unknown): unknown[] {
	return values.includes(value) ? values : [...values, value];
}

/** The same field apart from the resources and operations it is shown for. */
function alikeButScope(a: INodeProperties, b: INodeProperties): boolean {
	const unscoped = (field: INodeProperties) => {
		const show = field.displayOptions?.show;
		if (!show?.resource || !show.operation) return undefined;
		const rest = Object.fromEntries(Object.entries(show).filter(([key]) => key !== 'resource' && key !== 'operation'));
		return { ...field, displayOptions: { ...field.displayOptions, show: rest } };
	};
	const left = unscoped(a);
	const right = unscoped(b);
	return left !== undefined && right !== undefined && sameValue(left, right);
}

/** Deep equality of description values; functions (routing hooks) only when they are the same function. */
function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	if (keysA.length !== keysB.length) return false;
	return keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** n8n's `customOperations`: every operation with an `execute`, by resource and operation. */
export function customOperationsOf(resources: readonly ResourceModule[]): Record<string, Record<string, OperationExecute>> {
	const custom: Record<string, Record<string, OperationExecute>> = {};
	for (const resource of resources) {
		for (const operation of resource.operations) {
			if (!operation.execute) continue;
			(custom[resource.option.value] ??= {})[String(operation.option.value)] = operation.execute;
		}
	}
	return custom;
}
