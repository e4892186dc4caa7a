import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestTimeoutOption } from '../../../shared/api';
import { inputError } from '../../../shared/errors';
import { mapCheckedItems } from '../../../shared/items';
import type { MultipartPart } from '../../../shared/multipart';
import { readMultipartFile } from '../../../shared/multipart';
import { inputBinaryField, optionsCollection } from '../../../shared/properties';
import { SUBTITLE_FORMAT_OPTIONS, subtitleBinary, subtitleFormatOf, timedTextsFrom } from '../../../shared/subtitles';
import { postAudio } from '../../helpers/audioUpload';
import { audioFieldName, audioFieldNameOption, timeLimitOption, waitField } from '../../helpers/fields';
import { sttResult, waitForSubmitted } from '../../helpers/tasks';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Transcribe an audio file',
	description:
		'Transcribe an audio file (mp3, wav, m4a…) from an input binary field. By default waits and returns the transcript with timestamped segments and speaker labels.',
};

const properties: INodeProperties[] = [
	inputBinaryField('The name of the input binary field holding the audio (mp3, wav, m4a…; streamed, any size)'),
	waitField('Whether to wait for the transcript and return it; off: return the task ID at once'),
	optionsCollection([
		requestTimeoutOption,
		audioFieldNameOption(),
		{
			// Three states, so what the panel shows is what is sent: nothing, true or false.
			displayName: 'Identify Speakers',
			name: 'diarize',
			type: 'options',
			default: 'apiDefault',
			description: 'Whether to label segments by speaker (diarization)',
			options: [
				{ name: 'API Default (Not Sent)', value: 'apiDefault', description: 'Send no diarize field; the API decides' },
				{ name: 'Yes', value: 'true', description: 'Send diarize=true' },
				{ name: 'No', value: 'false', description: 'Send diarize=false' },
			],
		},
		{
			displayName: 'Language',
			name: 'language',
			type: 'string',
			default: '',
			placeholder: 'e.g. en',
			description: 'Spoken language code; detected when empty',
		},
		{
			displayName: 'Subtitle Speaker Labels',
			name: 'subtitleSpeakers',
			type: 'boolean',
			default: false,
			description: 'Whether each subtitle cue names its speaker (e.g. "SPEAKER_0: …")',
		},
		{
			displayName: 'Subtitles',
			name: 'subtitles',
			type: 'options',
			default: 'none',
			description: 'Whether to add the segments as a subtitle file, binary "data_subtitles" (needs Transcript Format: Segments)',
			options: SUBTITLE_FORMAT_OPTIONS,
		},
		timeLimitOption,
		{
			displayName: 'Transcript Format',
			name: 'transcriptFormat',
			type: 'options',
			default: 'segments',
			description: 'What Wait for Completion returns',
			options: [
				{ name: 'Segments With Speakers', value: 'segments', description: 'Text, language, duration and segments (start, end, speaker, text)' },
				{ name: 'Plain Text', value: 'plainText', description: 'Only the merged transcript' },
			],
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['speechToText'], operation: ['create'] } }, properties);

function sttParts(options: IDataObject): MultipartPart[] {
	const parts: MultipartPart[] = [];
	if (typeof options.language === 'string' && options.language.trim() !== '') parts.push({ name: 'language', value: options.language.trim() });
	// 'true' / 'false' from the options list; a boolean from an expression or an older workflow.
	const diarize = typeof options.diarize === 'boolean' ? String(options.diarize) : options.diarize;
	if (diarize === 'true' || diarize === 'false') parts.push({ name: 'diarize', value: diarize });
	return parts;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Every item (its file, its subtitle settings) is checked before the first (paid) upload.
	const read = async (i: number) => {
		const field = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const wait = this.getNodeParameter('waitForCompletion', i, true) as boolean;
		const subtitles = subtitleFormatOf(options.subtitles);
		if (subtitles && (options.transcriptFormat === 'plainText' || !wait)) {
			throw inputError(
				this.getNode(),
				i,
				'Subtitles need the timed segments of the transcript',
				'Turn on Wait for Completion and set Transcript Format to "Segments With Speakers", or set Subtitles to None.',
			);
		}
		return { file: await readMultipartFile(this, i, field), options, wait, subtitles };
	};
	return [
		await mapCheckedItems(this, read, async (i, { file, options, wait, subtitles }) => {
			const fieldName = audioFieldName(options);
			const parts = [{ name: fieldName, file }, ...sttParts(options)];
			const submitted = await postAudio(this, '/v1/stt', parts, fieldName, i);
			if (!wait) return { json: submitted };
			const { taskId } = await waitForSubmitted(this, i, 'stt', submitted, options);
			const transcript = await sttResult(this, i, taskId, options.transcriptFormat === 'plainText');
			if (!subtitles) return { json: transcript };
			const timed = timedTextsFrom(transcript.segments, { speakers: options.subtitleSpeakers === true });
			const baseName = file.fileName.replace(/\.[^.]+$/, '') || taskId;
			return { json: transcript, binary: { data_subtitles: await subtitleBinary(this, timed, subtitles, baseName) } };
		}),
	];
}
