import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { InputValidator } from '../shared/validation';

/*
 * VMEG's documented locale lists, transcribed from the "Supported languages" page of VMEG's docs
 * (https://docs.vmeg.ai/guides/supported-languages; source file guides/supported-languages.mdx in
 * the docs repo xihangzhou/mintlify-docs, commit 12753d5820b4b195ca76d6ff921228969f335e20).
 *
 * The page has a source list (`language.source`, media translation: 154 locales) and a target
 * list (`language.target`, TTS / text translation / media translation: 153 locales). Most codes
 * are on both; the third column marks the few that are on one list only. Names are the page's,
 * with a space added in "Basque (Spain)", "Catalan (Spain)" and "Galician (Spain)". When VMEG adds
 * a locale, add a row here (sorted by code).
 */
type OneListOnly = 'sourceOnly' | 'targetOnly';

const LOCALES: Array<[code: string, name: string, only?: OneListOnly]> = [
	['af-ZA', 'Afrikaans (South Africa)'],
	['am-ET', 'Amharic (Ethiopia)'],
	['ar-AE', 'Arabic (United Arab Emirates)'],
	['ar-BH', 'Arabic (Bahrain)'],
	['ar-DZ', 'Arabic (Algeria)'],
	['ar-EG', 'Arabic (Egypt)'],
	['ar-IL', 'Arabic (Israel)', 'sourceOnly'],
	['ar-IQ', 'Arabic (Iraq)'],
	['ar-JO', 'Arabic (Jordan)'],
	['ar-KW', 'Arabic (Kuwait)'],
	['ar-LB', 'Arabic (Lebanon)'],
	['ar-LY', 'Arabic (Libya)'],
	['ar-MA', 'Arabic (Morocco)'],
	['ar-OM', 'Arabic (Oman)'],
	['ar-PS', 'Arabic (Palestinian Authority)', 'sourceOnly'],
	['ar-QA', 'Arabic (Qatar)'],
	['ar-SA', 'Arabic (Saudi Arabia)'],
	['ar-SY', 'Arabic (Syria)'],
	['ar-TN', 'Arabic (Tunisia)'],
	['ar-XA', 'Arabic (Modern Standard)'],
	['ar-YE', 'Arabic (Yemen)'],
	['az-AZ', 'Azerbaijani (Latin, Azerbaijan)'],
	['be-BY', 'Belarusian (Belarus)'],
	['bg-BG', 'Bulgarian (Bulgaria)'],
	['bho-IN', 'Bhojpuri (India)'],
	['bn-BD', 'Bangla (Bangladesh)'],
	['bn-IN', 'Bengali (India)'],
	['bs-BA', 'Bosnian (Bosnia and Herzegovina)'],
	['ca-ES', 'Catalan (Spain)'],
	['cs-CZ', 'Czech (Czechia)'],
	['cy-GB', 'Welsh (United Kingdom)'],
	['da-DK', 'Danish (Denmark)'],
	['de-AT', 'German (Austria)'],
	['de-CH', 'German (Switzerland)'],
	['de-DE', 'German (Germany)'],
	['el-GR', 'Greek (Greece)'],
	['en-AU', 'English (Australia)'],
	['en-CA', 'English (Canada)'],
	['en-GB', 'English (United Kingdom)'],
	['en-GH', 'English (Ghana)', 'sourceOnly'],
	['en-HK', 'English (Hong Kong SAR)'],
	['en-IE', 'English (Ireland)'],
	['en-IN', 'English (India)'],
	['en-KE', 'English (Kenya)'],
	['en-NG', 'English (Nigeria)'],
	['en-NZ', 'English (New Zealand)'],
	['en-PH', 'English (Philippines)'],
	['en-SG', 'English (Singapore)'],
	['en-TZ', 'English (Tanzania)'],
	['en-US', 'English (United States)'],
	['en-ZA', 'English (South Africa)'],
	['es-AR', 'Spanish (Argentina)'],
	['es-BO', 'Spanish (Bolivia)'],
	['es-CL', 'Spanish (Chile)'],
	['es-CO', 'Spanish (Colombia)'],
	['es-CR', 'Spanish (Costa Rica)'],
	['es-CU', 'Spanish (Cuba)'],
	['es-DO', 'Spanish (Dominican Republic)'],
	['es-EC', 'Spanish (Ecuador)'],
	['es-ES', 'Spanish (Spain)'],
	['es-GQ', 'Spanish (Equatorial Guinea)'],
	['es-GT', 'Spanish (Guatemala)'],
	['es-HN', 'Spanish (Honduras)'],
	['es-MX', 'Spanish (Mexico)'],
	['es-NI', 'Spanish (Nicaragua)'],
	['es-PA', 'Spanish (Panama)'],
	['es-PE', 'Spanish (Peru)'],
	['es-PR', 'Spanish (Puerto Rico)'],
	['es-PY', 'Spanish (Paraguay)'],
	['es-SV', 'Spanish (El Salvador)'],
	['es-US', 'Spanish (United States)'],
	['es-UY', 'Spanish (Uruguay)'],
	['es-VE', 'Spanish (Venezuela)'],
	['et-EE', 'Estonian (Estonia)'],
	['eu-ES', 'Basque (Spain)'],
	['fa-IR', 'Persian (Iran)'],
	['fi-FI', 'Finnish (Finland)'],
	['fil-PH', 'Filipino (Philippines)'],
	['fr-BE', 'French (Belgium)'],
	['fr-CA', 'French (Canada)'],
	['fr-CH', 'French (Switzerland)'],
	['fr-FR', 'French (France)'],
	['ga-IE', 'Irish (Ireland)'],
	['gl-ES', 'Galician (Spain)'],
	['gu-IN', 'Gujarati (India)'],
	['he-IL', 'Hebrew (Israel)'],
	['hi-IN', 'Hindi (India)'],
	['hr-HR', 'Croatian (Croatia)'],
	['ht-HT', 'Haitian Creole (Haiti)'],
	['hu-HU', 'Hungarian (Hungary)'],
	['hy-AM', 'Armenian (Armenia)'],
	['id-ID', 'Indonesian (Indonesia)'],
	['is-IS', 'Icelandic (Iceland)'],
	['it-CH', 'Italian (Switzerland)', 'sourceOnly'],
	['it-IT', 'Italian (Italy)'],
	['ja-JP', 'Japanese (Japan)'],
	['jv-ID', 'Javanese (Latin, Indonesia)'],
	['ka-GE', 'Georgian (Georgia)'],
	['kk-KZ', 'Kazakh (Kazakhstan)'],
	['km-KH', 'Khmer (Cambodia)'],
	['kmr-Arab', 'Northern Kurdish - Kurmanji (Arabic Script)'],
	['kmr-Cyrl', 'Northern Kurdish - Kurmanji (Cyrillic Script)', 'targetOnly'],
	['kmr-Latn', 'Northern Kurdish - Kurmanji (Latin Script)'],
	['kn-IN', 'Kannada (India)'],
	['ko-KR', 'Korean (Korea)'],
	['lo-LA', 'Lao (Laos)'],
	['lt-LT', 'Lithuanian (Lithuania)'],
	['lv-LV', 'Latvian (Latvia)'],
	['mk-MK', 'Macedonian (North Macedonia)'],
	['ml-IN', 'Malayalam (India)'],
	['mn-MN', 'Mongolian (Mongolia)'],
	['mr-IN', 'Marathi (India)'],
	['ms-MY', 'Malay (Malaysia)'],
	['mt-MT', 'Maltese (Malta)'],
	['my-MM', 'Burmese (Myanmar)'],
	['nan-CN', 'Chinese (Southern Min, Simplified)'],
	['nb-NO', 'Norwegian Bokmål (Norway)'],
	['ne-NP', 'Nepali (Nepal)'],
	['nl-BE', 'Dutch (Belgium)'],
	['nl-NL', 'Dutch (Netherlands)'],
	['or-IN', 'Odia (India)', 'sourceOnly'],
	['pa-IN', 'Punjabi (India)'],
	['pl-PL', 'Polish (Poland)'],
	['ps-AF', 'Pashto (Afghanistan)'],
	['pt-BR', 'Portuguese (Brazil)'],
	['pt-PT', 'Portuguese (Portugal)'],
	['ro-RO', 'Romanian (Romania)'],
	['ru-RU', 'Russian (Russia)'],
	['si-LK', 'Sinhala (Sri Lanka)'],
	['sk-SK', 'Slovak (Slovakia)'],
	['sl-SI', 'Slovenian (Slovenia)'],
	['so-SO', 'Somali (Somalia)'],
	['sq-AL', 'Albanian (Albania)'],
	['sr-Latn-RS', 'Serbian (Serbia)'],
	['sv-SE', 'Swedish (Sweden)'],
	['sw-KE', 'Kiswahili (Kenya)'],
	['sw-TZ', 'Kiswahili (Tanzania)'],
	['ta-IN', 'Tamil (India)'],
	['te-IN', 'Telugu (India)'],
	['th-TH', 'Thai (Thailand)'],
	['tr-TR', 'Turkish (Türkiye)'],
	['ug-CN', 'Uyghur (China)'],
	['uk-UA', 'Ukrainian (Ukraine)'],
	['ur-IN', 'Urdu (India)'],
	['ur-PK', 'Urdu (Pakistan)', 'sourceOnly'],
	['uz-UZ', 'Uzbek (Latin, Uzbekistan)'],
	['vi-VN', 'Vietnamese (Vietnam)'],
	['wuu-CN', 'Chinese (Wu, Simplified)'],
	['yue-CN', 'Chinese (Cantonese, Simplified)'],
	['zh-CN', 'Chinese (Mandarin, Simplified)'],
	['zh-CN-guangxi', 'Chinese (Guangxi Accent Mandarin, Simplified)', 'targetOnly'],
	['zh-CN-henan', 'Chinese (Zhongyuan Mandarin Henan, Simplified)', 'targetOnly'],
	['zh-CN-liaoning', 'Chinese (Northeastern Mandarin, Simplified)', 'targetOnly'],
	['zh-CN-shaanxi', 'Chinese (Zhongyuan Mandarin Shaanxi, Simplified)', 'targetOnly'],
	['zh-CN-shandong', 'Chinese (Jilu Mandarin, Simplified)'],
	['zh-CN-sichuan', 'Chinese (Southwestern Mandarin, Simplified)'],
	['zh-HK', 'Chinese (Cantonese, Traditional)'],
	['zh-TW', 'Chinese (Taiwanese Mandarin, Traditional)'],
	['zu-ZA', 'Zulu (South Africa)'],
];

export type LocaleList = 'source' | 'target';

const codesOn = (list: LocaleList): Set<string> =>
	new Set(LOCALES.filter(([, , only]) => only !== (list === 'source' ? 'targetOnly' : 'sourceOnly')).map(([code]) => code));

const SOURCE_CODES = codesOn('source');
const TARGET_CODES = codesOn('target');

/** Picker options for one list, named "English (United States) (en-US)" and sorted by name (as n8n's lint wants). */
function optionsFor(codes: Set<string>): INodePropertyOptions[] {
	return LOCALES.filter(([code]) => codes.has(code))
		.map(([value, name]) => ({ name: `${name} (${value})`, value }))
		.sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/** Languages VMEG can speak or translate into (`language.target`). */
export const targetLocaleOptions: INodePropertyOptions[] = optionsFor(TARGET_CODES);

/** Languages VMEG can translate from (`language.source`), with automatic detection first. */
export const sourceLocaleOptions: INodePropertyOptions[] = [
	{ name: 'Detect Automatically', value: 'auto' },
	...optionsFor(SOURCE_CODES),
];

/** BCP-47 shape: language, then optional script/region/variant subtags (e.g. zh-CN-sichuan). */
export function isLocaleCode(value: string): boolean {
	return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value);
}

/**
 * Whether `code` is on VMEG's documented source or target list (exact code, case-sensitive as
 * documented). The source list also accepts `auto` (detect the spoken language).
 */
export function isKnownLocale(code: string, list: LocaleList): boolean {
	if (list === 'source') return code === 'auto' || SOURCE_CODES.has(code);
	return TARGET_CODES.has(code);
}

/**
 * The locale in `value`, trimmed, if VMEG documents it on `list` ('any': either list); otherwise
 * a NodeOperationError naming the field and the item, before anything is sent.
 */
export function checkLocale(check: InputValidator, value: unknown, field: string, list: LocaleList | 'any'): string {
	const code = check.optionalText(value, field).trim();
	const known = list === 'any' ? isKnownLocale(code, 'source') || isKnownLocale(code, 'target') : isKnownLocale(code, list);
	if (!known) {
		const nearest = [...SOURCE_CODES, ...TARGET_CODES].find((c) => c.toLowerCase() === code.toLowerCase());
		check.fail(
			`${field} "${code}" is not a language VMEG supports${list === 'any' ? '' : ` as a ${list}`}`,
			nearest ? `Did you mean ${nearest}? Codes are case-sensitive.` : 'Pick a language from the list, or use a documented code such as en-US or es-ES.',
		);
	}
	return code;
}

/**
 * A language picker property on one of the two lists, unscoped: "Source Language" / "Target
 * Language" by default, or another name (e.g. a clone's Sample Language) via `field`.
 */
export function languageField(
	list: LocaleList,
	field: { default: string; name?: string; displayName?: string; description?: string },
): INodeProperties {
	const defaultCode = field.default;
	return {
		displayName: field.displayName ?? (list === 'source' ? 'Source Language' : 'Target Language'),
		name: field.name ?? (list === 'source' ? 'sourceLanguage' : 'targetLanguage'),
		type: 'options',
		options: list === 'source' ? sourceLocaleOptions : targetLocaleOptions,
		default: defaultCode,
		description: field.description,
	};
}
