import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { voiceApi } from '../../transport';

export const option: INodePropertyOptions = {
	name: 'Check',
	value: 'check',
	action: 'Check the API health',
	description: 'Call the public health endpoint (no key needed); returns {"status":"ok"} when the API is up',
	routing: voiceApi.request({ method: 'GET', url: '/v1/health' }),
};

export const description: INodeProperties[] = [];
