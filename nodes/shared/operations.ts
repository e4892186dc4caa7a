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

/** Resource list, then per resource its Operation list and its operations' fields. */
export function nodeProperties(resources: readonly ResourceModule[], defaultResource: string): INodeProperties[] {
	const resourceList: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map((r) => r.option),
		default: defaultResource,
	};
	return [resourceList, ...resources.flatMap(resourceProperties)];
}

function resourceProperties(resource: ResourceModule): INodeProperties[] {
	const { defaultOperation } = resource;
	const operationList: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.option.value] } },
		options: resource.operations.map((o) => o.option),
		default: defaultOperation,
	};
	return [operationList, ...resource.operations.flatMap((o) => o.description)];
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
