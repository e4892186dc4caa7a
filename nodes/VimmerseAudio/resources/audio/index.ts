import type { INodeProperties } from 'n8n-workflow';

import * as estimateCredits from './estimateCredits';
import * as get from './get';
import * as music from './music';
import * as soundEffect from './soundEffect';
import * as textToSpeech from './textToSpeech';
import * as upload from './upload';

export { estimateCredits, get, music, soundEffect, textToSpeech, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['audio'] } },
		default: 'textToSpeech',
		options: [
			{
				name: 'Estimate Credits',
				value: 'estimateCredits',
				action: 'Estimate the credit cost of an audio generation',
				description: 'Price a generation (app, engine, quantity, prompt, duration) without creating anything; free',
				routing: { request: { method: 'POST', url: '/v2/audio/estimate-credits' }, send: { paginate: true } },
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an audio asset',
				description: 'Fetch an asset (status, result URLs, credits) by its ID',
				routing: {
					request: { method: 'GET', url: '=/asset/{{encodeURIComponent(String($parameter.assetId).trim())}}' },
					send: { paginate: true },
				},
			},
			{
				name: 'Music',
				value: 'music',
				action: 'Generate music from a prompt',
				description: 'Generate a ~30 s music track (WAV) from a text description and return it as a file',
			},
			{
				name: 'Sound Effect',
				value: 'soundEffect',
				action: 'Generate a sound effect from a prompt',
				description: 'Generate a 1–30 s sound effect (MP3) from a text description and return it as a file',
			},
			{
				name: 'Text to Speech',
				value: 'textToSpeech',
				action: 'Convert text to speech',
				description: 'Speak a text (max 5,000 characters) with a chosen voice and return the audio as a file',
			},
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload an audio file',
				description: 'Upload an audio file from an input binary field to Vimmerse; returns the new asset',
			},
		],
	},
	...upload.description,
	...textToSpeech.description,
	...soundEffect.description,
	...music.description,
	...get.description,
	...estimateCredits.description,
];
