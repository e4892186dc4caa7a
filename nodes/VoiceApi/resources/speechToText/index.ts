import type { ResourceModule } from '../../../shared/operations';
import * as create from './create';
import * as getResult from './getResult';
import * as getStatus from './getStatus';

export { create, getResult, getStatus };

export const speechToText: ResourceModule = {
	option: { name: 'Speech to Text', value: 'speechToText' },
	defaultOperation: 'create',
	operations: [create, getResult, getStatus],
};
