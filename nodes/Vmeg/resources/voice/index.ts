import type { ResourceModule } from '../../../shared/operations';
import * as deleteClone from './deleteClone';
import * as listCloned from './listCloned';
import * as listSystem from './listSystem';
import * as renameClone from './renameClone';

export const voice: ResourceModule = {
	option: { name: 'Voice', value: 'voice' },
	defaultOperation: 'listSystem',
	operations: [listSystem, listCloned, renameClone, deleteClone],
};
