import type { INodeProperties } from 'n8n-workflow';

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['health'] } },
		default: 'check',
		options: [
			{
				name: 'Check',
				value: 'check',
				action: 'Check the API health',
				description: 'Call the public health endpoint (no key needed); returns {"status":"ok"} when the API is up',
				routing: { request: { method: 'GET', url: '/v1/health' }, send: { paginate: true } },
			},
		],
	},
];
