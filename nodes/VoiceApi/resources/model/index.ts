import type { ResourceModule } from '../../../shared/operations';
import * as list from './list';

export { list };

export const model: ResourceModule = { option: { name: 'Model', value: 'model' }, defaultOperation: 'list', operations: [list] };
