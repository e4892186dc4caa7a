// @ts-check
'use strict';
/**
 * Vimmerse v2 audio emulator, mounted at <url>/vimmerse (requests: <url>/vimmerse/v2/audio/...).
 * Follows /work/shared/reference/vimmerse-api.md and shared/seeds/vimmerse-audio-v2.txt.
 *
 *  - Auth: X-Api-Key; otherwise 401 {"message":"UNAUTHORIZED"}.
 *  - Generation is synchronous; the asset object is returned at TOP LEVEL with `results`
 *    (CDN URLs under <url>/_cdn/ serving real audio bytes).
 *  - JSON bodies are strict (FastAPI `extra="forbid"` style): unknown fields, a missing/too long
 *    prompt, a bad option or duration → 422 {"detail":[{loc,msg,type}]}.
 *  - Credits (our numbers; the docs only show `credits: 8` for a short TTS):
 *      text-to-speech 8 per started 1000 prompt chars, text-to-audio (SFX) 5 per started 5 s,
 *      text-to-music 10, upload-audio 1. Balance < cost → 402 {"message":"INSUFFICIENT_CREDIT"},
 *      nothing created. estimate-credits is free.
 *  - Upload: multipart field `audio_file` (other form fields are ignored, like FastAPI);
 *    missing file → 422.
 *  - GET /asset/{id} (legacy) and GET /v2/asset/{id} (guessed v2 path) → asset or
 *    404 {"message":"MEDIA_NOT_FOUND"}. GET /health → {"status":"ok"} without auth.
 */
const crypto = require('node:crypto');
const path = require('node:path');
const { z } = require('zod');
const { matchRoute, pyIsoNow, zodToFastApi, isObject, countBy } = require('./http-util');
const { getBoundary, MultipartError } = require('./multipart');
const media = require('./media');

/** @typedef {import('./types').Emu} Emu @typedef {import('./types').Ctx} Ctx @typedef {import('./http-util').Reply} Reply */

const OPTIONS = /** @type {const} */ (['AutoA', 'ElevenLabsTTS', 'ChirpTTS', 'ElevenLabsSE', 'MMAudio', 'Lyria']);
const APP_NAMES = /** @type {const} */ (['text-to-speech', 'text-to-audio', 'text-to-music', 'upload-audio']);

/** Pydantic-lax int: accepts 5, 5.0 and "5". */
const laxInt = z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v), z.number().int());
/** '' means "use the default" for these string options (legacy form semantics). */
const emptyToUndef = (/** @type {z.ZodTypeAny} */ t) => z.preprocess((v) => (v === '' ? undefined : v), t);

const schemas = {
	tts: z
		.object({
			prompt: z.string().min(1).max(5000),
			voice: emptyToUndef(z.string().min(1).default('AutoV')),
			option: emptyToUndef(z.enum(['ElevenLabsTTS', 'ChirpTTS']).default('ElevenLabsTTS')),
			language: z.string().default(''),
		})
		.strict(),
	sfx: z.object({ prompt: z.string().min(1).max(5000), duration: laxInt.pipe(z.number().min(1).max(30)).default(5) }).strict(),
	music: z.object({ prompt: z.string().min(1).max(5000) }).strict(),
	estimate: z
		.object({
			app_name: z.enum(APP_NAMES),
			option: z.enum(OPTIONS),
			quantity: laxInt.pipe(z.number().min(1).max(100)).default(1),
			prompt: z.string().optional(),
			duration: laxInt.pipe(z.number().min(1).max(30)).optional(),
			voice: z.string().optional(),
		})
		.strict(),
};

/** Credit cost of one unit. @param {string} app @param {{prompt?: string, duration?: number}} a */
function unitCost(app, a) {
	if (app === 'text-to-speech') return 8 * Math.max(1, Math.ceil((a.prompt?.length ?? 0) / 1000));
	if (app === 'text-to-audio') return 5 * Math.max(1, Math.ceil((a.duration ?? 5) / 5));
	if (app === 'text-to-music') return 10;
	return 1;
}

/** @returns {Reply} */
const err422 = (/** @type {unknown[]} */ detail) => ({ status: 422, json: { detail } });
/** @returns {Reply} */
const msg = (/** @type {number} */ status, /** @type {string} */ message) => ({ status, json: { message } });

/** Read + validate a JSON body FastAPI-style. @param {Ctx} ctx @param {z.ZodTypeAny} schema */
async function validated(ctx, schema) {
	const body = await ctx.json(1024 * 1024);
	if (body.tooLarge) return { error: msg(413, 'PAYLOAD_TOO_LARGE') };
	if (body.empty) return { error: err422([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]) };
	if (!body.ok) return { error: err422([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }]) };
	if (!isObject(body.value)) {
		return { error: err422([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from' }]) };
	}
	const r = schema.safeParse(body.value);
	if (!r.success) return { error: err422(zodToFastApi(r.error, 'body')) };
	return { value: r.data };
}

/** Create an asset after charging credits; 402 when the balance is too low. @param {Emu} emu */
function createAsset(emu, /** @type {{ app_name: string, args: any, credits: number, data: Buffer|(() => Buffer), mime: string, contentType: string, filename: string }} */ a) {
	if (emu.state.vimmerse.credits < a.credits) return msg(402, 'INSUFFICIENT_CREDIT');
	emu.state.vimmerse.credits -= a.credits;
	const id = crypto.randomUUID();
	const blob = typeof a.data === 'function' ? { gen: a.data } : { data: a.data };
	const url = emu.addBlob({ ...blob, contentType: a.contentType, filename: a.filename.replace('{id}', id) });
	const now = pyIsoNow();
	const asset = {
		id,
		customer_id: 'emulator-customer',
		primary_user_id: 'emulator-user',
		args: a.args,
		results: [url],
		thumbnails: [],
		status: 'success',
		mime_type: a.mime,
		app_name: a.app_name,
		quantity: 1,
		credits: a.credits,
		created_at: now,
		updated_at: now,
		history: [],
	};
	emu.state.vimmerse.assets.push(asset);
	return { status: 200, json: asset };
}

/** @type {Record<string, (ctx: Ctx) => Promise<Reply>>} */
const H = {
	async tts(ctx) {
		const v = await validated(ctx, schemas.tts);
		if (v.error) return v.error;
		const b = v.value;
		// Strict mode (config.vimmerseVoices): an unknown voice is refused, listing the valid ones.
		const voices = ctx.emu.state.config.vimmerseVoices;
		if (voices && !voices.includes(b.voice)) {
			return { status: 400, json: { message: 'INVALID_VOICE', detail: `Valid voices: ${voices.join(', ')}` } };
		}
		const seconds = Math.min(60, Math.max(0.5, b.prompt.length * 0.06));
		return createAsset(ctx.emu, {
			app_name: 'text-to-speech',
			args: { prompt: b.prompt, option: b.option, voice: b.voice, ...(b.language ? { language: b.language } : {}) },
			credits: unitCost('text-to-speech', b),
			data: () => media.makeMp3(seconds),
			mime: 'audio/mp3',
			contentType: 'audio/mpeg',
			filename: '{id}.mp3',
		});
	},
	async sfx(ctx) {
		const v = await validated(ctx, schemas.sfx);
		if (v.error) return v.error;
		const b = v.value;
		return createAsset(ctx.emu, {
			app_name: 'text-to-audio',
			args: { prompt: b.prompt, duration: b.duration, option: 'ElevenLabsSE' },
			credits: unitCost('text-to-audio', b),
			data: () => media.makeMp3(b.duration),
			mime: 'audio/mp3',
			contentType: 'audio/mpeg',
			filename: '{id}.mp3',
		});
	},
	async music(ctx) {
		const v = await validated(ctx, schemas.music);
		if (v.error) return v.error;
		return createAsset(ctx.emu, {
			app_name: 'text-to-music',
			args: { prompt: v.value.prompt, option: 'Lyria' },
			credits: unitCost('text-to-music', {}),
			data: () => media.makeWav(30, 8000, { freq: 220 }),
			mime: 'audio/wav',
			contentType: 'audio/wav',
			filename: '{id}.wav',
		});
	},
	async estimate(ctx) {
		const v = await validated(ctx, schemas.estimate);
		if (v.error) return v.error;
		const b = v.value;
		const unit = unitCost(b.app_name, b);
		return {
			status: 200,
			json: {
				total_credits: unit * b.quantity,
				breakdown: { app_name: b.app_name, option: b.option, quantity: b.quantity, unit_credits: unit, ...(b.duration ? { duration: b.duration } : {}) },
			},
		};
	},
	async upload(ctx) {
		const missing = err422([{ type: 'missing', loc: ['body', 'audio_file'], msg: 'Field required', input: null }]);
		const boundary = getBoundary(ctx.req.headers['content-type']);
		if (!boundary) return missing;
		let mp;
		try {
			mp = await ctx.multipart();
		} catch (e) {
			if (e instanceof MultipartError) return err422([{ type: 'value_error', loc: ['body'], msg: `There was an error parsing the body: ${e.message}` }]);
			throw e;
		}
		const file = mp.files.find((p) => p.name === 'audio_file');
		if (!file || (!file.data && ctx.emu.state.config.retainUploads)) return missing;
		if (file.size === 0) return err422([{ type: 'value_error', loc: ['body', 'audio_file'], msg: 'Uploaded file is empty' }]);
		const filename = file.filename || 'audio.bin';
		const ext = path.extname(filename).toLowerCase();
		const guess = /** @type {Record<string,string>} */ ({ '.mp3': 'audio/mpeg', '.wav': 'audio/wav', '.m4a': 'audio/mp4', '.ogg': 'audio/ogg', '.flac': 'audio/flac' })[ext];
		const contentType = file.contentType && file.contentType !== 'application/octet-stream' ? file.contentType : guess ?? 'application/octet-stream';
		ctx.entry.size = file.size;
		ctx.entry.md5 = file.md5;
		return createAsset(ctx.emu, {
			app_name: 'upload-audio',
			args: { audio_file: filename },
			credits: unitCost('upload-audio', {}),
			data: file.data ?? Buffer.alloc(0),
			mime: contentType,
			contentType,
			filename,
		});
	},
	async asset(ctx) {
		const a = ctx.emu.state.vimmerse.assets.find((/** @type {any} */ x) => x.id === ctx.params.id);
		return a ? { status: 200, json: a } : msg(404, 'MEDIA_NOT_FOUND');
	},
	async health() {
		return { status: 200, json: { status: 'ok' } };
	},
};

/** @type {Array<[string, string, (ctx: Ctx) => Promise<Reply>]>} */
const ROUTES = [
	['POST', '/v2/audio', H.upload],
	['POST', '/v2/audio/estimate-credits', H.estimate],
	['POST', '/v2/audio/text-2-speech', H.tts],
	['POST', '/v2/audio/text-2-sound-effect', H.sfx],
	['POST', '/v2/audio/text-2-music', H.music],
	['GET', '/v2/asset/:id', H.asset],
	['GET', '/asset/:id', H.asset],
	['GET', '/health', H.health],
];

/** @param {Ctx} ctx @returns {Promise<Reply>} */
async function handle(ctx) {
	const m = matchRoute(ROUTES, ctx.method, ctx.path);
	if ('notFound' in m) return { status: 404, json: { detail: 'Not Found' } };
	if ('methodNotAllowed' in m) return { status: 405, json: { detail: 'Method Not Allowed' } };
	ctx.params = m.params;
	if (m.handler !== H.health && ctx.req.headers['x-api-key'] !== ctx.emu.keys.vimmerse) return msg(401, 'UNAUTHORIZED');
	return m.handler(ctx);
}

const FAULT_MESSAGES = /** @type {Record<number,string>} */ ({ 429: 'TOO_MANY_REQUESTS', 500: 'INTERNAL_SERVER_ERROR', 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE' });
/** @param {number} status @returns {Reply} */
function errorReply(status) {
	return msg(status, FAULT_MESSAGES[status] ?? 'ERROR');
}

/** This API's part of `emu.state` (rebuilt on every reset). @param {import('./types').Config} config */
function initialState(config) {
	return { credits: config.vimmerseCredits, assets: [] };
}

/** This API's part of GET /_emulator/state. @param {import('./types').Emu} emu */
function stateView(emu) {
	const s = emu.state.vimmerse;
	return { credits: s.credits, assets: s.assets, assetCounts: countBy(s.assets, 'app_name') };
}

module.exports = { handle, errorReply, initialState, stateView, unitCost };
