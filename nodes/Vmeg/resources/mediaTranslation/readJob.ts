import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { InputBinary } from '../../../shared/binary';
import { inputBinary } from '../../../shared/binary';
import { inputError } from '../../../shared/errors';
import type { ItemFailure } from '../../../shared/items';
import { keepFailure } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import type { AsyncJob } from '../../helpers/asyncJobs/submit';
import type { VmegPage } from '../../helpers/declarative';
import { vmegPages } from '../../helpers/declarative';
import { voiceProviders } from '../../helpers/voiceProviders';
import { CLONE_ENGINES } from '../../engines';
import { checkLocale } from '../../languages';
import { vmegRequest } from '../../transport';

/** Material list pages to search for a given material ID before giving up and letting VMEG decide. */
const MATERIAL_PAGES_TO_SEARCH = 20;

const MEDIA_TRANSLATION_PATH = '/openapi/v1/task/media-translation/create-async';

/** One item's job: its body, and its source as a file to upload or a finished material. */
interface MediaJob extends AsyncJob {
	body: IDataObject;
	file?: InputBinary;
	materialId?: string;
}

/** Reads and checks one item into its job (its file, or a material that must be a finished upload). */
export async function readJob(ctx: IExecuteFunctions, itemIndex: number, finished: ReturnType<typeof finishedMaterials>): Promise<MediaJob> {
	const job = { itemIndexes: [itemIndex], path: MEDIA_TRANSLATION_PATH, event: 'openapi-media-translation' as const, body: requestBody(ctx, itemIndex) };
	if (ctx.getNodeParameter('source', itemIndex) === 'binary') {
		return { ...job, file: await inputBinary(ctx, itemIndex, String(ctx.getNodeParameter('binaryPropertyName', itemIndex))) };
	}
	const check = new InputValidator(ctx.getNode(), itemIndex);
	const materialId = check.text(ctx.getNodeParameter('materialId', itemIndex), 'Material ID').trim();
	if ((await finished.contains(itemIndex, materialId)) === false) {
		check.fail(
			`Material ${materialId} is not a finished upload in this VMEG account`,
			'Use the materialId from a successful Material > Upload (or Material > List), or choose Source "Input File" to upload the file here.',
		);
	}
	return { ...job, materialId };
}

/** The job body without its source, from the item's parameters; only options the user set are sent. */
function requestBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const check = new InputValidator(ctx.getNode(), itemIndex);
	const source = checkLocale(check, ctx.getNodeParameter('sourceLanguage', itemIndex, 'auto'), 'Source Language', 'source');
	const target = checkLocale(check, ctx.getNodeParameter('targetLanguage', itemIndex), 'Target Language', 'target');
	if (source === target) check.fail(`Source and Target Language are both ${target}`, 'Pick a different Target Language.');

	const o = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const voiceClone: IDataObject = {
		style: check.oneOf(ctx.getNodeParameter('voiceCloneStyle', itemIndex), 'Voice Style', ['emotional', 'consistent'] as const),
	};
	if (o.voiceCloneMode) voiceClone.mode = check.oneOf(o.voiceCloneMode, 'Clone Mode', ['role', 'mix', 'sentence'] as const);
	if (o.voiceCloneProvider) voiceClone.provider = check.oneOf(o.voiceCloneProvider, 'Clone Engine', CLONE_ENGINES);
	const options: IDataObject = { voiceClone };
	if (o.transcribeMode || o.transcribeType) {
		options.transcribe = {
			...(o.transcribeMode ? { mode: check.oneOf(o.transcribeMode, 'Transcription Mode', ['fast', 'normal'] as const) } : {}),
			...(o.transcribeType ? { type: String(o.transcribeType) } : {}),
		};
	}
	if (o.translateMode || o.translatePrompt) {
		options.translate = {
			...(o.translateMode ? { mode: check.oneOf(o.translateMode, 'Translation Mode', ['default', 'machine'] as const) } : {}),
			...(o.translatePrompt ? { prompt: String(o.translatePrompt) } : {}),
		};
	}
	if (o.separationMode) options.separation = { mode: String(o.separationMode) };
	if (o.dynamicVideoLength !== undefined) options.dynamicVideoLength = { enable: o.dynamicVideoLength === true };
	if (o.lipsync !== undefined) options.lipsync = { enable: o.lipsync === true };
	const text = jsonObject(check, o.textStyle, 'Subtitle and Title Style (JSON)');
	if (text) options.text = text;
	const speakers = voiceSpeakers(check, o);
	if (speakers) options.voiceSpeakers = speakers;
	return { taskType: check.oneOf(ctx.getNodeParameter('taskType', itemIndex), 'Media Type', ['vt', 'at'] as const), language: { source, target }, options };
}

function voiceSpeakers(check: InputValidator, o: IDataObject): IDataObject | undefined {
	const speakers: IDataObject = {};
	if (o.speakerNum !== undefined && o.speakerNum !== '') {
		const speakerNum = String(o.speakerNum).trim();
		if (!/^(auto|[1-9]\d*)$/.test(speakerNum)) check.fail(`Number of Speakers "${speakerNum}" is not valid`, 'Enter "auto" or a whole number such as 2.');
		speakers.speakerNum = speakerNum;
	}
	if (o.timbreMethod) speakers.timbreMethod = check.oneOf(o.timbreMethod, 'Timbre Method', ['clone', 'smart'] as const);
	const voices = ((o.selectedVoices as IDataObject | undefined)?.voices as IDataObject[] | undefined) ?? [];
	if (voices.length) {
		speakers.selectedVoicesList = voices.map((v, position) => {
			const voiceId = check.text(v.voiceId, `Speaker Voices ${position + 1}: Voice ID`).trim();
			const provider = String(v.provider ?? '').trim();
			return provider ? { provider, voiceId } : { voiceId };
		});
	}
	return Object.keys(speakers).length ? speakers : undefined;
}

/**
 * VMEG wants each chosen speaker voice with its provider tier. Where the user left it empty it
 * is looked up in the voice lists (free calls, once per distinct voice for all items); an
 * unknown voice fails its item here, before any upload or paid call.
 */
export async function fillSpeakerProviders(ctx: IExecuteFunctions, jobs: MediaJob[], failures: ItemFailure[]): Promise<MediaJob[]> {
	const unresolved = (job: MediaJob) =>
		((((job.body.options as IDataObject).voiceSpeakers as IDataObject | undefined)?.selectedVoicesList ?? []) as IDataObject[]).filter((v) => !v.provider);
	const firstItemOf = new Map<string, number>();
	for (const job of jobs) {
		for (const voice of unresolved(job)) if (!firstItemOf.has(String(voice.voiceId))) firstItemOf.set(String(voice.voiceId), job.itemIndexes[0]);
	}
	if (!firstItemOf.size) return jobs;
	const providers = await voiceProviders(ctx, [...firstItemOf.keys()], firstItemOf);
	const kept: MediaJob[] = [];
	for (const job of jobs) {
		const [itemIndex] = job.itemIndexes;
		try {
			for (const voice of unresolved(job)) {
				const provider = providers.get(String(voice.voiceId));
				if (provider instanceof Error) throw provider;
				if (provider === undefined) {
					throw inputError(
						ctx.getNode(),
						itemIndex,
						`Speaker voice ${String(voice.voiceId)} not found`,
						'Use a voice ID from Voice > List System Voices or List Cloned Voices.',
					);
				}
				// A voice listed without a tier is sent without one.
				if (!provider.startsWith('voice:')) voice.provider = provider;
			}
			kept.push(job);
		} catch (error) {
			keepFailure(ctx, failures, itemIndex, error);
		}
	}
	return kept;
}

function jsonObject(check: InputValidator, value: unknown, field: string): IDataObject | undefined {
	if (value === undefined || value === '' || value === null) return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			check.fail(`${field} is not valid JSON`, 'Enter a JSON object, e.g. {"subtitle": {"fontSize": 32}}.');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) check.fail(`${field} must be a JSON object`, 'Enter a JSON object such as {}.');
	return Object.keys(parsed as object).length ? (parsed as IDataObject) : undefined;
}

/**
 * The account's finished materials, read page by page only as far as needed and shared by all
 * items: VMEG lists only completed uploads, and has no per-material lookup.
 */
export function finishedMaterials(ctx: IExecuteFunctions) {
	const seen = new Set<string>();
	let askingItem = 0;
	const pages = vmegPages(
		async (paging) =>
			await vmegRequest<VmegPage>(ctx, { method: 'GET', path: '/openapi/v1/assets/material/list', qs: paging }, { itemIndex: askingItem }),
	);
	let pagesRead = 0;
	let exhausted = false;
	return {
		/** true/false when known; undefined when the search stopped before the end of the list. */
		async contains(itemIndex: number, materialId: string): Promise<boolean | undefined> {
			askingItem = itemIndex;
			while (!seen.has(materialId) && !exhausted && pagesRead < MATERIAL_PAGES_TO_SEARCH) {
				const next = await pages.next();
				if (next.done) exhausted = true;
				else {
					pagesRead++;
					for (const record of next.value) seen.add(String(record.materialId));
				}
			}
			if (seen.has(materialId)) return true;
			return exhausted ? false : undefined;
		},
	};
}
