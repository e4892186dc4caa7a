import type { INodeProperties } from 'n8n-workflow';

import { taskIdField } from '../../helpers/fields';
import * as create from './create';
import * as downloadAudio from './downloadAudio';
import * as narrate from './narrate';

export { create, downloadAudio, narrate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['textToSpeech'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Convert text to speech',
				description:
					'Synthesise text to MP3 with one model, or several speakers marked &lt;|speaker:N|&gt; (N = position of the model, from 0); [emotion] cues like [excited] are allowed. By default waits and returns the MP3 file.',
			},
			{
				name: 'Download Audio',
				value: 'downloadAudio',
				action: 'Download the audio of a text to speech task',
				description: 'Download the MP3 of a succeeded text-to-speech task as a file',
			},
			{
				name: 'Narrate',
				value: 'narrate',
				action: 'Narrate a long text into one MP3',
				description:
					'Split one long text (article, chapter) at sentences below the per-call cap, speak the pieces and join them into one MP3 with pauses between paragraphs, chapters and optional subtitles',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a text to speech task',
				description: 'Get the status (queued, running, succeeded, failed) and progress of a text-to-speech task',
				routing: {
					request: { method: 'GET', url: '=/v1/tts/{{encodeURIComponent(String($parameter.taskId).trim())}}' },
					send: { paginate: true },
				},
			},
		],
	},
	...create.description,
	taskIdField('textToSpeech', ['getStatus', 'downloadAudio'], 'The task_id returned by Text to Speech > Create'),
	...downloadAudio.description,
	...narrate.description,
];
