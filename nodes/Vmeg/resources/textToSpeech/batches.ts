import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { asNodeError } from '../../../shared/errors';
import { chunk } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import type { ItemOutcome } from '../../helpers/asyncJobs';
import { isLocaleCode } from '../../languages';

/** VMEG takes at most 50 lines per TTS request. */
export const TTS_BATCH_SIZE = 50;

export interface Line {
	itemIndex: number;
	line: IDataObject;
	/** Request-level settings; only lines that agree on them share a request. */
	batchKey: string;
	batch: IDataObject;
	voiceKind: 'system' | 'clone' | 'reference';
}

/** Reads and checks one item's line; throws a NodeOperationError naming the item and the fix. */
function readLine(ctx: IExecuteFunctions, itemIndex: number): Line {
	const check = new InputValidator(ctx.getNode(), itemIndex);
	const line: IDataObject = { text: check.text(ctx.getNodeParameter('text', itemIndex), 'Text', { max: 5_000 }) };
	let voiceKind: Line['voiceKind'] = 'reference';
	if (ctx.getNodeParameter('voiceSource', itemIndex) === 'timbreRefAudio') {
		line.timbreRefAudio = check.httpsUrl(ctx.getNodeParameter('timbreRefAudio', itemIndex), 'Reference Audio URL');
	} else {
		const voiceId = check.text(ctx.getNodeParameter('voiceId', itemIndex, '', { extractValue: true }), 'Voice');
		line.voiceId = voiceId;
		voiceKind = voiceId.startsWith('cv_') ? 'clone' : 'system';
	}
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options.emoPrompt) line.emoPrompt = String(options.emoPrompt);
	if (options.emoRefAudio) line.emoRefAudio = check.httpsUrl(options.emoRefAudio, 'Emotion Reference Audio URL');
	if (options.emoWeight !== undefined) line.emoWeight = check.numberInRange(options.emoWeight, 'Emotion Weight', 0, 1);
	if (options.duration !== undefined) line.duration = check.numberInRange(options.duration, 'Target Duration', 0.1, 3_600);
	const target = String(ctx.getNodeParameter('targetLanguage', itemIndex));
	if (!isLocaleCode(target)) check.fail(`Target Language "${target}" is not a locale code`, 'Pick a language from the list, or use a code such as en-US.');
	const batch: IDataObject = {
		language: { target },
		outputFormat: check.oneOf(ctx.getNodeParameter('outputFormat', itemIndex), 'Output Format', ['wav', 'mp3', 'm4a'] as const),
		trim: options.trim === true,
	};
	if (options.provider) batch.provider = options.provider;
	return { itemIndex, line, batch, batchKey: JSON.stringify(batch), voiceKind };
}

/**
 * Groups valid lines into requests of at most 50 that share settings and voice kind, keeping
 * input order inside each request. VMEG rejects system and cloned voices in one request, so a
 * line whose voice kind differs from the batch it would join is an input error.
 */
export function planBatches(ctx: IExecuteFunctions): { batches: Line[][]; failures: ItemOutcome[] } {
	const failures: ItemOutcome[] = [];
	const groups = new Map<string, Line[]>();
	const firstKind = new Map<string, Line['voiceKind']>();
	for (let i = 0; i < ctx.getInputData().length; i++) {
		try {
			const line = readLine(ctx, i);
			const kind = line.voiceKind === 'reference' ? undefined : line.voiceKind;
			const seen = firstKind.get(line.batchKey);
			if (kind && seen && seen !== kind) {
				new InputValidator(ctx.getNode(), i).fail(
					`Item ${i} uses a ${kind === 'clone' ? 'cloned' : 'system'} voice, but earlier items with the same settings use ${seen === 'clone' ? 'cloned' : 'system'} voices`,
					'VMEG cannot mix system (sv_…) and cloned (cv_…) voices in one request: give these items a different Output Format/Language, or run them in a separate node.',
				);
			}
			if (kind && !seen) firstKind.set(line.batchKey, kind);
			groups.set(line.batchKey, [...(groups.get(line.batchKey) ?? []), line]);
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error);
			failures.push({ itemIndex: i, error: error as Error });
		}
	}
	const batches = [...groups.values()].flatMap((lines) => chunk(lines, TTS_BATCH_SIZE));
	return { batches, failures };
}

export function requestBody(batch: Line[]): IDataObject {
	return { data: batch.map((l) => l.line), ...batch[0].batch };
}
