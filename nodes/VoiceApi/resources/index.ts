import type { ResourceModule } from '../../shared/operations';
import { health } from './health';
import { model } from './model';
import { speechToText } from './speechToText';
import { textToSpeech } from './textToSpeech';
import { voiceClone } from './voiceClone';

/** The node's resources, in the order of its Resource list. */
export const resources: readonly ResourceModule[] = [health, model, speechToText, textToSpeech, voiceClone];
