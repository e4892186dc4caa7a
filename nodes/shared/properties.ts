import type { INodeProperties, INodePropertyRouting } from 'n8n-workflow';

/**
 * Fields that several operations of several nodes share, built in one place. Each is unscoped:
 * the operation file scopes it with n8n's updateDisplayOptions, together with its own fields.
 */

/** "Input Binary Field": the input item's binary property holding the file to send. */
export function inputBinaryField(hint: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return { displayName: 'Input Binary Field', name: 'binaryPropertyName', type: 'string', default: 'data', required: true, hint, ...extra };
}

/** The Return All / Limit pair of a list; `limitRouting` when the API takes the limit as its page size. */
export function returnAllAndLimit(limitRouting?: INodePropertyRouting): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
			...(limitRouting ? { routing: limitRouting } : {}),
		},
	];
}

/**
 * A picker: choose from a searchable list (`searchListMethod` of the node's listSearch) or type
 * the value (`typed`: the mode's label and placeholder). Required unless `extra` says otherwise.
 */
export function listOrTypedPicker(
	field: { name: string; displayName: string; searchListMethod: string },
	typed: { displayName: string; placeholder: string },
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: field.searchListMethod, searchable: true } },
			{ displayName: typed.displayName, name: 'id', type: 'string', placeholder: typed.placeholder },
		],
		...extra,
	} as INodeProperties;
}

/** An operation's "Options" collection (optional settings, each added by the user). */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

/** A list operation's "Filters" collection. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options };
}
