import type { ResourceModule } from '../../../shared/operations';
import * as create from './create';

export const mediaTranslation: ResourceModule = {
	option: { name: 'Media Translation', value: 'mediaTranslation' },
	defaultOperation: 'create',
	operations: [create],
};
