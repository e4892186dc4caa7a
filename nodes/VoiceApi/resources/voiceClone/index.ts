import type { ResourceModule } from '../../../shared/operations';
import * as create from './create';
import * as getStatus from './getStatus';
import * as waitForCompletion from './waitForCompletion';

export { create, getStatus, waitForCompletion };

export const voiceClone: ResourceModule = {
	option: { name: 'Voice Clone', value: 'voiceClone' },
	defaultOperation: 'create',
	operations: [create, getStatus, waitForCompletion],
};
