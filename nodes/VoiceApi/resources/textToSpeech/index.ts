import type { ResourceModule } from '../../../shared/operations';
import * as create from './create';
import * as downloadAudio from './downloadAudio';
import * as getStatus from './getStatus';
import * as narrate from './narrate';

export { create, downloadAudio, getStatus, narrate };

export const textToSpeech: ResourceModule = {
	option: { name: 'Text to Speech', value: 'textToSpeech' },
	defaultOperation: 'create',
	operations: [create, downloadAudio, narrate, getStatus],
};
