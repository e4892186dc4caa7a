import type { INodePropertyOptions } from 'n8n-workflow';

/** VMEG's voice-clone engines (the `provider` of clones), from its "Supported clone methods" page. */
export const CLONE_ENGINES = ['V1', 'V2', 'V3', 'V4', 'V5'] as const;

/** Picker options for a clone engine; one list for Voice Clone, Media Translation and TTS. */
export const cloneEngineOptions: INodePropertyOptions[] = [
	{ name: 'V1 · Basic Universal', value: 'V1', description: 'Short, everyday lines' },
	{ name: 'V2 · Film & TV Emotional', value: 'V2', description: 'Film, drama, storytelling' },
	{ name: 'V3 · English-Focused', value: 'V3', description: 'English voices' },
	{ name: 'V4 · Enhanced Emotional', value: 'V4', description: 'Strongest emotional nuance' },
	{ name: 'V5 · Multilingual Universal', value: 'V5', description: 'Non-English and multilingual voices' },
];
