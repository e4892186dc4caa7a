import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

/**
 * What the editor shows of a node, per resource and operation: the node's settings, each
 * resource's Operation list, and for every operation the fields it displays, in order, with the
 * resource/operation conditions evaluated and removed. Two descriptions with equal views behave
 * the same in the editor and at run time, however their properties are laid out in source
 * (resource-wide fields vs one copy per operation file); that is what a layout change must keep.
 */
export interface DescriptionView {
	node: unknown;
	resources?: unknown;
	operations?: Record<string, unknown[]>;
	fields?: unknown[];
}

type Json = Record<string, unknown>;
const SCOPE_KEYS = ['resource', 'operation', '/resource', '/operation'];

/** JSON as n8n sends it to the editor (functions dropped), without our transport hook in routing. */
function plain<T>(value: T): T {
	return JSON.parse(
		JSON.stringify(value, (key, v) => {
			if (key !== 'routing' || !v || typeof v !== 'object') return v;
			const routing = { ...(v as Json) };
			delete routing.operations;
			return routing;
		}),
	) as T;
}

function visible(displayOptions: Json | undefined, scope: { resource: string; operation: string }): boolean {
	if (!displayOptions) return true;
	const valueOf = (key: string) => (key.endsWith('resource') ? scope.resource : scope.operation);
	const show = (displayOptions.show ?? {}) as Record<string, unknown[]>;
	const hide = (displayOptions.hide ?? {}) as Record<string, unknown[]>;
	for (const key of SCOPE_KEYS) {
		if (show[key] && !show[key].includes(valueOf(key))) return false;
		if (hide[key]?.includes(valueOf(key))) return false;
	}
	return true;
}

/** Drops what this scope hides (at any depth) and the scope's own conditions. */
function scoped(value: unknown, scope: { resource: string; operation: string }): unknown {
	if (Array.isArray(value)) {
		return value.filter((v) => !(v && typeof v === 'object' && !visible((v as Json).displayOptions as Json, scope))).map((v) => scoped(v, scope));
	}
	if (!value || typeof value !== 'object') return value;
	const out: Json = {};
	for (const [key, v] of Object.entries(value as Json)) {
		if (key !== 'displayOptions') {
			out[key] = scoped(v, scope);
			continue;
		}
		const rest: Json = {};
		for (const [kind, conditions] of Object.entries(v as Json)) {
			const left = Object.fromEntries(Object.entries(conditions as Json).filter(([name]) => !SCOPE_KEYS.includes(name)));
			if (Object.keys(left).length) rest[kind] = left;
		}
		if (Object.keys(rest).length) out.displayOptions = rest;
	}
	return out;
}

/** The canvas subtitle is a lookup table: the order of its entries follows the source layout and means nothing. */
function sortedSubtitle(subtitle: unknown): unknown {
	if (typeof subtitle !== 'string') return subtitle;
	return subtitle.replace(/\(\{(.*)\}\)/, (_all, entries: string) => {
		const table = JSON.parse(`{${entries}}`) as Record<string, string>;
		const sorted = Object.keys(table).sort().map((key) => `${JSON.stringify(key)}: ${JSON.stringify(table[key])}`);
		return `({ ${sorted.join(', ')} })`;
	});
}

export function descriptionView(description: INodeTypeDescription): DescriptionView {
	const { properties, ...node } = plain(description);
	node.subtitle = sortedSubtitle(node.subtitle) as string;
	delete node.requestOperations;
	const resource = properties.find((p) => p.name === 'resource');
	if (!resource) return { node, fields: properties };
	const operations: Record<string, unknown[]> = {};
	const resources: Json = {};
	for (const r of resource.options as Array<{ value: string }>) {
		const selectors = properties.filter((p) => p.name === 'operation' && visible(p.displayOptions as Json, { resource: r.value, operation: '\u0000' }));
		if (selectors.length !== 1) throw new Error(`resource ${r.value} has ${selectors.length} Operation lists`);
		const [selector] = selectors;
		resources[r.value] = { ...selector, displayOptions: undefined };
		for (const o of selector.options as Array<{ value: string }>) {
			const scope = { resource: r.value, operation: o.value };
			operations[`${r.value}/${o.value}`] = scoped(
				properties.filter((p: INodeProperties) => p.name !== 'resource' && p.name !== 'operation' && visible(p.displayOptions as Json, scope)),
				scope,
			) as unknown[];
		}
	}
	return { node: { ...node, resource: { ...resource } }, resources: plain(resources), operations };
}
