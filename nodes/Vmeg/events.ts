/**
 * VMEG's async job events, the one list: the `event` of its callbacks, the Trigger's Events
 * filter and Task > Wait for Completion's Task Type all come from it.
 */
export const VMEG_EVENT_OPTIONS = [
	{ name: 'Media Translation', value: 'openapi-media-translation' },
	{ name: 'Text to Speech', value: 'openapi-tts' },
	{ name: 'Text Translation', value: 'openapi-translate' },
	{ name: 'Voice Clone', value: 'openapi-clone-voice' },
] as const;

export type VmegEvent = (typeof VMEG_EVENT_OPTIONS)[number]['value'];

/** Every event, in the order the Trigger's default lists them. */
export const VMEG_EVENTS: readonly VmegEvent[] = ['openapi-tts', 'openapi-translate', 'openapi-clone-voice', 'openapi-media-translation'];
