import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationSubtitle } from '../shared/canvasSubtitle';
import { declarativeDefaults } from '../shared/declarative';
import { customOperationsOf, nodeProperties } from '../shared/operations';
import { searchVoices } from './methods/listSearch';
import { resources } from './resources';

const properties = nodeProperties(resources, 'audio');

export class VimmerseAudio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vimmerse Audio',
		name: 'vimmerseAudio',
		icon: { light: 'file:vimmerse.svg', dark: 'file:vimmerse.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Generate speech, sound effects and music with Vimmerse (returned as audio files), upload audio, get assets and estimate credits',
		defaults: { name: 'Vimmerse Audio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vimmerseApi', required: true }],
		requestDefaults: declarativeDefaults({ Accept: 'application/json' }),
		properties,
	};

	methods = { listSearch: { searchVoices } };

	customOperations = customOperationsOf(resources);
}
