import type { ResourceModule } from '../../../shared/operations';

import * as estimateCredits from './estimateCredits';
import * as get from './get';
import * as music from './music';
import * as soundEffect from './soundEffect';
import * as textToSpeech from './textToSpeech';
import * as upload from './upload';

export const audio: ResourceModule = {
	option: { name: 'Audio', value: 'audio' },
	defaultOperation: 'textToSpeech',
	operations: [estimateCredits, get, music, soundEffect, textToSpeech, upload],
};
