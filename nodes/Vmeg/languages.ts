import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * Common locales from VMEG's supported-languages page (the full page lists ~150; any BCP-47
 * code can still be typed as an expression, and `isLocaleCode` checks its shape).
 */
const LOCALES: Array<[string, string]> = [
	['ar-SA', 'Arabic (Saudi Arabia)'], ['bg-BG', 'Bulgarian'], ['bn-IN', 'Bengali (India)'], ['ca-ES', 'Catalan'],
	['cs-CZ', 'Czech'], ['da-DK', 'Danish'], ['de-DE', 'German (Germany)'], ['el-GR', 'Greek'],
	['en-AU', 'English (Australia)'], ['en-GB', 'English (UK)'], ['en-IN', 'English (India)'], ['en-US', 'English (US)'],
	['es-ES', 'Spanish (Spain)'], ['es-MX', 'Spanish (Mexico)'], ['fa-IR', 'Persian'], ['fi-FI', 'Finnish'],
	['fil-PH', 'Filipino'], ['fr-CA', 'French (Canada)'], ['fr-FR', 'French (France)'], ['he-IL', 'Hebrew'],
	['hi-IN', 'Hindi'], ['hr-HR', 'Croatian'], ['hu-HU', 'Hungarian'], ['id-ID', 'Indonesian'],
	['it-IT', 'Italian'], ['ja-JP', 'Japanese'], ['kmr-Latn', 'Kurmanji (Latin)'], ['ko-KR', 'Korean'],
	['ms-MY', 'Malay'], ['nb-NO', 'Norwegian'], ['nl-NL', 'Dutch'], ['pl-PL', 'Polish'],
	['pt-BR', 'Portuguese (Brazil)'], ['pt-PT', 'Portuguese (Portugal)'], ['ro-RO', 'Romanian'], ['ru-RU', 'Russian'],
	['sk-SK', 'Slovak'], ['sr-Latn-RS', 'Serbian (Latin)'], ['sv-SE', 'Swedish'], ['ta-IN', 'Tamil'],
	['th-TH', 'Thai'], ['tr-TR', 'Turkish'], ['uk-UA', 'Ukrainian'], ['ur-PK', 'Urdu'],
	['vi-VN', 'Vietnamese'], ['yue-CN', 'Cantonese'], ['zh-CN', 'Chinese (Mandarin, Simplified)'],
	['zh-CN-sichuan', 'Chinese (Sichuanese)'], ['zh-TW', 'Chinese (Taiwan)'],
];

export const targetLocaleOptions: INodePropertyOptions[] = LOCALES.map(([value, name]) => ({ name: `${name} (${value})`, value }));

export const sourceLocaleOptions: INodePropertyOptions[] = [
	{ name: 'Detect Automatically', value: 'auto' },
	...targetLocaleOptions,
];

/** BCP-47 shape: language, then optional script/region/variant subtags (e.g. zh-CN-sichuan). */
export function isLocaleCode(value: string): boolean {
	return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value);
}
