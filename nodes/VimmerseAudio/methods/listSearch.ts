/**
 * Voices for Text to Speech. `AutoV` is the only v2 value the docs show; the 21 names are the
 * documented legacy (ElevenLabs) voices. The list is not authoritative, so the picker also takes
 * any name typed by hand.
 */
export const VIMMERSE_VOICES: Array<{ name: string; gender: 'female' | 'male' | 'auto' }> = [
	{ name: 'AutoV', gender: 'auto' },
	...['Rachel', 'Aria', 'Sarah', 'Laura', 'Charlotte', 'Alice', 'Matilda', 'Jessica', 'Lily'].map((name) => ({
		name,
		gender: 'female' as const,
	})),
	...['Roger', 'George', 'Callum', 'River', 'Liam', 'Will', 'Eric', 'Chris', 'Brian', 'Daniel', 'Bill', 'Charlie'].map(
		(name) => ({ name, gender: 'male' as const }),
	),
];
