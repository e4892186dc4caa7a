import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

/**
 * Voices for Text to Speech. `AutoV` is the only v2 value the docs show; the 21 names are the
 * documented legacy (ElevenLabs) voices. The list is not authoritative, so the picker also takes
 * any name typed by hand.
 */
const VIMMERSE_VOICES: Array<{ name: string; gender: 'female' | 'male' | 'auto' }> = [
	{ name: 'AutoV', gender: 'auto' },
	...['Rachel', 'Aria', 'Sarah', 'Laura', 'Charlotte', 'Alice', 'Matilda', 'Jessica', 'Lily'].map((name) => ({
		name,
		gender: 'female' as const,
	})),
	...['Roger', 'George', 'Callum', 'River', 'Liam', 'Will', 'Eric', 'Chris', 'Brian', 'Daniel', 'Bill', 'Charlie'].map(
		(name) => ({ name, gender: 'male' as const }),
	),
];

/** Text to Speech's voice picker: the voices whose name contains the filter or whose gender starts with it. */
export async function searchVoices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const query = (filter ?? '').trim().toLowerCase();
	return {
		results: VIMMERSE_VOICES.filter((v) => !query || v.name.toLowerCase().includes(query) || v.gender.startsWith(query)).map((v) => ({
			name: v.gender === 'auto' ? 'AutoV (automatic voice)' : `${v.name} (${v.gender})`,
			value: v.name,
		})),
	};
}
