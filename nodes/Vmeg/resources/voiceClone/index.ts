import type { ResourceModule } from '../../../shared/operations';
import * as create from './create';
import * as createAsync from './createAsync';

export const voiceClone: ResourceModule = {
	option: { name: 'Voice Clone', value: 'voiceClone' },
	defaultOperation: 'create',
	operations: [create, createAsync],
};
