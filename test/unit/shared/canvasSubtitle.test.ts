/**
 * Canvas subtitles, evaluated by n8n-workflow's own expression engine (as the editor does), for
 * every resource/operation pair of every node.
 */
import { Workflow, type INode, type INodeParameters, type INodePropertyOptions, type INodeType, type INodeTypes } from 'n8n-workflow';

import { packageNodes } from '../../support/packageTypes';

/** Every node package.json registers, by its short name (`vmeg`). */
const types: Record<string, INodeType> = Object.fromEntries(packageNodes().map(({ node }) => [node.description.name, node]));
/** The nodes with a Resource list. */
const resourceNodes = Object.keys(types).filter((type) => types[type].description.properties.some((p) => p.name === 'resource'));
const nodeTypes = {
	getByName: (name: string) => types[name],
	getByNameAndVersion: (name: string) => types[name],
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

function subtitle(type: string, parameters: INodeParameters): string {
	const node: INode = { id: '1', name: 'N', type, typeVersion: 1, position: [0, 0], parameters };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return String(workflow.expression.getSimpleParameterValue(node, types[type].description.subtitle as string, 'internal', {}));
}

/** Every resource/operation pair a node offers, from its own description. */
function pairs(type: string): Array<[string, string, string]> {
	const props = types[type].description.properties;
	const out: Array<[string, string, string]> = [];
	for (const p of props.filter((x) => x.name === 'operation')) {
		for (const r of (p.displayOptions?.show?.resource ?? []) as string[]) {
			for (const o of p.options as INodePropertyOptions[]) out.push([r, String(o.value), o.name]);
		}
	}
	return out;
}

describe('readable canvas subtitles', () => {
	test('VMEG: "Generate: Text to Speech", not "generate: textToSpeech"', () => {
		expect(subtitle('vmeg', { resource: 'textToSpeech', operation: 'generate' })).toBe('Generate: Text to Speech');
		expect(subtitle('vmeg', { resource: 'mediaTranslation', operation: 'create' })).toBe('Create: Media Translation');
		expect(subtitle('vmeg', { resource: 'task', operation: 'waitForCompletion' })).toBe('Wait for Completion: Task');
		expect(subtitle('vmeg', { resource: 'voice', operation: 'renameClone' })).toBe('Rename Clone: Voice');
	});

	test.each(resourceNodes)('%s: every operation reads as words (no camelCase value leaks)', (type) => {
		const all = pairs(type);
		expect(all.length).toBeGreaterThan(3);
		for (const [resource, operation, name] of all) {
			const text = subtitle(type, { resource, operation });
			expect(text.startsWith(name)).toBe(true);
			expect(text).not.toMatch(/[a-z][A-Z]/);
		}
	});

	test('Voice API and Vimmerse Audio', () => {
		expect(subtitle('voiceApi', { resource: 'speechToText', operation: 'getResult' })).toBe('Get Result: Speech to Text');
		// One resource only: the operation alone says it all.
		expect(subtitle('vimmerseAudio', { resource: 'audio', operation: 'soundEffect' })).toBe('Sound Effect');
	});

	test('VMEG Trigger names its events', () => {
		expect(subtitle('vmegTrigger', { events: ['openapi-tts', 'openapi-clone-voice'] })).toBe('Events: Text to Speech, Voice Clone');
		expect(subtitle('vmegTrigger', { events: ['openapi-media-translation', 'openapi-tts', 'openapi-translate', 'openapi-clone-voice'] })).toBe('Events: All');
		expect(subtitle('vmegTrigger', { events: [] })).toBe('Events: All');
	});
});
