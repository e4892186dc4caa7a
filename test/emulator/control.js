// @ts-check
'use strict';
/**
 * Control API under <url>/_emulator (no auth, JSON in/out):
 *
 *   GET  /health                      {ok:true}
 *   POST /reset                       clear tasks, materials, clones, logs, faults, sinks, armed failures;
 *                                     restore credits/config to the start-up defaults (keys are kept)
 *   GET  /config   POST /config       merge {vmegWebhookUrl, vmegWebhookSecret, taskDurationMs, vimmerseCredits
 *                                     (also sets the balance), duplicateWebhooks, webhookBeforeResponse, webhookRetries, webhookRetryDelayMs,
 *                                     webhookTimeoutMs, recommendedPartSize, minPartSize, voiceTaskDurationMs,
 *                                     voiceModelsCacheMs, voiceAudioFieldName, s3RequireContentLength, retainUploads (false: uploaded
 *                                     files are hashed, not kept, for benchmarks of GiB files), vmegStrictIdempotency,
 *                                     vmegErrorStyle, vimmerseVoices}; unknown keys → 400
 *   POST /faults {rules:[…], replace?} append (or replace) fault rules; GET lists them; DELETE clears
 *   GET  /state                       snapshot (see README.md)
 *   POST|PUT /sink/:name              record a raw body (size, md5, content-type, multipart parts); GET returns
 *                                     {name, records}; DELETE clears
 *   POST /vmeg/send-callback          {taskId, tamper?: 'signature'|'timestamp-stale'|'body'|'no-signature',
 *                                      duplicate?: n (number of deliveries, default 1), url?} → statuses
 *   POST /fail-next                   {api:'vmeg'|'voice', taskType?, message?, times?} make the next matching
 *                                     async task(s) finish as failed
 */
const { z } = require('zod');
const { matchRoute, isObject, readBody, parseJson } = require('./http-util');
const { getBoundary, parseMultipart } = require('./multipart');
const { deliverOnce } = require('./vmeg-webhooks');
const { APIS, API_NAMES } = require('./apis');

/** @typedef {import('./types').Emu} Emu @typedef {import('./types').Ctx} Ctx @typedef {import('./http-util').Reply} Reply */

const configSchema = z
	.object({
		vmegWebhookUrl: z.string().url().nullable(),
		vmegWebhookSecret: z.string().min(1),
		taskDurationMs: z.number().int().min(0),
		vimmerseCredits: z.number().min(0),
		duplicateWebhooks: z.boolean(),
		webhookBeforeResponse: z.boolean(),
		webhookRetries: z.number().int().min(0).max(50),
		webhookRetryDelayMs: z.number().int().min(0),
		webhookTimeoutMs: z.number().int().min(1),
		recommendedPartSize: z.number().int().min(1),
		minPartSize: z.number().int().min(0),
		voiceTaskDurationMs: z.number().int().min(0),
		voiceModelsCacheMs: z.number().int().min(0),
		voiceAudioFieldName: z.string().min(1),
		s3RequireContentLength: z.boolean(),
		retainUploads: z.boolean(),
		vmegStrictIdempotency: z.boolean(),
		vmegErrorStyle: z.enum(['mixed', 'http', 'envelope']),
		vimmerseVoices: z.array(z.string().min(1)).nullable(),
	})
	.partial()
	.strict();

const ruleSchema = z
	.object({
		api: z.enum([.../** @type {[string, ...string[]]} */ (API_NAMES), 'any', 'cdn', 's3']),
		method: z.string().min(1).optional(),
		path: z.string().min(1).optional(),
		kind: z.enum(['status', 'drop-after-accept', 'drop-before', 'delay', 'truncate', 'hold-after-accept', 'cut-off', 'stall']),
		status: z.number().int().min(100).max(599).optional(),
		retryAfter: z.number().min(0).optional(),
		delayMs: z.number().int().min(0).optional(),
		fraction: z.number().min(0).max(0.99).optional(),
		times: z.number().int().min(1).default(1),
		body: z.unknown().optional(),
		keepBytes: z.number().int().min(0).optional(),
	})
	.strict();

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'x-api-key', 'x-rapidapi-key', 'proxy-authorization']);

/** @returns {Reply} */
const ok = (/** @type {unknown} */ json) => ({ status: 200, json });
/** @returns {Reply} */
const bad = (/** @type {number} */ status, /** @type {string} */ error) => ({ status, json: { error } });

/** Validate + merge a config patch. Throws on invalid input. @param {Emu} emu @param {unknown} patch */
function applyConfig(emu, patch) {
	const p = configSchema.parse(patch);
	Object.assign(emu.state.config, p);
	if (p.vimmerseCredits !== undefined) emu.state.vimmerse.credits = p.vimmerseCredits;
	if (p.voiceModelsCacheMs !== undefined) emu.rt.modelsCache.clear();
	return emu.state.config;
}

/** JSON body of a control request ({} when empty). @param {Ctx} ctx */
async function body(ctx) {
	const b = await ctx.json(4 * 1024 * 1024);
	if (b.empty) return { value: {} };
	if (!b.ok || !isObject(b.value)) return { error: bad(400, 'body must be a JSON object') };
	return { value: b.value };
}

/** @param {Emu} emu */
function snapshot(emu) {
	const s = emu.state;
	return {
		config: s.config,
		faults: s.faults,
		requests: s.requests,
		...Object.fromEntries(API_NAMES.map((api) => [api, APIS[api].module.stateView(emu)])),
		sinks: Object.fromEntries(Object.entries(s.sinks).map(([k, v]) => [k, /** @type {any[]} */ (v).length])),
	};
}

/** Record a sink request. @param {Ctx} ctx @returns {Promise<Reply>} */
async function sink(ctx) {
	const { req, emu } = ctx;
	const name = ctx.params.name;
	/** @type {Record<string, unknown>} */
	const headers = {};
	for (const [k, v] of Object.entries(req.headers)) if (!SECRET_HEADERS.has(k)) headers[k] = v;
	const contentType = req.headers['content-type'] ?? null;
	/** @type {Record<string, any>} */
	const record = { at: new Date().toISOString(), method: ctx.method, contentType, query: ctx.query, headers };
	const boundary = getBoundary(contentType ?? undefined);
	if (boundary) {
		try {
			const mp = await parseMultipart(req, boundary, { keepData: false });
			Object.assign(record, {
				size: mp.size,
				md5: mp.md5,
				parts: mp.parts.map((p) => ({ name: p.name, filename: p.filename, contentType: p.contentType, size: p.size, md5: p.md5 })),
				fields: Object.fromEntries(Object.entries(mp.fields).map(([k, v]) => [k, v.length > 4096 ? `${v.slice(0, 4096)}…` : v])),
			});
		} catch (e) {
			return bad(400, `malformed multipart body: ${/** @type {Error} */ (e).message}`);
		}
	} else {
		// Streamed + hashed; bytes kept only up to 1 MiB (for the json/text preview).
		const b = await readBody(req, { limit: 1024 * 1024 });
		Object.assign(record, { size: b.size, md5: b.md5 });
		if (!b.tooLarge) {
			if (/json/i.test(contentType ?? '')) {
				const p = parseJson(b.data);
				if (p.ok) record.json = p.value;
			} else if (/^text\//i.test(contentType ?? '') && b.size <= 65536) record.text = b.data.toString('utf8');
		}
	}
	const list = (emu.state.sinks[name] ??= []);
	record.seq = list.length + 1;
	list.push(record);
	return ok({ ok: true, name, seq: record.seq, size: record.size, md5: record.md5 });
}

/** @type {Array<[string, string, (ctx: Ctx, reset: () => void) => Promise<Reply>]>} */
const ROUTES = [
	['GET', '/health', async () => ok({ ok: true })],
	[
		'POST',
		'/reset',
		async (_ctx, reset) => {
			reset();
			return ok({ ok: true });
		},
	],
	['GET', '/config', async (ctx) => ok(ctx.emu.state.config)],
	[
		'POST',
		'/config',
		async (ctx) => {
			const b = await body(ctx);
			if (b.error) return b.error;
			try {
				return ok(applyConfig(ctx.emu, b.value));
			} catch (e) {
				return bad(400, e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') : String(e));
			}
		},
	],
	['GET', '/faults', async (ctx) => ok({ rules: ctx.emu.state.faults })],
	[
		'DELETE',
		'/faults',
		async (ctx) => {
			ctx.emu.state.faults.length = 0;
			return ok({ ok: true });
		},
	],
	[
		'POST',
		'/faults',
		async (ctx) => {
			const b = await body(ctx);
			if (b.error) return b.error;
			const r = z.object({ rules: z.array(ruleSchema), replace: z.boolean().optional() }).strict().safeParse(b.value);
			if (!r.success) return bad(400, r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
			const rules = r.data.rules.map((x) => ({
				...x,
				status: x.kind === 'status' ? x.status ?? 500 : x.status,
				delayMs: x.kind === 'delay' || x.kind === 'hold-after-accept' ? x.delayMs ?? 1000 : x.kind === 'stall' ? x.delayMs ?? 60_000 : x.delayMs,
				fraction: x.kind === 'cut-off' || x.kind === 'stall' ? x.fraction ?? 0.5 : x.fraction,
				remaining: x.times,
				used: 0,
			}));
			if (r.data.replace) ctx.emu.state.faults.length = 0;
			ctx.emu.state.faults.push(...rules);
			return ok({ ok: true, rules: ctx.emu.state.faults });
		},
	],
	['GET', '/state', async (ctx) => ok(snapshot(ctx.emu))],
	['POST', '/sink/:name', sink],
	['PUT', '/sink/:name', sink],
	['GET', '/sink/:name', async (ctx) => ok({ name: ctx.params.name, records: ctx.emu.state.sinks[ctx.params.name] ?? [] })],
	[
		'DELETE',
		'/sink/:name',
		async (ctx) => {
			delete ctx.emu.state.sinks[ctx.params.name];
			return ok({ ok: true });
		},
	],
	[
		'POST',
		'/vmeg/send-callback',
		async (ctx) => {
			const b = await body(ctx);
			if (b.error) return b.error;
			const r = z
				.object({
					taskId: z.union([z.string().min(1), z.number()]).transform(String),
					tamper: z.enum(['signature', 'timestamp-stale', 'body', 'no-signature']).optional(),
					duplicate: z.number().int().min(1).max(100).optional(),
					url: z.string().url().optional(),
				})
				.strict()
				.safeParse(b.value);
			if (!r.success) return bad(400, r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
			const { emu } = ctx;
			const task = emu.state.vmeg.tasks.find((/** @type {any} */ t) => t.taskId === r.data.taskId);
			if (!task) return bad(404, `task not found: ${r.data.taskId}`);
			if (task.mode !== 'async') return bad(409, 'task was created by a synchronous endpoint: it has no callback');
			if (task.status === 'running') return bad(409, 'task is still running');
			const url = r.data.url ?? emu.state.config.vmegWebhookUrl;
			if (!url) return bad(400, 'no webhook URL: set config.vmegWebhookUrl or pass url');
			const deliveries = [];
			for (let copy = 1; copy <= (r.data.duplicate ?? 1); copy++) {
				deliveries.push(await deliverOnce(emu, task, { url, attempt: 1, copy, tamper: r.data.tamper, manual: true }));
			}
			return ok({ taskId: task.taskId, pipelineKey: task.pipelineKey, url, statuses: deliveries.map((d) => d.status), deliveries });
		},
	],
	[
		'POST',
		'/fail-next',
		async (ctx) => {
			const b = await body(ctx);
			if (b.error) return b.error;
			const r = z
				.object({ api: z.enum(['vmeg', 'voice']), taskType: z.string().optional(), message: z.string().optional(), times: z.number().int().min(1).default(1) })
				.strict()
				.safeParse(b.value);
			if (!r.success) return bad(400, r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
			for (let i = 0; i < r.data.times; i++) ctx.emu.rt.failNext.push({ api: r.data.api, taskType: r.data.taskType, message: r.data.message });
			return ok({ ok: true, armed: ctx.emu.rt.failNext.length });
		},
	],
];

/** @param {Ctx} ctx @param {() => void} reset @returns {Promise<Reply>} */
async function handle(ctx, reset) {
	const m = matchRoute(ROUTES, ctx.method, ctx.path);
	if ('notFound' in m) return bad(404, `unknown control route ${ctx.method} /_emulator${ctx.path}`);
	if ('methodNotAllowed' in m) return bad(405, `method ${ctx.method} not allowed on /_emulator${ctx.path}`);
	ctx.params = m.params;
	return m.handler(ctx, reset);
}

module.exports = { handle, applyConfig, snapshot };
