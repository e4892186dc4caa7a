import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { InputValidator } from '../../../shared/validation';
import type { BatchLine, LinePlan } from '../../helpers/lineBatches';
import { planLineBatches } from '../../helpers/lineBatches';
import { voiceProviders } from '../../helpers/voiceProviders';
import { checkLocale } from '../../languages';

export interface Line extends BatchLine {
	line: IDataObject;
	/** Request-level settings; only lines that agree on them (and on voice tier) share a request. */
	batch: IDataObject;
	voiceKind: 'system' | 'clone' | 'reference';
}

/** Most characters in one TTS line (the node's cap; VMEG documents none). */
export const MAX_LINE_CHARACTERS = 5_000;

/**
 * Reads and checks one item's line; throws a NodeOperationError naming the item and the fix.
 * Narrate passes `text` (one piece of its long text) and reuses the voice and settings checks.
 */
export function readLine(ctx: IExecuteFunctions, itemIndex: number, text?: string): Line {
	const check = new InputValidator(ctx.getNode(), itemIndex);
	const line: IDataObject = { text: text ?? check.text(ctx.getNodeParameter('text', itemIndex), 'Text', { max: MAX_LINE_CHARACTERS }) };
	let voiceKind: Line['voiceKind'] = 'reference';
	if (ctx.getNodeParameter('voiceSource', itemIndex) === 'timbreRefAudio') {
		line.timbreRefAudio = check.httpsUrl(ctx.getNodeParameter('timbreRefAudio', itemIndex), 'Reference Audio URL');
	} else {
		const voiceId = check.text(ctx.getNodeParameter('voiceId', itemIndex, '', { extractValue: true }), 'Voice').trim();
		line.voiceId = voiceId;
		voiceKind = voiceId.startsWith('cv_') ? 'clone' : 'system';
	}
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options.emoPrompt) line.emoPrompt = check.optionalText(options.emoPrompt, 'Emotion Prompt');
	if (options.emoRefAudio) line.emoRefAudio = check.httpsUrl(options.emoRefAudio, 'Emotion Reference Audio URL');
	if (options.emoWeight !== undefined) line.emoWeight = check.numberInRange(options.emoWeight, 'Emotion Weight', 0, 1);
	if (options.duration !== undefined) line.duration = check.numberInRange(options.duration, 'Target Duration', 0.1, 3_600);
	const target = checkLocale(check, ctx.getNodeParameter('targetLanguage', itemIndex), 'Target Language', 'target');
	const batch: IDataObject = {
		language: { target },
		outputFormat: check.oneOf(ctx.getNodeParameter('outputFormat', itemIndex), 'Output Format', ['wav', 'mp3', 'm4a'] as const),
		trim: options.trim === true,
	};
	if (options.provider) batch.provider = options.provider;
	// VMEG refuses system (sv_) voices together with cloned (cv_) voices or reference audio in one
	// request. Rather than failing such items, the voice kind is part of the key, so each kind
	// simply goes to its own request (legal for VMEG, and what the user meant).
	return { itemIndex, line, batch, batchKey: `${JSON.stringify(batch)}|${voiceKind}`, voiceKind };
}

/**
 * Packs the items into TTS requests of at most 50 lines that share settings, voice kind and
 * voice provider tier, keeping input order inside each request.
 */
export async function planBatches(ctx: IExecuteFunctions): Promise<LinePlan<Line>> {
	return await planLineBatches(ctx, {
		readLine: (itemIndex) => readLine(ctx, itemIndex),
		refine: async (lines) => await splitByVoiceTier(ctx, lines),
	});
}

export function requestBody(batch: Line[]): IDataObject {
	return { data: batch.map((l) => l.line), ...batch[0].batch };
}

/**
 * VMEG also rejects (400) a request whose voices resolve to different provider tiers (e.g. system
 * voices of tiers S1 and S3). Where a group holds more than one distinct voice, look up each
 * voice's provider once and add it to the batch key, so every request holds one tier. A voice
 * that does not exist fails its items here, before any paid request. A lone request with a single
 * voice needs no lookup: one voice is one tier (and VMEG itself rejects an unknown one, for free).
 */
async function splitByVoiceTier(ctx: IExecuteFunctions, lines: Line[]): Promise<Array<Line | Error>> {
	const voicesByGroup = new Map<string, Set<string>>();
	for (const l of lines) {
		if (typeof l.line.voiceId !== 'string') continue;
		voicesByGroup.set(l.batchKey, (voicesByGroup.get(l.batchKey) ?? new Set()).add(l.line.voiceId));
	}
	// With several requests (e.g. system voices and a clone), an unknown voice in a later one
	// would fail only after the first was paid: then every voice is looked up.
	const lookUpAll = new Set(lines.map((l) => l.batchKey)).size > 1;
	const toLookUp = new Set([...voicesByGroup.values()].filter((voices) => lookUpAll || voices.size > 1).flatMap((voices) => [...voices]));
	if (!toLookUp.size) return lines;
	const firstItemOf = new Map<string, number>();
	for (const l of lines) if (typeof l.line.voiceId === 'string' && !firstItemOf.has(l.line.voiceId)) firstItemOf.set(l.line.voiceId, l.itemIndex);
	const providers = await voiceProviders(ctx, [...toLookUp], firstItemOf);
	return lines.map((l) => {
		const voiceId = l.line.voiceId;
		if (typeof voiceId !== 'string' || !toLookUp.has(voiceId)) return l;
		const provider = providers.get(voiceId);
		if (provider instanceof Error) return provider;
		if (provider === undefined) {
			return inputError(
				ctx.getNode(),
				l.itemIndex,
				`Voice ${voiceId} not found`,
				`VMEG has no ${l.voiceKind === 'clone' ? 'cloned' : 'system'} voice with this ID: pick one from the list (or check the ID with Voice > List ${l.voiceKind === 'clone' ? 'Cloned' : 'System'} Voices).`,
			);
		}
		return { ...l, batchKey: `${l.batchKey}|${provider}` };
	});
}
