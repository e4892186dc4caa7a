import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { downloadAsBinary } from '../../../shared/binary';
import { chunk } from '../../../shared/items';
import type { NarrationRequest } from '../../../shared/narration';
import { finishNarration, narrationFields, readNarration, runNarrations, synthesiseAll } from '../../../shared/narration';
import { mapBounded } from '../../../shared/concurrency';
import { BATCHES_IN_FLIGHT, LINE_BATCH_SIZE } from '../../helpers/lineBatches';
import { vmegRequest } from '../../transport';
import type { Line } from './batches';
import { MAX_LINE_CHARACTERS, readLine, requestBody } from './batches';
import { narrationOptionsField, speechFields } from './fields';

const PIECE_LIMIT = { default: 2_000, max: MAX_LINE_CHARACTERS };
/** Piece downloads in flight per item (each holds at most one piece's bytes). */
const DOWNLOAD_CONCURRENCY = 4;

export const option: INodePropertyOptions = {
	name: 'Narrate',
	value: 'narrate',
	action: 'Narrate a long text into one audio file',
	description: 'Split one long text (article, chapter) at sentences, speak it 50 lines per request and join it into one WAV or MP3, with chapters and optional subtitles',
};

const properties: INodeProperties[] = [
	...speechFields,
	narrationOptionsField,
	...narrationFields(
		{
			displayName: 'Piece Length (Characters)',
			name: 'maxPieceCharacters',
			type: 'number',
			typeOptions: { minValue: 100, maxValue: PIECE_LIMIT.max },
			default: 2000,
			description: 'Most characters in one TTS line (VMEG documents no limit; the node caps lines at 5,000); whole sentences are packed up to it',
		},
	),
];

export const description = updateDisplayOptions({ show: { resource: ['textToSpeech'], operation: ['narrate'] } }, properties);

interface NarrateItem {
	request: NarrationRequest;
	lines: Line[];
}

function readItem(ctx: IExecuteFunctions, itemIndex: number): NarrateItem {
	const request = readNarration(ctx, itemIndex, ctx.getNodeParameter('outputFormat', itemIndex), PIECE_LIMIT);
	// The voice and settings are checked once, as for a Generate line; each piece is one line.
	const template = readLine(ctx, itemIndex, request.split.pieces[0].text);
	delete template.line.duration; // a target duration is per line, not for a narration
	const lines = request.split.pieces.map((p) => ({ ...template, line: { ...template.line, text: p.text } }));
	return { request, lines };
}

/**
 * Text to Speech > Narrate: each item's long text is split into lines, spoken 50 lines per
 * synchronous request, and joined into one audio file (see shared/narration.ts).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runNarrations(this, (i) => readItem(this, i), async (itemIndex, { request, lines }) => {
		// Identical batches (a repeated passage) are spoken once: same content, same audio.
		const answered = new Map<string, Promise<IDataObject>>();
		const speak = async (body: IDataObject): Promise<IDataObject> => {
			const key = JSON.stringify(body);
			let pending = answered.get(key);
			if (!pending) {
				pending = vmegRequest<IDataObject>(
					this,
					{ method: 'POST', path: '/openapi/v1/task/tts/create', body, timeout: 600_000 },
					{ itemIndex, itemIndexes: [itemIndex] },
				);
				answered.set(key, pending);
			}
			return await pending;
		};
		const batches = chunk(lines, LINE_BATCH_SIZE);
		// Batches go BATCHES_IN_FLIGHT at a time, as TTS Generate's do; results keep text order.
		const answers = await mapBounded(batches, BATCHES_IN_FLIGHT, async (batch) => await speak(requestBody(batch)));
		const uris: string[] = [];
		const taskIds = [...new Set(answers.map((a) => String(a.taskId)))];
		batches.forEach((batch, b) => {
			const result = answers[b];
			const results = (result.results as IDataObject[] | undefined) ?? [];
			for (const position of batch.keys()) {
				const r = results[position];
				const piece = uris.length + 1;
				if (!r || typeof r.uri !== 'string' || r.errorMessage) {
					throw new NodeOperationError(this.getNode(), `VMEG could not speak piece ${piece} of item ${itemIndex}: ${String(r?.errorMessage ?? 'no audio returned')}`, {
						itemIndex,
						description: `Task ${String(result.taskId)}. Check the text of this piece (paragraph ${request.split.pieces[piece - 1].paragraph + 1}) and the voice.`,
					});
				}
				uris.push(r.uri);
			}
		});
		const stored = await synthesiseAll(uris.length, DOWNLOAD_CONCURRENCY, async (k) => await downloadAsBinary(this, uris[k], { fileName: `piece-${k + 1}.${request.format}` }));
		return await finishNarration(this, itemIndex, request, stored, `narration-${taskIds[0]}`, { taskIds });
	});
}
