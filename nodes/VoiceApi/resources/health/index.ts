import type { ResourceModule } from '../../../shared/operations';
import * as check from './check';

export { check };

export const health: ResourceModule = { option: { name: 'Health', value: 'health' }, defaultOperation: 'check', operations: [check] };
