import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** A model picker (searchable list, or an ID typed by hand). */
export function modelLocator(name: string, displayName: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchModels', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 8f3c2a1b9d4e4f60a7b1c2d3e4f5a6b7',
			},
		],
		...extra,
	} as INodeProperties;
}

export function taskIdField(resource: string, operations: string[], hint: string): INodeProperties {
	return {
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		description: hint,
		displayOptions: { show: { resource: [resource], operation: operations } },
	};
}

export function waitField(resource: string, description: string): INodeProperties {
	return {
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description,
		displayOptions: { show: { resource: [resource], operation: ['create'] } },
	};
}

export const timeLimitOption: INodeProperties = {
	displayName: 'Time Limit (Minutes)',
	name: 'timeLimitMinutes',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 120 },
	default: 10,
	description: 'How long Wait for Completion waits before failing with the task ID (the task keeps running)',
};

/** Reads a resource-locator or plain value as a string. */
export function locatorValue(value: unknown): string {
	if (value && typeof value === 'object' && 'value' in (value as IDataObject)) return String((value as IDataObject).value ?? '').trim();
	return String(value ?? '').trim();
}
