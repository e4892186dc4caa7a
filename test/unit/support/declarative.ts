import type { INodeExecutionData, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

export type DeclarativeRun = (this: unknown, requestData: unknown) => Promise<INodeExecutionData[]>;

/**
 * The transport hook of a declarative operation: the function n8n calls with the request it
 * built (its option's `routing.operations.pagination`). Fails if the operation has none.
 */
export function declarativeRunOf(description: INodeTypeDescription, resource: string, operation: string): DeclarativeRun {
	const list = description.properties.find(
		(p: INodeProperties) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource),
	);
	const option = (list?.options as Array<{ value: string; routing?: { operations?: { pagination?: unknown } } }> | undefined)?.find((o) => o.value === operation);
	const run = option?.routing?.operations?.pagination;
	if (typeof run !== 'function') throw new Error(`${resource} > ${operation} has no declarative transport routing`);
	return run as DeclarativeRun;
}
