import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { callApi } from '../../../shared/api';
import type { NarrationRequest } from '../../../shared/narration';
import { finishNarration, narrationFields, readNarration, runNarrations, synthesiseAll } from '../../../shared/narration';
import { timeLimitOption } from '../../helpers/fields';
import { downloadTtsAudio, waitForSubmitted } from '../../helpers/tasks';
import { voiceClient } from '../../transport';
import { buildTtsBody, DEFAULT_MAX_CHARACTERS } from './create';
import { speedOption, textAndSpeakers } from './fields';

/** The per-call cap is undocumented: 10,000 characters is the node's assumption (see README). */
const PIECE_LIMIT = { default: DEFAULT_MAX_CHARACTERS, max: 100_000 };
/** Tasks in flight per item, as for the node's other generating operations. */
const TASK_CONCURRENCY = 4;

export const option: INodePropertyOptions = {
	name: 'Narrate',
	value: 'narrate',
	action: 'Narrate a long text into one MP3',
	description:
		'Split one long text (article, chapter) at sentences below the per-call cap, speak the pieces and join them into one MP3 with pauses between paragraphs, chapters and optional subtitles',
};

const pieceLengthOption: INodeProperties = {
	displayName: 'Piece Length (Characters)',
	name: 'maxPieceCharacters',
	type: 'number',
	typeOptions: { minValue: 100, maxValue: PIECE_LIMIT.max },
	default: 10000,
	description: 'Most characters in one API call: the per-call cap (undocumented; 10,000 assumed). Whole sentences are packed up to it.',
};

export const description = updateDisplayOptions({ show: { resource: ['textToSpeech'], operation: ['narrate'] } }, [
	...textAndSpeakers,
	...narrationFields(pieceLengthOption, [
		speedOption,
		{ ...timeLimitOption, description: 'How long to wait for each piece before failing with its task ID' },
	]),
]);

interface NarrateItem {
	request: NarrationRequest;
	body: IDataObject;
}

function readItem(ctx: IExecuteFunctions, itemIndex: number): NarrateItem {
	// Speaker markers carry over into each piece, so every call says who speaks.
	const request = readNarration(ctx, itemIndex, 'mp3', PIECE_LIMIT, true);
	// Models, markers (all of the text's) and speed are checked once, before anything is sent.
	const body = buildTtsBody(ctx, itemIndex, { speed: request.options.speed }, Infinity);
	return { request, body };
}

/**
 * Text to Speech > Narrate: each item's long text is split below the per-call cap, spoken as one
 * task per piece (4 at a time) and joined into one MP3 (see shared/narration.ts).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runNarrations(this, (i) => readItem(this, i), async (itemIndex, { request, body }) => {
		const taskIds: string[] = [];
		const stored = await synthesiseAll(request.split.pieces.length, TASK_CONCURRENCY, async (k) => {
			const pieceBody = { ...body, text: request.split.pieces[k].text };
			const submitted = (await callApi<IDataObject>(this, voiceClient, { method: 'POST', path: '/v1/tts', body: pieceBody }, { itemIndex })).body;
			const { taskId } = await waitForSubmitted(this, itemIndex, 'tts', submitted, request.options);
			taskIds[k] = taskId;
			return await downloadTtsAudio(this, itemIndex, taskId);
		});
		return await finishNarration(this, itemIndex, request, stored, `narration-${taskIds[0]}`, { taskIds });
	});
}
