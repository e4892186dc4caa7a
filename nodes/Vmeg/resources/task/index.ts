import type { ResourceModule } from '../../../shared/operations';
import * as del from './delete';
import * as get from './get';
import * as list from './list';
import * as waitForCompletion from './waitForCompletion';

export const task: ResourceModule = {
	option: { name: 'Task', value: 'task' },
	defaultOperation: 'get',
	operations: [del, get, list, waitForCompletion],
};
