import type { INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../../shared/properties';
import { vmegApi } from '../../transport';

export const option: INodePropertyOptions = {
	name: 'List',
	value: 'list',
	action: 'List materials',
	description: 'Completed uploads of this API key, newest first',
	routing: vmegApi.pagedList({ method: 'GET', url: '/openapi/v1/assets/material/list' }),
};

export const description = updateDisplayOptions({ show: { resource: ['material'], operation: ['list'] } }, returnAllAndLimit());
