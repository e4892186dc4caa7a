import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * Canvas subtitles that read like n8n's own nodes ("Generate: Text to Speech"), built from the
 * node's own Resource and Operation options so a renamed or added operation cannot drift from it.
 * The editor evaluates `subtitle` as an expression with `$parameter`; it has no access to option
 * labels, so the label map travels inside the expression.
 */

function optionList(property: INodeProperties | undefined): INodePropertyOptions[] {
	return ((property?.options ?? []) as INodePropertyOptions[]).filter((o) => o.value !== undefined && typeof o.name === 'string');
}

/** A JS object literal of string keys and labels, safe inside an n8n expression (no `{{`/`}}`). */
function labelMap(labels: Record<string, string>): string {
	return `({ ${Object.entries(labels)
		.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
		.join(', ')} })`;
}

/** The label of each `resource:operation` pair: "Operation: Resource", or just "Operation" when the node has one resource. */
export function operationLabels(properties: INodeProperties[]): Record<string, string> {
	const resources = optionList(properties.find((p) => p.name === 'resource' && p.type === 'options'));
	const resourceName = new Map(resources.map((r) => [String(r.value), r.name]));
	const labels: Record<string, string> = {};
	for (const p of properties) {
		if (p.name !== 'operation' || p.type !== 'options') continue;
		for (const resource of (p.displayOptions?.show?.resource ?? []) as string[]) {
			for (const o of optionList(p)) {
				labels[`${resource}:${String(o.value)}`] = resources.length > 1 ? `${o.name}: ${resourceName.get(resource) ?? resource}` : o.name;
			}
		}
	}
	return labels;
}

/** `subtitle` for a resource/operation node. Falls back to the raw operation for anything unmapped. */
export function operationSubtitle(properties: INodeProperties[]): string {
	return `={{ ${labelMap(operationLabels(properties))}[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] }}`;
}

/**
 * `subtitle` naming the chosen values of a multi-options parameter ("Text to Speech, Voice Clone");
 * `allLabel` when none or every option is chosen.
 */
export function multiOptionsSubtitle(property: INodeProperties, prefix: string, allLabel: string): string {
	const options = optionList(property);
	const labels = Object.fromEntries(options.map((o) => [String(o.value), o.name]));
	const chosen = `($parameter[${JSON.stringify(property.name)}] || [])`;
	return (
		`={{ ${JSON.stringify(prefix)} + (${chosen}.length === 0 || ${chosen}.length >= ${options.length} ? ${JSON.stringify(allLabel)} : ` +
		`${chosen}.map((v) => ${labelMap(labels)}[v] || v).join(", ")) }}`
	);
}
