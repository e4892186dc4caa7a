import type { INode } from 'n8n-workflow';

import { inputError } from './errors';

/** Small checks that fail with the item index and how to fix it, before anything is sent. */
export class InputValidator {
	constructor(
		private readonly node: INode,
		private readonly itemIndex: number,
	) {}

	/**
	 * A text parameter as the user meant it. An expression may give an object, array or boolean,
	 * which would be sent as "[object Object]" (and paid for): refused, naming the type. A number
	 * is accepted as its digits (a line "42", a numeric ID).
	 */
	optionalText(value: unknown, field: string): string {
		if (typeof value === 'string') return value;
		if (value === undefined || value === null) return '';
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
		return this.fail(
			`${field} must be text, but its expression gave ${describeValue(value)}`,
			`Map a text field (e.g. {{ $json.text }}). If you mean the whole value, turn it into text in the expression, e.g. {{ JSON.stringify($json.field) }} or {{ $json.list.join(' ') }}.`,
		);
	}

	text(value: unknown, field: string, limits: { max?: number } = {}): string {
		const text = this.optionalText(value, field);
		if (text.trim() === '') this.fail(`${field} is empty`, `Enter the ${field}, or map it from a field of the input item.`);
		if (limits.max !== undefined && text.length > limits.max) {
			this.fail(
				`${field} is ${text.length} characters, more than the ${limits.max} allowed`,
				`Shorten the ${field} or split it over several items.`,
			);
		}
		return text;
	}

	numberInRange(value: unknown, field: string, min: number, max: number): number {
		// A number, or text that is one ("5", " 0.5 "); never an array or object that happens to convert.
		const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
		if (typeof value !== 'number' && typeof value !== 'string') {
			this.fail(`${field} must be a number, but its expression gave ${describeValue(value)}`, `Set ${field} to a number from ${min} to ${max}.`);
		}
		if (!Number.isFinite(n) || n < min || n > max) {
			this.fail(`${field} must be between ${min} and ${max} (got ${String(value)})`, `Set ${field} to a number from ${min} to ${max}.`);
		}
		return n;
	}

	httpsUrl(value: unknown, field: string): string {
		const text = this.text(value, field);
		let url: URL | undefined;
		try {
			url = new URL(text);
		} catch {
			url = undefined;
		}
		if (!url || url.protocol !== 'https:') {
			this.fail(`${field} must be an HTTPS URL (got "${text.slice(0, 100)}")`, `Use a public https:// link to the file.`);
		}
		return text;
	}

	oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
		if (!allowed.includes(value as T)) {
			const shown = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ');
			const got = typeof value === 'string' ? `"${value}"` : describeValue(value);
			this.fail(`${field} ${got} is not supported`, `Pick one of: ${shown}.`);
		}
		return value as T;
	}

	fail(message: string, hint: string): never {
		throw inputError(this.node, this.itemIndex, message, hint);
	}
}

/** "an object", "an array", "a boolean (true)", … for errors about an expression's result. */
export function describeValue(value: unknown): string {
	if (Array.isArray(value)) return `an array (${value.length} element${value.length === 1 ? '' : 's'})`;
	if (value === null) return 'null';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return `the text "${value.slice(0, 50)}"`;
	if (typeof value === 'number') return `the number ${value}`;
	if (typeof value === 'boolean') return `a boolean (${String(value)})`;
	return `a ${typeof value}`;
}
