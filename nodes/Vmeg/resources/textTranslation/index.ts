import type { ResourceModule } from '../../../shared/operations';
import * as createAsync from './createAsync';
import * as translate from './translate';

export const textTranslation: ResourceModule = {
	option: { name: 'Text Translation', value: 'textTranslation' },
	defaultOperation: 'translate',
	operations: [createAsync, translate],
};
