import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationSubtitle } from '../shared/canvasSubtitle';
import { declarativeDefaults } from '../shared/declarative';
import { customOperationsOf, nodeProperties } from '../shared/operations';
import { resumeWebhooks } from '../shared/waitResume';
import { vmegResumeWebhook } from './helpers/asyncJobs/resumeWebhook';
import { searchClonedVoices, searchVoices } from './methods/listSearch';
import { resources } from './resources';

const properties = nodeProperties(resources, 'textToSpeech');

export class Vmeg implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VMEG',
		name: 'vmeg',
		icon: { light: 'file:vmeg.svg', dark: 'file:vmeg.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Text to speech, voice cloning, text and video/audio translation with VMEG',
		defaults: { name: 'VMEG' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vmegApi', required: true }],
		// Resume on Webhook: the VMEG Trigger forwards callbacks to this node's restart webhook.
		webhooks: resumeWebhooks,
		// Declarative operations (their option's routing, from vmegApi) send through the shared transport.
		requestDefaults: declarativeDefaults({ Accept: 'application/json', 'Content-Type': 'application/json' }),
		properties,
	};

	methods = { listSearch: { searchVoices, searchClonedVoices } };

	customOperations = customOperationsOf(resources);

	webhook = vmegResumeWebhook;
}
