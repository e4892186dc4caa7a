import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InputValidator } from '../../../shared/validation';
import type { BatchLine, LinePlan } from '../../helpers/lineBatches';
import { planLineBatches } from '../../helpers/lineBatches';
import { checkLocale } from '../../languages';

/** One input item as one translation segment. */
export interface Segment extends BatchLine {
	segment: IDataObject;
	/** Request-level `language` and `options`; only segments that agree on them share a request. */
	batch: IDataObject;
}

const MAX_TEXT = 5_000;
/** Segment times are media positions in seconds; a day is far beyond any real media. */
const MAX_SECONDS = 86_400;

/** Reads and checks one item's segment; throws a NodeOperationError naming the item and the fix. */
function readSegment(ctx: IExecuteFunctions, itemIndex: number): Segment {
	const check = new InputValidator(ctx.getNode(), itemIndex);
	const segment: IDataObject = { text: check.text(ctx.getNodeParameter('text', itemIndex), 'Text', { max: MAX_TEXT }) };
	const details = ctx.getNodeParameter('segmentDetails', itemIndex, {}) as IDataObject;
	if (details.gender) segment.gender = check.oneOf(details.gender, 'Gender', ['female', 'male'] as const);
	const speaker = check.optionalText(details.speaker, 'Speaker').trim();
	if (speaker !== '') segment.speaker = speaker;
	if (check.optionalText(details.locale, 'Segment Locale').trim() !== '') segment.locale = checkLocale(check, details.locale, 'Segment Locale', 'any');
	const context = contextLines(details.context);
	if (context.length) segment.context = context;
	if (details.start !== undefined) segment.start = check.numberInRange(details.start, 'Start (Seconds)', 0, MAX_SECONDS);
	if (details.end !== undefined) segment.end = check.numberInRange(details.end, 'End (Seconds)', 0, MAX_SECONDS);
	if (typeof segment.start === 'number' && typeof segment.end === 'number' && segment.start > segment.end) {
		check.fail(`Start (${segment.start} s) is after End (${segment.end} s)`, 'Set Start to a time before or equal to End.');
	}

	const sourceValue = check.optionalText(ctx.getNodeParameter('sourceLanguage', itemIndex), 'Source Language').trim();
	const source = sourceValue === 'auto' ? sourceValue : checkLocale(check, sourceValue, 'Source Language', 'source');
	const target = checkLocale(check, ctx.getNodeParameter('targetLanguage', itemIndex), 'Target Language', 'target');
	if (source.toLowerCase() === target.toLowerCase()) {
		check.fail(`Source and Target Language are both ${target}`, 'Pick a Target Language different from the Source Language.');
	}
	const options = readOptions(check, ctx.getNodeParameter('translationOptions', itemIndex, {}) as IDataObject);
	const batch: IDataObject = { language: { source, target }, ...(Object.keys(options).length ? { options } : {}) };
	return { itemIndex, segment, batch, batchKey: JSON.stringify(batch) };
}

/** The request `options`, holding only what the user set (VMEG applies its own defaults). */
function readOptions(check: InputValidator, input: IDataObject): IDataObject {
	const options: IDataObject = {};
	const sourceContext: IDataObject = {};
	if (input.contextMode) sourceContext.mode = check.oneOf(input.contextMode, 'Context Mode', ['independent', 'provided_only', 'neighbor'] as const);
	if (input.contextWindow !== undefined) {
		const window = check.numberInRange(input.contextWindow, 'Context Window', 1, 20);
		if (!Number.isInteger(window)) check.fail(`Context Window must be a whole number (got ${window})`, 'Set Context Window to a whole number from 1 to 20.');
		sourceContext.contextWindow = window;
	}
	if (Object.keys(sourceContext).length) options.sourceContext = sourceContext;
	const scene: IDataObject = {};
	if (input.scene) scene.scene = check.oneOf(input.scene, 'Scene', ['video', 'audio', 'subtitle', 'voiceover'] as const);
	if (input.allowStutter !== undefined) scene.allowStutter = input.allowStutter === true;
	if (Object.keys(scene).length) options.sceneCustomized = scene;
	const glossary = readGlossary(check, input);
	if (Object.keys(glossary).length) options.glossary = glossary;
	if (typeof input.prompt === 'string' && input.prompt.trim() !== '') options.prompt = input.prompt;
	if (input.skipMissingTranslationCheck !== undefined) options.skipMissingTranslationCheck = input.skipMissingTranslationCheck === true;
	return options;
}

/** Glossary from the JSON field, then the term/translation pairs (which win on a clash). */
function readGlossary(check: InputValidator, input: IDataObject): Record<string, string> {
	const glossary: Record<string, string> = {};
	let json: unknown = input.glossaryJson;
	if (typeof json === 'string') {
		if (json.trim() === '') json = {};
		else {
			try {
				json = JSON.parse(json) as unknown;
			} catch {
				check.fail('Glossary (JSON) is not valid JSON', 'Enter an object such as {"invoice": "factura"}.');
			}
		}
	}
	if (json !== undefined && json !== null) {
		if (typeof json !== 'object' || Array.isArray(json)) {
			check.fail('Glossary (JSON) must be an object of term → translation', 'Enter an object such as {"invoice": "factura"}.');
		}
		for (const [term, translation] of Object.entries(json as Record<string, unknown>)) {
			if (typeof translation !== 'string') {
				check.fail(`Glossary (JSON) term "${term}" has a ${typeof translation} translation`, 'Give every term a text translation.');
			}
			glossary[glossaryTerm(check, term)] = glossaryTranslation(check, term, translation);
		}
	}
	const pairs = ((input.glossary as IDataObject | undefined)?.terms as IDataObject[] | undefined) ?? [];
	for (const pair of pairs) {
		const term = String(pair.term ?? '');
		const translation = String(pair.translation ?? '');
		if (term.trim() === '' && translation.trim() === '') continue;
		glossary[glossaryTerm(check, term)] = glossaryTranslation(check, term, translation);
	}
	return glossary;
}

function glossaryTerm(check: InputValidator, term: string): string {
	if (term.trim() === '') check.fail('A glossary entry has an empty term', 'Fill in the term, or remove the entry.');
	return term.trim();
}

function glossaryTranslation(check: InputValidator, term: string, translation: string): string {
	if (translation.trim() === '') {
		check.fail(`Glossary term "${term.trim()}" has no translation`, 'Fill in the translation (repeat the term to keep it untranslated).');
	}
	return translation.trim();
}

/** Context lines: one per line of the field, or an array mapped in by an expression. */
function contextLines(value: unknown): string[] {
	const lines = Array.isArray(value) ? value.map((v) => String(v ?? '')) : typeof value === 'string' ? value.split(/\r?\n/) : [];
	return lines.map((l) => l.trim()).filter((l) => l !== '');
}


/** Packs the items into translation requests of at most 50 segments sharing language and options. */
export async function planSegments(ctx: IExecuteFunctions): Promise<LinePlan<Segment>> {
	return await planLineBatches(ctx, { readLine: (itemIndex) => readSegment(ctx, itemIndex) });
}

export function translationBody(batch: Segment[]): IDataObject {
	return { segments: batch.map((s) => s.segment), ...batch[0].batch };
}
