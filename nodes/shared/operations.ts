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
	const exists = new Set(resources.flatMap((r) => r.operations.map((o) => `${r.option.value}/${String(o.option.value)}`)));
	const merged: Array<{ field: INodeProperties; shownFor: Set<string> }> = [];
	const exact = (shownFor: Set<string>, resourceNames: Set<string>, operationNames: Set<string>) =>
		[...resourceNames].every((r) => [...operationNames].every((o) => !exists.has(`${r}/${o}`) || shownFor.has(`${r}/${o}`)));
	for (const resource of resources) {
		for (const operation of resource.operations) {
			const pair = `${resource.option.value}/${String(operation.option.value)}`;
			let after = -1;
			let leading = true;
			for (const field of operation.description) {
				const index = !leading
					? -1
					: merged.findIndex((earlier, i) => {
							if (i <= after || earlier.field.name !== field.name || !alikeButScope(earlier.field, field)) return false;
							const show = earlier.field.displayOptions!.show!;
							const resourceNames = new Set([...(show.resource ?? []), resource.option.value].map(String));
							const operationNames = new Set([...(show.operation ?? []), operation.option.value].map(String));
							return exact(new Set([...earlier.shownFor, pair]), resourceNames, operationNames);
						});
				if (index < 0) {
					leading = false;
					merged.push({ field, shownFor: new Set([pair]) });
					continue;
				}
				const earlier = merged[index];
				const show = earlier.field.displayOptions!.show!;
				const union = (values: unknown[] | undefined, value: unknown) => (values?.includes(value) ? values : [...(values ?? []), value]);
				const displayOptions = {
					...earlier.field.displayOptions,
					show: { ...show, resource: union(show.resource, resource.option.value), operation: union(show.operation, operation.option.value) },
				} as INodeProperties['displayOptions'];
				merged[index] = { field: { ...earlier.field, displayOptions }, shownFor: new Set([...earlier.shownFor, pair]) };
				after = index;
			}
		}
	}
	return merged.map((m) => m.field);
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
