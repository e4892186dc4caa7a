import type { INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { vmegApi } from '../../transport';
import { taskIdField } from './fields';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get a task',
	description: 'Status and, once finished, the result',
	routing: vmegApi.request({ method: 'GET', url: '/openapi/v1/tasks/detail' }),
};

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['get'] } }, [taskIdField]);
