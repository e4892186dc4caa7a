import type { INode } from 'n8n-workflow';

import { inputError } from './errors';

/** Small checks that fail with the item index and how to fix it, before anything is sent. */
export class InputValidator {
	constructor(
		private readonly node: INode,
		private readonly itemIndex: number,
	) {}

	text(value: unknown, field: string, limits: { max?: number } = {}): string {
		const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
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
		const n = typeof value === 'number' ? value : Number(value);
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
			this.fail(`${field} "${String(value)}" is not supported`, `Pick one of: ${shown}.`);
		}
		return value as T;
	}

	fail(message: string, hint: string): never {
		throw inputError(this.node, this.itemIndex, message, hint);
	}
}
