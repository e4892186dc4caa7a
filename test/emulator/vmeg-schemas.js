// @ts-check
'use strict';
/**
 * zod schemas for VMEG request bodies (vmeg-api.md "Request bodies", "Endpoints").
 *
 * Leniency choices (documented here because the spec is silent):
 *  - Unknown fields are ignored (a Jackson-style Java backend), and `null` values are treated as
 *    absent (see `stripNulls`).
 *  - "HTTPS URL" fields accept https:// URLs, plus URLs on the emulator's own origin (which is
 *    plain http) so that a material's `addressUrl` can be fed back as `refAudio` in tests.
 *  - `refAudio` is required on clone (the spec marks nothing required, but a clone without
 *    reference audio cannot work).
 */
const { z } = require('zod');

const PROVIDERS = /** @type {const} */ (['V1', 'V2', 'V3', 'V4', 'V5']);

/**
 * Recursively drop `null` object values (arrays keep their items).
 * @param {unknown} v
 * @returns {unknown}
 */
function stripNulls(v) {
	if (Array.isArray(v)) return v.map(stripNulls);
	if (v && typeof v === 'object') {
		/** @type {Record<string, unknown>} */
		const out = {};
		for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = stripNulls(x);
		return out;
	}
	return v;
}

/** @param {string} origin emulator origin, e.g. http://127.0.0.1:1234 */
function makeSchemas(origin) {
	const url = z
		.string()
		.url('must be a URL')
		.refine((u) => u.startsWith('https://') || u.startsWith(`${origin}/`), 'must be an HTTPS URL');
	const id = z.union([z.string().trim().min(1), z.number().int()]).transform(String);
	const md5 = z.string().regex(/^[a-fA-F0-9]{32}$/, 'must be an MD5 hex digest').transform((s) => s.toLowerCase());
	const fileName = z.string().trim().min(1).max(255);
	const extraData = z.record(z.unknown()).optional();

	const ttsItem = z
		.object({
			text: z.string().trim().min(1, 'text is required'),
			voiceId: z.string().trim().min(1).optional(),
			timbreRefAudio: url.optional(),
			emoWeight: z.number().min(0).max(1).optional(),
			emoRefAudio: url.optional(),
			emoPrompt: z.string().optional(),
			duration: z.number().positive().max(600).optional(),
		})
		.refine((d) => d.voiceId || d.timbreRefAudio, { message: 'voiceId or timbreRefAudio is required', path: ['voiceId'] });

	const tts = z.object({
		data: z.array(ttsItem).min(1, 'data must contain at least 1 item').max(50, 'data must contain at most 50 items'),
		provider: z.enum(PROVIDERS).optional(), // deprecated in newer docs: accepted and ignored
		language: z.object({ target: z.string().min(1).optional() }).optional(),
		trim: z.boolean().optional(),
		outputFormat: z.enum(['wav', 'mp3', 'm4a']).default('m4a'),
		extraData,
	});

	const segment = z.object({
		text: z.string().min(1, 'text is required'),
		gender: z.enum(['male', 'female']).optional(),
		speaker: z.union([z.string(), z.number()]).optional(),
		locale: z.string().optional(),
		context: z.array(z.string()).optional(),
		start: z.number().min(0).optional(),
		end: z.number().min(0).optional(),
	});
	const translate = z.object({
		language: z.object({ source: z.string().trim().min(1), target: z.string().trim().min(1) }),
		segments: z.array(segment).min(1, 'segments must contain at least 1 item').max(50, 'segments must contain at most 50 items'),
		options: z
			.object({
				sourceContext: z
					.object({ mode: z.enum(['independent', 'provided_only', 'neighbor']).optional(), contextWindow: z.number().int().min(1).max(20).optional() })
					.optional(),
				sceneCustomized: z
					.object({ scene: z.enum(['video', 'audio', 'subtitle', 'voiceover']).optional(), allowStutter: z.boolean().optional() })
					.optional(),
				glossary: z.record(z.string()).optional(),
				prompt: z.string().optional(),
				skipMissingTranslationCheck: z.boolean().optional(),
			})
			.optional(),
		extraData,
	});

	const clone = z.object({
		voiceName: z.string().trim().min(1).max(100).optional(),
		provider: z.enum(PROVIDERS).optional(),
		refAudio: url,
		sampleLanguage: z.string().min(1).optional(),
		sampleText: z.string().optional(),
		extraData,
	});

	const mediaTranslation = z.object({
		taskType: z.enum(['vt', 'at']),
		source: z.object({ materialId: id }),
		language: z.object({ target: z.string().trim().min(1), source: z.string().trim().min(1).default('auto') }),
		options: z.object({
			voiceClone: z.object({
				style: z.enum(['emotional', 'consistent']).optional(),
				mode: z.enum(['role', 'mix', 'sentence']).optional(),
				provider: z.enum(PROVIDERS).optional(),
			}),
			transcribe: z.object({ mode: z.enum(['fast', 'normal']).optional(), type: z.string().optional() }).optional(),
			translate: z.object({ mode: z.enum(['default', 'machine']).optional(), prompt: z.string().optional() }).optional(),
			separation: z.object({ mode: z.string().optional() }).optional(),
			dynamicVideoLength: z.object({ enable: z.boolean().optional() }).optional(),
			lipsync: z.object({ enable: z.boolean().optional() }).optional(),
			text: z.record(z.unknown()).optional(),
			voiceSpeakers: z
				.object({
					selectedVoicesList: z.array(z.object({ provider: z.string().optional(), voiceId: z.string().min(1) })).optional(),
					speakerNum: z.string().regex(/^(auto|\d+)$/, "must be 'auto' or a numeric string").optional(),
					timbreMethod: z.enum(['clone', 'smart']).optional(),
				})
				.optional(),
		}),
		extraData,
	});

	const uploadStart = z.object({ fileHash: md5, fileName });
	const uploadComplete = z.object({ s3Uri: z.string().min(1), fileName, materialId: id, fileHash: md5 });
	const mpBase = { materialId: id, uploadId: z.string().min(1), fileHash: md5, fileName };
	const presignParts = z.object({
		...mpBase,
		partNumbers: z.array(z.number().int().min(1).max(10000)).min(1).max(10000),
	});
	const mpComplete = z.object({
		...mpBase,
		parts: z.array(z.object({ partNumber: z.number().int().min(1).max(10000), eTag: z.string().min(1) })).min(1),
	});
	const mpAbort = z.object(mpBase);

	const page = {
		currentPage: z.coerce.number().int().min(1).default(1),
		order: z.enum(['asc', 'desc']).default('desc'),
	};
	const basicList = z.object({
		voiceId: z.string().optional(),
		searchName: z.string().optional(),
		locale: z.string().optional(),
		age: z.enum(['young', 'adult', 'senior']).optional(),
		gender: z.string().optional(),
		quality: z.enum(['any', 'high']).optional(),
		category: z.string().optional(),
		emotionPrompt: z.enum(['exclude', 'include']).optional(),
		topIds: z.array(z.string()).optional(),
		...page,
		pageSize: z.coerce.number().int().min(1).max(100).default(10),
		orderBy: z.enum(['voiceId', 'score', 'create_time', 'update_time', 'is_preferred']).optional(),
	});
	const cloneList = z.object({
		voiceId: z.string().optional(),
		voiceIds: z.array(z.string()).optional(),
		searchName: z.string().optional(),
		...page,
		pageSize: z.coerce.number().int().min(1).max(100).default(10),
		orderBy: z.enum(['voiceId', 'name', 'create_time', 'update_time']).optional(),
	});
	const cloneUpdate = z.object({ voiceId: z.string().min(1), voiceName: z.string().trim().min(1).max(100) });
	const voiceIdOnly = z.object({ voiceId: z.string().min(1) });
	const taskIdOnly = z.object({ taskId: id });
	const materialIdOnly = z.object({ materialId: id });

	const taskList = z.object({
		taskType: z.enum(['vt', 'at', 'tts', 'cloneVoice', 'textTranslation']).optional(),
		status: z.string().optional(),
		currentPage: z.coerce.number().int().min(1).default(1),
		pageSize: z.coerce.number().int().min(1).max(100).default(20),
	});
	const taskDetail = z.object({ taskId: z.string().trim().min(1, 'taskId is required') });
	const materialList = z.object({
		currentPage: z.coerce.number().int().min(1).default(1),
		pageSize: z.coerce.number().int().min(1).max(100).default(20),
	});

	return {
		tts,
		translate,
		clone,
		mediaTranslation,
		uploadStart,
		uploadComplete,
		presignParts,
		mpComplete,
		mpAbort,
		basicList,
		cloneList,
		cloneUpdate,
		voiceIdOnly,
		taskIdOnly,
		materialIdOnly,
		taskList,
		taskDetail,
		materialList,
	};
}

/** Remove empty-string values (query strings and UI clients send '' for "unset"). */
function dropEmpty(/** @type {Record<string, unknown>} */ o) {
	/** @type {Record<string, unknown>} */
	const out = {};
	for (const [k, v] of Object.entries(o)) if (v !== '' && v !== undefined) out[k] = v;
	return out;
}

module.exports = { makeSchemas, stripNulls, dropEmpty };
