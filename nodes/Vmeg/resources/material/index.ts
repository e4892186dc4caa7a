import type { ResourceModule } from '../../../shared/operations';
import * as del from './delete';
import * as list from './list';
import * as upload from './upload';

export const material: ResourceModule = {
	option: { name: 'Material', value: 'material' },
	defaultOperation: 'upload',
	operations: [del, list, upload],
};
