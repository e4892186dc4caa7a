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
