import type { ResourceModule } from '../../../shared/operations';
import * as createAsync from './createAsync';
import * as generate from './generate';
import * as narrate from './narrate';

export const textToSpeech: ResourceModule = {
	option: { name: 'Text to Speech', value: 'textToSpeech' },
	defaultOperation: 'generate',
	operations: [generate, createAsync, narrate],
};
