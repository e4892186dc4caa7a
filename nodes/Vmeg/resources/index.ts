import type { ResourceModule } from '../../shared/operations';
import { material } from './material';
import { mediaTranslation } from './mediaTranslation';
import { task } from './task';
import { textToSpeech } from './textToSpeech';
import { textTranslation } from './textTranslation';
import { voice } from './voice';
import { voiceClone } from './voiceClone';

/** The node's resources, in the order of its Resource list. */
export const resources: readonly ResourceModule[] = [material, mediaTranslation, task, textToSpeech, textTranslation, voice, voiceClone];
