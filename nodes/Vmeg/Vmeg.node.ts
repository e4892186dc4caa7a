import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { declarativeExecutor } from '../shared/declarative';
import type { OperationExecute, ResourceModule } from '../shared/operations';
import { customOperationsOf, nodeProperties } from '../shared/operations';
import { operationSubtitle } from '../shared/canvasSubtitle';
import { resumeWebhooks } from '../shared/waitResume';
import { vmegItems } from './helpers/declarative';
import { vmegResumeWebhook } from './helpers/asyncJobs/resumeWebhook';
import { searchClonedVoices, searchVoices } from './methods/listSearch';
import { material } from './resources/material';
import { mediaTranslation } from './resources/mediaTranslation';
import { task } from './resources/task';
import { textToSpeech } from './resources/textToSpeech';
import { textTranslation } from './resources/textTranslation';
import { voice } from './resources/voice';
import { voiceClone } from './resources/voiceClone';
import { vmegClient } from './transport';

/** While resources move to one file per operation: a converted resource's Operation list and fields. */
function resourceProperties(resource: ResourceModule): INodeProperties[] {
	return nodeProperties([resource], resource.option.value).slice(1);
}

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Material', value: 'material' },
			{ name: 'Media Translation', value: 'mediaTranslation' },
			{ name: 'Task', value: 'task' },
			{ name: 'Text to Speech', value: 'textToSpeech' },
			{ name: 'Text Translation', value: 'textTranslation' },
			{ name: 'Voice', value: 'voice' },
			{ name: 'Voice Clone', value: 'voiceClone' },
		],
		default: 'textToSpeech',
	},
	...resourceProperties(textToSpeech),
	...resourceProperties(mediaTranslation),
	...resourceProperties(material),
	...resourceProperties(task),
	...resourceProperties(voice),
	...resourceProperties(textTranslation),
	...resourceProperties(voiceClone),
];

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
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		},
		// Every declarative request goes through the shared transport (retries, idempotency keys,
		// error mapping, paging) instead of n8n's plain request.
		requestOperations: { pagination: declarativeExecutor(vmegClient, vmegItems) },
		properties,
	};

	methods = { listSearch: { searchVoices, searchClonedVoices } };

	customOperations: Record<string, Record<string, OperationExecute>> = {
		...customOperationsOf([material]),
		...customOperationsOf([mediaTranslation]),
		...customOperationsOf([textToSpeech]),
		...customOperationsOf([task]),
		...customOperationsOf([textTranslation]),
		...customOperationsOf([voiceClone]),
	};

	webhook = vmegResumeWebhook;
}
