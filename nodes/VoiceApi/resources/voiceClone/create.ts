import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestTimeoutOption } from '../../../shared/api';
import type { InputBinary } from '../../../shared/binary';
import { inputError } from '../../../shared/errors';
import { mapCheckedItems } from '../../../shared/items';
import type { MultipartPart } from '../../../shared/multipart';
import { readFileHead, readMultipartFile, wavDurationSeconds } from '../../../shared/multipart';
import { inputBinaryField, optionsCollection } from '../../../shared/properties';
import { InputValidator } from '../../../shared/validation';
import { audioFieldName, audioFieldNameOption, timeLimitOption, waitField } from '../../helpers/fields';
import { postAudio } from '../../helpers/audioUpload';
import { waitForSubmitted } from '../../helpers/tasks';

const MIN_REFERENCE_SECONDS = 10;
const MAX_REFERENCE_SECONDS = 90;
/** Enough of a WAV file to find its fmt and data chunks (headers with extra chunks included). */
const WAV_HEADER_BYTES = 64 * 1024;

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Clone a voice from an audio file',
	description:
		'Train a private voice model from 10–90 s of clear speech in an input binary field. By default waits and returns the new model_id, usable in Text to Speech.',
};

const properties: INodeProperties[] = [
	inputBinaryField('The input binary field with 10–90 s of reference speech (WAV clips are checked before upload)'),
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Company Narrator',
		description: 'Name of the new voice model (shown in Model > List)',
	},
	waitField('Whether to wait until the model is trained and return its model_id; off: return the task ID at once'),
	optionsCollection([
		requestTimeoutOption,
		audioFieldNameOption(),
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			description: 'Description of the voice model',
		},
		{
			displayName: 'Language',
			name: 'language',
			type: 'string',
			default: '',
			placeholder: 'e.g. en',
			description: 'Language code of the reference speech',
		},
		timeLimitOption,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['voiceClone'], operation: ['create'] } }, properties);

/** Rejects WAV clips outside 10–90 s before anything is uploaded (other formats: the API checks). */
async function checkReferenceDuration(ctx: IExecuteFunctions, itemIndex: number, file: InputBinary): Promise<void> {
	const seconds = wavDurationSeconds(await readFileHead(file, WAV_HEADER_BYTES), file.size);
	if (seconds === undefined) return;
	if (seconds < MIN_REFERENCE_SECONDS || seconds > MAX_REFERENCE_SECONDS) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			`The reference audio is ${seconds.toFixed(1)} s long; voice cloning needs ${MIN_REFERENCE_SECONDS} to ${MAX_REFERENCE_SECONDS} s`,
			seconds < MIN_REFERENCE_SECONDS ? 'Use a longer clip of clear speech (at least 10 seconds).' : 'Trim the clip to at most 90 seconds.',
		);
	}
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Every item (title, file, clip length from the WAV header) is checked before the first (paid) upload.
	const read = async (i: number) => {
		const field = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
		const title = new InputValidator(this.getNode(), i).text(this.getNodeParameter('title', i), 'Title').trim();
		const file = await readMultipartFile(this, i, field);
		await checkReferenceDuration(this, i, file);
		return { file, title };
	};
	return [
		await mapCheckedItems(this, read, async (i, { file, title }) => {
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const wait = this.getNodeParameter('waitForCompletion', i, true) as boolean;
			const fieldName = audioFieldName(options);
			const parts: MultipartPart[] = [{ name: fieldName, file }];
			const fields: IDataObject = { title, description: options.description, language: options.language };
			for (const [key, value] of Object.entries(fields)) {
				if (typeof value === 'string' && value.trim() !== '') parts.push({ name: key, value: value.trim() });
			}
			const submitted = await postAudio(this, '/v1/clone', parts, fieldName, i);
			if (!wait) return { json: submitted };
			return { json: await finishedClone(this, i, submitted, options, title) };
		}),
	];
}

/** The finished clone task, with its model_id (and the title it was created with). */
export async function finishedClone(ctx: IExecuteFunctions, itemIndex: number, submitted: IDataObject, options: IDataObject, title?: string): Promise<IDataObject> {
	const { task } = await waitForSubmitted(ctx, itemIndex, 'clone', submitted, options);
	const modelId = (task.result as IDataObject | null)?.model_id;
	return { ...task, model_id: modelId ?? null, ...(title ? { title } : {}) };
}
