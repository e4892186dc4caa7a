import type { INodePropertyOptions } from 'n8n-workflow';

import { isKnownLocale, isLocaleCode, sourceLocaleOptions, targetLocaleOptions } from '../../../nodes/Vmeg/languages';

const values = (options: INodePropertyOptions[]): string[] => options.map((o) => String(o.value));
const sourceCodes = values(sourceLocaleOptions).filter((v) => v !== 'auto');
const targetCodes = values(targetLocaleOptions);

// Codes VMEG's supported-languages page lists on one list only (docs commit 12753d58).
const TARGET_ONLY = ['kmr-Cyrl', 'zh-CN-guangxi', 'zh-CN-henan', 'zh-CN-liaoning', 'zh-CN-shaanxi'];
const SOURCE_ONLY = ['ar-IL', 'ar-PS', 'en-GH', 'it-CH', 'or-IN', 'ur-PK'];

describe('VMEG locale lists', () => {
	it('have the sizes of the documented lists (154 source + auto, 153 target)', () => {
		expect(sourceCodes).toHaveLength(154);
		expect(sourceLocaleOptions).toHaveLength(155);
		expect(targetLocaleOptions).toHaveLength(153);
	});

	it('contain the documented codes, including script and dialect subtags', () => {
		for (const code of ['en-US', 'zh-CN', 'zh-CN-sichuan', 'zh-CN-shandong', 'kmr-Latn', 'kmr-Arab', 'sr-Latn-RS', 'yue-CN', 'fil-PH']) {
			expect(isKnownLocale(code, 'source')).toBe(true);
			expect(isKnownLocale(code, 'target')).toBe(true);
		}
	});

	it('keep target-only codes out of the source list, and source-only codes out of the target list', () => {
		for (const code of TARGET_ONLY) {
			expect(targetCodes).toContain(code);
			expect(sourceCodes).not.toContain(code);
			expect(isKnownLocale(code, 'target')).toBe(true);
			expect(isKnownLocale(code, 'source')).toBe(false);
		}
		for (const code of SOURCE_ONLY) {
			expect(sourceCodes).toContain(code);
			expect(targetCodes).not.toContain(code);
			expect(isKnownLocale(code, 'source')).toBe(true);
			expect(isKnownLocale(code, 'target')).toBe(false);
		}
		// Everything else is on both lists.
		expect(sourceCodes.filter((c) => !SOURCE_ONLY.includes(c)).sort()).toEqual(targetCodes.filter((c) => !TARGET_ONLY.includes(c)).sort());
	});

	it('accept auto (detect) as a source only', () => {
		expect(sourceLocaleOptions[0]).toEqual({ name: 'Detect Automatically', value: 'auto' });
		expect(isKnownLocale('auto', 'source')).toBe(true);
		expect(isKnownLocale('auto', 'target')).toBe(false);
		expect(targetCodes).not.toContain('auto');
	});

	it('reject unknown codes, wrong case and empty strings even when they look like locales', () => {
		for (const list of ['source', 'target'] as const) {
			expect(isKnownLocale('xx-YY', list)).toBe(false);
			expect(isKnownLocale('en-us', list)).toBe(false);
			expect(isKnownLocale('en', list)).toBe(false);
			expect(isKnownLocale('', list)).toBe(false);
		}
		expect(isLocaleCode('xx-YY')).toBe(true); // the shape check alone would let it through
	});

	it('name options "<doc name> (<code>)"', () => {
		const byValue = new Map(targetLocaleOptions.map((o) => [o.value, o.name]));
		expect(byValue.get('en-US')).toBe('English (United States) (en-US)');
		expect(byValue.get('zh-CN-sichuan')).toBe('Chinese (Southwestern Mandarin, Simplified) (zh-CN-sichuan)');
		expect(byValue.get('kmr-Cyrl')).toBe('Northern Kurdish - Kurmanji (Cyrillic Script) (kmr-Cyrl)');
		expect(byValue.get('ca-ES')).toBe('Catalan (Spain) (ca-ES)');
	});

	it.each([
		['source', sourceLocaleOptions.slice(1)],
		['target', targetLocaleOptions],
	])('%s options are sorted by name (as the n8n lint compares) with unique names and values', (_list, options) => {
		const names = options.map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(new Set(names).size).toBe(options.length);
		expect(new Set(values(options)).size).toBe(options.length);
		for (const value of values(options)) expect(isLocaleCode(value)).toBe(true);
	});
});
