import type { ResourceModule } from '../../shared/operations';

import { audio } from './audio';

/** The node's resources, in the order of its Resource list. */
export const resources: readonly ResourceModule[] = [audio];
