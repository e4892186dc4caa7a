import type { INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { vmegApi } from '../../transport';
import { clonedVoiceField } from './fields';

export const option: INodePropertyOptions = {
	name: 'Delete Clone',
	value: 'deleteClone',
	action: 'Delete a cloned voice',
	routing: vmegApi.request({ method: 'POST', url: '/openapi/v1/assets/voice/clone/delete' }),
};

export const description = updateDisplayOptions({ show: { resource: ['voice'], operation: ['deleteClone'] } }, [clonedVoiceField]);
