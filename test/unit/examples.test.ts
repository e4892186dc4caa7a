import type { INodeProperties, INodeType } from 'n8n-workflow';

import { packageNodes } from '../support/packageTypes';
import { loadExamples, runCodeNode } from './support/examples';

/**
 * The workflows in examples/ are what users import: every parameter they set on this package's
 * nodes must be one the node shows for that resource/operation, with a value it offers.
 */
const NODE_TYPES: Record<string, INodeType> = Object.fromEntries(packageNodes().map(({ type, node }) => [type, node]));

type Parameters = Record<string, unknown>;

const examples = loadExamples().map(({ file, workflow }) => [file, workflow] as const);

/** Whether n8n would show the property, given the node's parameters (plain-value conditions). */
function isShown(property: INodeProperties, parameters: Parameters, defaults: Parameters): boolean {
	const show = property.displayOptions?.show ?? {};
	const hide = property.displayOptions?.hide ?? {};
	const value = (name: string) => (name in parameters ? parameters[name] : defaults[name]);
	const matches = (name: string, allowed: unknown) => (allowed as unknown[]).includes(value(name));
	return (
		Object.entries(show).every(([name, allowed]) => matches(name, allowed)) &&
		!Object.entries(hide).some(([name, allowed]) => matches(name, allowed))
	);
}

describe.each(examples)('example %s', (_file, workflow) => {
	const ours = workflow.nodes.filter((n) => n.type in NODE_TYPES);

	test('uses at least one node of this package, and connects only nodes it has', () => {
		expect(ours.length).toBeGreaterThan(0);
		const names = new Set(workflow.nodes.map((n) => n.name));
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const target of outputs.main.flat()) expect(names.has(target.node)).toBe(true);
		}
	});

	test.each(ours.map((n) => [n.name, n] as const))('node "%s" sets only parameters the node offers', (_name, node) => {
		const description = NODE_TYPES[node.type].description;
		const defaults = Object.fromEntries(description.properties.map((p) => [p.name, p.default])) as Parameters;
		const shown = description.properties.filter((p) => isShown(p, node.parameters, defaults));
		for (const [key, value] of Object.entries(node.parameters)) {
			const property = shown.find((p) => p.name === key);
			expect({ key, offered: Boolean(property) }).toEqual({ key, offered: true });
			const isExpression = typeof value === 'string' && value.startsWith('=');
			if (property?.type === 'options' && !isExpression) {
				expect((property.options ?? []).map((o) => (o as { value: unknown }).value)).toContain(value);
			}
			if (property?.type === 'collection' && value && typeof value === 'object') {
				const optionNames = (property.options ?? []).map((o) => (o as { name: string }).name);
				for (const inner of Object.keys(value)) expect(optionNames).toContain(inner);
			}
		}
		const credentialNames = (description.credentials ?? []).map((c) => c.name);
		for (const type of Object.keys(node.credentials ?? {})) expect(credentialNames).toContain(type);
	});
});

describe('example rss-to-podcast.json', () => {
	const workflow = examples.find(([file]) => file === 'rss-to-podcast.json')![1];
	const node = (name: string) => workflow.nodes.find((n) => n.name === name)!;

	test('its Code node turns a feed item into narration text: title, then one paragraph per <p>, no HTML', () => {
		const code = String(node('Post to Text').parameters.jsCode);
		const item = {
			title: 'Why Tides Happen',
			link: 'https://example.com/tides',
			'content:encoded': '<p>The moon pulls &amp; the sea <b>follows</b>.</p><p>Twice a day.<br><br>Every day.</p>',
		};
		const [{ json }] = runCodeNode(code, [{ json: item }]);
		expect(json.slug).toBe('why-tides-happen');
		expect(json.text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim())).toEqual(['Why Tides Happen.', 'The moon pulls & the sea follows.', 'Twice a day.', 'Every day.']);
	});

	test('Narrate makes MP3 + SRT, and the two writers save exactly those fields', () => {
		const narrate = node('Narrate').parameters;
		expect(narrate).toMatchObject({ resource: 'textToSpeech', operation: 'narrate', outputFormat: 'mp3', subtitles: 'srt' });
		const field = String(narrate.outputBinaryField ?? 'data');
		expect(node('Write MP3').parameters).toMatchObject({ operation: 'write', dataPropertyName: field, fileName: expect.stringMatching(/\.mp3$/) });
		expect(node('Write SRT').parameters).toMatchObject({ operation: 'write', dataPropertyName: `${field}_subtitles`, fileName: expect.stringMatching(/\.srt$/) });
	});
});
