// @ts-check
'use strict';
/**
 * RapidAPI "Voice API" emulator, mounted at <url>/voice (requests: <url>/voice/v1/...).
 *
 * The marketplace listing does not document field names, so THIS FILE IS THE CONTRACT the
 * package is built against (see also /work/shared/reference/voice-api.md):
 *
 * Auth (every route except GET /v1/health):
 *   either  X-RapidAPI-Key: <key>  +  X-RapidAPI-Host: <the request's Host header, with or without :port>
 *   or      Authorization: Bearer <key>
 *   else    401 {"message":"Invalid API key"}
 *
 * GET  /v1/health → 200 {"status":"ok"} (no auth)
 *
 * GET  /v1/models?title=&language=&tag=&sort=score|task_count|created_at&page=1&page_size=10&refresh=true|false
 *   → 200 {items:[{id, title, languages:[..], tags:[..], state, created_at, task_count, score}], total, page, page_size, has_more}
 *   title: fuzzy (case-insensitive; every query word must be a substring of the title or within
 *   one edit of a title word ≥ 4 letters); language: exact code in `languages` ('en','zh',…);
 *   tag: exact (case-insensitive); sort is descending; bad sort/page/page_size(1..100)/refresh → 422.
 *   Unknown query parameters are ignored. 25 seeded models + cloned ones (tags ['cloned']).
 *   Caching: off by default; config voiceModelsCacheMs > 0 caches pages (header X-Cache: HIT|MISS)
 *   and refresh=true bypasses the cache.
 *
 * POST /v1/tts  JSON, strict: {text: string 1..10000 (required), model_ids: string[] ≥1 (required,
 *   each an existing 'trained' model), format?: 'mp3', speed?: number 0.5..2.0}
 *   Unknown fields, null or '' values, a speaker marker <|speaker:N|> with N ≥ model_ids.length,
 *   an unknown model id → 422 {"detail":[{loc,msg,type}]}.
 *   → 202 {task_id, status:'queued'}
 * GET  /v1/tts/{task_id} → {task_id, status: queued|running|succeeded|failed, progress 0..100[, error]}
 * GET  /v1/tts/{task_id}/audio → 200 audio/mpeg bytes (MPEG-1 Layer III),
 *   Content-Disposition: attachment; filename="<task_id>.mp3"; 409 {"message":…, status} unless succeeded.
 *   Audio length ≈ 0.06 s per character of text (markers and [cues] removed) / speed, 0.5..120 s.
 *
 * POST /v1/stt  multipart: file (required, a file part), language? (non-empty), diarize? 'true'|'false'
 *   (default 'true'); any other field → 422. → 202 {task_id, status:'queued'}
 * GET  /v1/stt/{task_id} → {task_id, status, progress: 0 (queued) | 50 | 80 (running) | 100, result: null[, error]}
 * GET  /v1/stt/{task_id}/result?plain_text=true|false (default false)
 *   plain → {task_id, text}
 *   else  → {task_id, text, language, duration, segments:[{start, end, speaker:'SPEAKER_0'|'SPEAKER_1', text}]}
 *   409 unless succeeded. Deterministic from the upload: duration from the WAV/MP3 header, else
 *   size / 16000 bytes per second; one segment per started 4 s (max 30); speakers alternate when
 *   diarize is true, all SPEAKER_0 otherwise; language = the given one or 'en'.
 *
 * POST /v1/clone multipart: file (required), title (required, non-empty), description?, language?;
 *   other fields → 422. WAV/MP3 reference audio shorter than 10 s → 422 "Reference audio must be
 *   at least 10 seconds"; longer than 90 s → 422 "Reference audio must be at most 90 seconds".
 *   → 202 {task_id, status:'queued'}
 * GET  /v1/clone/{task_id} → {task_id, status, progress, result: null | {model_id}[, error]}
 *   On success a model {state:'trained', tags:['cloned'], languages:[language||'en']} joins /v1/models.
 *
 * Task timing: queued for the first 20 % of voiceTaskDurationMs (default 300 ms), then running,
 * then succeeded (or failed when armed via POST /_emulator/fail-next {api:'voice', taskType}).
 * Errors: unknown task id (or one of another kind) → 404 {"message":"Task not found"};
 * unknown route → 404 {"detail":"Not Found"}; 405 {"detail":"Method Not Allowed"}.
 */
const crypto = require('node:crypto');
const { z } = require('zod');
const { matchRoute, isoNow, zodToFastApi, isObject, hex, countBy } = require('./http-util');
const { getBoundary, MultipartError } = require('./multipart');
const media = require('./media');

/** @typedef {import('./types').Emu} Emu @typedef {import('./types').Ctx} Ctx @typedef {import('./http-util').Reply} Reply */

const SPEAKER_RE = /<\|speaker:(\d+)\|>/g;

// [title, languages, tags, task_count, score]
/** @type {Array<[string, string[], string[], number, number]>} */
const MODEL_SEED = [
	['Energetic Male Narrator', ['en'], ['male', 'narration', 'energetic'], 182344, 9.6],
	['Calm Female Storyteller', ['en'], ['female', 'storytelling', 'calm'], 150231, 9.5],
	['News Anchor Pro', ['en'], ['male', 'news', 'professional'], 98122, 9.1],
	['Friendly Customer Support', ['en'], ['female', 'assistant', 'friendly'], 77410, 8.8],
	['Deep Movie Trailer Voice', ['en'], ['male', 'trailer', 'deep'], 65002, 9.3],
	['Whispering ASMR', ['en'], ['female', 'asmr', 'whisper'], 43311, 8.2],
	['British Gentleman', ['en'], ['male', 'british', 'narration'], 39877, 8.7],
	['Podcast Host Casual', ['en'], ['male', 'podcast', 'casual'], 35220, 8.4],
	['Young Gamer Girl', ['en'], ['female', 'gaming', 'young'], 30119, 8.0],
	['Audiobook Classic', ['en'], ['male', 'audiobook', 'calm'], 28775, 8.9],
	['普通话 新闻主播', ['zh'], ['male', 'news', 'mandarin'], 120554, 9.4],
	['温柔女声 讲故事', ['zh'], ['female', 'storytelling', 'mandarin'], 99831, 9.2],
	['Cantonese Radio Host', ['zh'], ['male', 'radio', 'cantonese'], 21004, 7.9],
	['アニメ 少女', ['ja'], ['female', 'anime', 'young'], 88410, 9.0],
	['Japanese Business Narrator', ['ja'], ['male', 'business', 'narration'], 18220, 7.8],
	['Narrador Español Neutro', ['es'], ['male', 'narration', 'neutral'], 26550, 8.3],
	['Voz Femenina Alegre', ['es'], ['female', 'cheerful'], 19320, 8.1],
	['Narrateur Français Élégant', ['fr'], ['male', 'narration', 'elegant'], 17002, 8.2],
	['Voix Douce Féminine', ['fr'], ['female', 'soft'], 15440, 7.9],
	['Deutscher Erzähler', ['de'], ['male', 'narration'], 14220, 8.0],
	['Freundliche Assistentin', ['de'], ['female', 'assistant', 'friendly'], 12007, 7.7],
	['Multilingual Presenter', ['en', 'zh', 'ja'], ['female', 'multilingual', 'presenter'], 55012, 9.0],
	['Bilingual Tutor EN-ES', ['en', 'es'], ['male', 'education', 'multilingual'], 11230, 7.6],
	['Robot Assistant', ['en'], ['robot', 'sci-fi', 'effect'], 9021, 7.2],
	['Old Wizard', ['en'], ['male', 'character', 'fantasy', 'old'], 7650, 8.5],
];

function seedModels() {
	const t0 = Date.parse('2024-01-15T08:00:00Z');
	return MODEL_SEED.map(([title, languages, tags, task_count, score], i) => ({
		id: crypto.createHash('md5').update(`voice-model:${title}`).digest('hex'),
		title,
		languages,
		tags,
		state: 'trained',
		created_at: new Date(t0 + i * 5 * 86_400_000).toISOString(),
		task_count,
		score,
	}));
}

/** @returns {Reply} */
const msg = (/** @type {number} */ status, /** @type {string} */ message, /** @type {object} */ extra = {}) => ({ status, json: { message, ...extra } });
/** @returns {Reply} */
const err422 = (/** @type {unknown[]} */ detail) => ({ status: 422, json: { detail } });
const taskNotFound = () => msg(404, 'Task not found');

// ---------------------------------------------------------------- fuzzy title match
function editDistanceAtMostOne(/** @type {string} */ a, /** @type {string} */ b) {
	if (Math.abs(a.length - b.length) > 1) return false;
	let i = 0;
	let j = 0;
	let edits = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			i++;
			j++;
			continue;
		}
		if (++edits > 1) return false;
		if (a.length > b.length) i++;
		else if (b.length > a.length) j++;
		else {
			i++;
			j++;
		}
	}
	return edits + (a.length - i) + (b.length - j) <= 1;
}
function fuzzyTitle(/** @type {string} */ title, /** @type {string} */ query) {
	const t = title.toLowerCase();
	const words = t.split(/[\s\-_,.]+/).filter(Boolean);
	return query
		.toLowerCase()
		.split(/\s+/)
		.filter(Boolean)
		.every((q) => t.includes(q) || (q.length >= 4 && words.some((w) => w.length >= 4 && editDistanceAtMostOne(w, q))));
}

// ---------------------------------------------------------------- tasks
/**
 * Bring lazily-timed tasks up to date (status/progress; clone models materialise on success).
 * @param {Emu} emu
 */
function settle(emu) {
	const now = Date.now();
	for (const t of emu.state.voice.tasks) {
		if (t.status === 'succeeded' || t.status === 'failed') continue;
		const f = (now - Date.parse(t.createdAt)) / Math.max(1, t.durationMs);
		if (f < 0.2) {
			t.status = 'queued';
			t.progress = 0;
		} else if (f < 1) {
			t.status = 'running';
			t.progress = t.taskType === 'stt' ? (f < 0.6 ? 50 : 80) : Math.min(99, Math.max(1, Math.floor(f * 100)));
		} else {
			const failure = emu.takeFailure('voice', t.taskType);
			if (failure) {
				t.status = 'failed';
				t.error = failure.message;
			} else {
				t.status = 'succeeded';
				t.progress = 100;
				if (t.taskType === 'clone') {
					const model = {
						id: hex(16),
						title: t.request.title,
						languages: [t.request.language || 'en'],
						tags: ['cloned'],
						state: 'trained',
						created_at: isoNow(),
						task_count: 0,
						score: 0,
					};
					emu.state.voice.models.push(model);
					t.result = { model_id: model.id };
				}
			}
		}
		t.updatedAt = isoNow();
	}
}

/** @param {Emu} emu @param {'tts'|'stt'|'clone'} taskType @param {any} request @param {any} [file] */
function newTask(emu, taskType, request, file) {
	const durationMs = emu.state.config.voiceTaskDurationMs;
	const task = {
		taskId: crypto.randomUUID(),
		taskType,
		status: 'queued',
		progress: 0,
		createdAt: isoNow(),
		updatedAt: isoNow(),
		durationMs,
		request,
		file: file ?? null,
		result: null,
		error: null,
	};
	emu.state.voice.tasks.push(task);
	emu.later(() => settle(emu), durationMs + 1);
	return task;
}

/** @param {Emu} emu @param {string} id @param {string} type */
function findTask(emu, id, type) {
	settle(emu);
	return emu.state.voice.tasks.find((/** @type {any} */ t) => t.taskId === id && t.taskType === type) ?? null;
}
/** @param {any} t */
const statusBody = (t, /** @type {object} */ extra = {}) => ({
	task_id: t.taskId,
	status: t.status,
	progress: t.progress,
	...extra,
	...(t.status === 'failed' ? { error: t.error } : {}),
});

/** Seconds of audio in an upload (WAV/MP3 header), or null if not measurable. @param {Buffer} data */
function measuredSeconds(data) {
	const wav = media.parseWav(data);
	if (wav) return wav.duration;
	const mp3 = media.inspectMp3(data);
	if (mp3.frames > 0 && mp3.valid) return mp3.duration;
	return null;
}

/**
 * Parse a strict multipart form: `allowed` field names, `file` must be a file part.
 * @param {Ctx} ctx @param {string[]} allowed
 * @returns {Promise<{ error: Reply } | { fields: Record<string,string>, file: import('./multipart').Part | undefined }>}
 */
async function strictForm(ctx, allowedFields) {
	// The audio part's name is undocumented; config voiceAudioFieldName plays an API that wants another one.
	const fileField = ctx.emu.state.config.voiceAudioFieldName || 'file';
	const allowed = allowedFields.map((n) => (n === 'file' ? fileField : n));
	if (!getBoundary(ctx.req.headers['content-type'])) {
		return { error: err422([{ type: 'missing', loc: ['body', fileField], msg: 'Field required (multipart/form-data expected)' }]) };
	}
	let mp;
	try {
		mp = await ctx.multipart();
	} catch (e) {
		if (e instanceof MultipartError) return { error: err422([{ type: 'value_error', loc: ['body'], msg: `There was an error parsing the body: ${e.message}` }]) };
		throw e;
	}
	const extra = [...new Set(mp.parts.map((p) => p.name))].filter((n) => !allowed.includes(n));
	if (extra.length) return { error: err422(extra.map((n) => ({ type: 'extra_forbidden', loc: ['body', n], msg: 'Extra inputs are not permitted' }))) };
	const filePart = mp.parts.find((p) => p.name === fileField);
	if (!filePart) return { error: err422([{ type: 'missing', loc: ['body', fileField], msg: 'Field required' }]) };
	if (filePart.filename === null) return { error: err422([{ type: 'value_error', loc: ['body', fileField], msg: 'Expected UploadFile, received: str' }]) };
	if (filePart.size === 0) return { error: err422([{ type: 'value_error', loc: ['body', fileField], msg: 'Uploaded file is empty' }]) };
	ctx.entry.size = filePart.size;
	ctx.entry.md5 = filePart.md5;
	return { fields: mp.fields, file: filePart };
}

const fileMeta = (/** @type {import('./multipart').Part} */ f, /** @type {number|null} */ seconds) => ({
	filename: f.filename, size: f.size, md5: f.md5, contentType: f.contentType, seconds,
});

const TRANSCRIPT = [
	'Hello and welcome to the show.',
	'Today we are talking about speech technology.',
	'It has come a long way in the last few years.',
	'Let us start with a quick overview.',
	'Thanks for listening, and see you next time.',
	'Here is an interesting question from the audience.',
	'That is a great point, I completely agree.',
];

/** @param {any} t */
function sttResult(t) {
	const size = t.file.size;
	const duration = Math.round((t.file.seconds ?? size / 16000) * 100) / 100;
	const n = Math.max(1, Math.min(30, Math.ceil(duration / 4)));
	const seg = duration / n;
	const diarize = t.request.diarize !== 'false';
	const segments = Array.from({ length: n }, (_, i) => ({
		start: Math.round(i * seg * 100) / 100,
		end: Math.round((i + 1) * seg * 100) / 100,
		speaker: diarize ? `SPEAKER_${i % 2}` : 'SPEAKER_0',
		text: TRANSCRIPT[(size + i) % TRANSCRIPT.length],
	}));
	return { text: segments.map((s) => s.text).join(' '), language: t.request.language || 'en', duration, segments };
}

// ---------------------------------------------------------------- handlers
const ttsSchema = z
	.object({
		text: z.string().min(1).max(10000),
		model_ids: z.array(z.string().min(1)).min(1),
		format: z.literal('mp3').optional(),
		speed: z.number().min(0.5).max(2.0).optional(),
	})
	.strict();

const modelsQuery = z.object({
	title: z.string().optional(),
	language: z.string().optional(),
	tag: z.string().optional(),
	sort: z.enum(['score', 'task_count', 'created_at']).default('score'),
	page: z.coerce.number().int().min(1).default(1),
	page_size: z.coerce.number().int().min(1).max(100).default(10),
	refresh: z.enum(['true', 'false']).default('false'),
});

/** @type {Record<string, (ctx: Ctx) => Promise<Reply>>} */
const H = {
	async health() {
		return { status: 200, json: { status: 'ok' } };
	},
	async models(ctx) {
		const { emu } = ctx;
		settle(emu);
		/** @type {Record<string,string>} */
		const q = {};
		for (const k of ['title', 'language', 'tag', 'sort', 'page', 'page_size', 'refresh']) if (ctx.query[k] !== undefined && ctx.query[k] !== '') q[k] = ctx.query[k];
		const r = modelsQuery.safeParse(q);
		if (!r.success) return err422(zodToFastApi(r.error, 'query'));
		const p = r.data;
		const cacheKey = JSON.stringify({ ...p, refresh: undefined });
		const ttl = emu.state.config.voiceModelsCacheMs;
		const cached = emu.rt.modelsCache.get(cacheKey);
		if (ttl > 0 && p.refresh === 'false' && cached && Date.now() - cached.at < ttl) {
			return { status: 200, headers: { 'X-Cache': 'HIT' }, json: cached.body };
		}
		const list = emu.state.voice.models.filter((/** @type {any} */ m) => {
			if (p.title && !fuzzyTitle(m.title, p.title)) return false;
			if (p.language && !m.languages.includes(p.language.toLowerCase())) return false;
			if (p.tag && !m.tags.some((/** @type {string} */ t) => t.toLowerCase() === p.tag?.toLowerCase())) return false;
			return true;
		});
		const key = p.sort;
		list.sort((/** @type {any} */ a, /** @type {any} */ b) => (a[key] === b[key] ? a.id.localeCompare(b.id) : a[key] < b[key] ? 1 : -1));
		const start = (p.page - 1) * p.page_size;
		const body = { items: list.slice(start, start + p.page_size), total: list.length, page: p.page, page_size: p.page_size, has_more: start + p.page_size < list.length };
		if (ttl > 0) emu.rt.modelsCache.set(cacheKey, { at: Date.now(), body });
		return { status: 200, headers: { 'X-Cache': 'MISS' }, json: body };
	},
	async ttsSubmit(ctx) {
		const body = await ctx.json(1024 * 1024);
		if (body.tooLarge) return msg(413, 'Request body too large');
		if (body.empty) return err422([{ type: 'missing', loc: ['body'], msg: 'Field required' }]);
		if (!body.ok) return err422([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error' }]);
		if (!isObject(body.value)) return err422([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary' }]);
		const r = ttsSchema.safeParse(body.value);
		if (!r.success) return err422(zodToFastApi(r.error, 'body'));
		const b = r.data;
		for (const m of b.text.matchAll(SPEAKER_RE)) {
			if (Number(m[1]) >= b.model_ids.length) {
				return err422([{ type: 'value_error', loc: ['body', 'text'], msg: `Speaker marker <|speaker:${m[1]}|> has no model: model_ids has ${b.model_ids.length} entr${b.model_ids.length === 1 ? 'y' : 'ies'}` }]);
			}
		}
		settle(ctx.emu);
		const unknown = b.model_ids.map((id, i) => [id, i]).filter(([id]) => !ctx.emu.state.voice.models.some((/** @type {any} */ m) => m.id === id && m.state === 'trained'));
		if (unknown.length) return err422(unknown.map(([id, i]) => ({ type: 'value_error', loc: ['body', 'model_ids', i], msg: `Model not found: ${id}` })));
		const t = newTask(ctx.emu, 'tts', b);
		return { status: 202, json: { task_id: t.taskId, status: 'queued' } };
	},
	async ttsStatus(ctx) {
		const t = findTask(ctx.emu, ctx.params.id, 'tts');
		return t ? { status: 200, json: statusBody(t) } : taskNotFound();
	},
	async ttsAudio(ctx) {
		const t = findTask(ctx.emu, ctx.params.id, 'tts');
		if (!t) return taskNotFound();
		if (t.status !== 'succeeded') return msg(409, t.status === 'failed' ? `Task failed: ${t.error}` : 'Task not finished yet', { status: t.status });
		const chars = t.request.text.replace(SPEAKER_RE, '').replace(/\[[^\]]*\]/g, '').trim().length;
		const seconds = Math.min(900, Math.max(0.5, (chars * 0.06) / (t.request.speed ?? 1)));
		return {
			status: 200,
			headers: { 'Content-Type': 'audio/mpeg', 'Content-Disposition': `attachment; filename="${t.taskId}.mp3"` },
			body: media.makeMp3(seconds),
		};
	},
	async sttSubmit(ctx) {
		const f = await strictForm(ctx, ['file', 'language', 'diarize']);
		if ('error' in f) return f.error;
		const { fields, file } = f;
		if (!file || (!file.data && ctx.emu.state.config.retainUploads)) return err422([{ type: 'missing', loc: ['body', 'file'], msg: 'Field required' }]);
		if (fields.language !== undefined && !fields.language.trim()) return err422([{ type: 'string_too_short', loc: ['body', 'language'], msg: 'String should have at least 1 character' }]);
		if (fields.diarize !== undefined && !['true', 'false'].includes(fields.diarize)) {
			return err422([{ type: 'bool_parsing', loc: ['body', 'diarize'], msg: "Input should be 'true' or 'false'" }]);
		}
		const t = newTask(ctx.emu, 'stt', { language: fields.language, diarize: fields.diarize ?? 'true' }, fileMeta(file, measuredSeconds(file.data ?? Buffer.alloc(0))));
		return { status: 202, json: { task_id: t.taskId, status: 'queued' } };
	},
	async sttStatus(ctx) {
		const t = findTask(ctx.emu, ctx.params.id, 'stt');
		return t ? { status: 200, json: statusBody(t, { result: null }) } : taskNotFound();
	},
	async sttResult(ctx) {
		const t = findTask(ctx.emu, ctx.params.id, 'stt');
		if (!t) return taskNotFound();
		const plain = ctx.query.plain_text ?? 'false';
		if (!['true', 'false'].includes(plain)) return err422([{ type: 'bool_parsing', loc: ['query', 'plain_text'], msg: "Input should be 'true' or 'false'" }]);
		if (t.status !== 'succeeded') return msg(409, t.status === 'failed' ? `Task failed: ${t.error}` : 'Task not finished yet', { status: t.status });
		const r = sttResult(t);
		return { status: 200, json: plain === 'true' ? { task_id: t.taskId, text: r.text } : { task_id: t.taskId, ...r } };
	},
	async cloneSubmit(ctx) {
		const f = await strictForm(ctx, ['file', 'title', 'description', 'language']);
		if ('error' in f) return f.error;
		const { fields, file } = f;
		if (!file || (!file.data && ctx.emu.state.config.retainUploads)) return err422([{ type: 'missing', loc: ['body', 'file'], msg: 'Field required' }]);
		if (!fields.title || !fields.title.trim()) return err422([{ type: 'missing', loc: ['body', 'title'], msg: 'Field required' }]);
		const seconds = measuredSeconds(file.data ?? Buffer.alloc(0));
		if (seconds !== null && seconds < 10) {
			return err422([{ type: 'value_error', loc: ['body', 'file'], msg: 'Reference audio must be at least 10 seconds', ctx: { duration: Math.round(seconds * 100) / 100 } }]);
		}
		if (seconds !== null && seconds > 90) {
			return err422([{ type: 'value_error', loc: ['body', 'file'], msg: 'Reference audio must be at most 90 seconds', ctx: { duration: Math.round(seconds * 100) / 100 } }]);
		}
		const t = newTask(ctx.emu, 'clone', { title: fields.title.trim(), description: fields.description, language: fields.language }, fileMeta(file, seconds));
		return { status: 202, json: { task_id: t.taskId, status: 'queued' } };
	},
	async cloneStatus(ctx) {
		const t = findTask(ctx.emu, ctx.params.id, 'clone');
		return t ? { status: 200, json: statusBody(t, { result: t.status === 'succeeded' ? t.result : null }) } : taskNotFound();
	},
};

/** @type {Array<[string, string, (ctx: Ctx) => Promise<Reply>]>} */
const ROUTES = [
	['GET', '/v1/health', H.health],
	['GET', '/v1/models', H.models],
	['POST', '/v1/tts', H.ttsSubmit],
	['GET', '/v1/tts/:id', H.ttsStatus],
	['GET', '/v1/tts/:id/audio', H.ttsAudio],
	['POST', '/v1/stt', H.sttSubmit],
	['GET', '/v1/stt/:id', H.sttStatus],
	['GET', '/v1/stt/:id/result', H.sttResult],
	['POST', '/v1/clone', H.cloneSubmit],
	['GET', '/v1/clone/:id', H.cloneStatus],
];

/** @param {Ctx} ctx */
function authorized(ctx) {
	const h = ctx.req.headers;
	const key = ctx.emu.keys.voice;
	const bearer = /^Bearer\s+(.+)$/i.exec(h.authorization ?? '');
	if (bearer) return bearer[1].trim() === key;
	const rapidKey = h['x-rapidapi-key'];
	const rapidHost = String(h['x-rapidapi-host'] ?? '').toLowerCase();
	const host = String(h.host ?? '').toLowerCase();
	return rapidKey === key && rapidHost !== '' && (rapidHost === host || rapidHost === host.replace(/:\d+$/, ''));
}

/** @param {Ctx} ctx @returns {Promise<Reply>} */
async function handle(ctx) {
	const m = matchRoute(ROUTES, ctx.method, ctx.path);
	if ('notFound' in m) return { status: 404, json: { detail: 'Not Found' } };
	if ('methodNotAllowed' in m) return { status: 405, json: { detail: 'Method Not Allowed' } };
	ctx.params = m.params;
	if (m.handler !== H.health && !authorized(ctx)) return msg(401, 'Invalid API key');
	return m.handler(ctx);
}

const FAULT_MESSAGES = /** @type {Record<number,string>} */ ({ 429: 'Too many requests', 500: 'Internal server error', 502: 'Bad gateway', 503: 'Service unavailable' });
/** @param {number} status @returns {Reply} */
function errorReply(status) {
	return msg(status, FAULT_MESSAGES[status] ?? 'Error');
}

/** This API's part of `emu.state` (rebuilt on every reset). */
function initialState() {
	return { tasks: [], models: seedModels() };
}

/** This API's part of GET /_emulator/state, with the tasks' statuses brought up to now. @param {import('./types').Emu} emu */
function stateView(emu) {
	settle(emu);
	const s = emu.state.voice;
	return { tasks: s.tasks, taskCounts: countBy(s.tasks, 'taskType'), models: s.models };
}

module.exports = { handle, errorReply, initialState, stateView, seedModels, settle };
