// @ts-check
'use strict';
/**
 * VMEG Open API emulator, mounted at <url>/vmeg (requests: <url>/vmeg/openapi/v1/...).
 * Follows /work/shared/reference/vmeg-api.md (docs revision 3/4: `/openapi/v1`, `pipelineKey`,
 * callback `version: 'v1'`, TTS `provider` accepted but ignored).
 *
 * Choices where the docs leave room:
 *  - Business errors (validation 400, not found 404, …) are HTTP 200 with the error in the
 *    envelope `code` ("success means code === 200 in the body, not the HTTP status alone").
 *    Only these use a non-200 HTTP status: 401 auth, 409 idempotency replay (+ Retry-After: 2),
 *    413 body too large, 404/405 unknown route/method, 500 internal error.
 *  - Idempotency: checked after auth and body read, scope = API key + path + key, TTL 24 h. The
 *    key is recorded only when the request succeeds (envelope code 200); a request rejected by
 *    validation does not burn its key. A replay of an accepted key gets 409 whatever the payload.
 *  - Task status strings: every task type uses 'running' → 'finished' | 'failed'.
 *  - Sync endpoints (tts/translate/clone-voice `create`) also record a finished task so it shows
 *    in tasks/list and tasks/detail; they never send callbacks.
 *  - tasks/detail `result` = the callback's `data` (media translation: `data.result`), null
 *    while running or failed.
 *  - Audio translation (`at`) of a video material runs as `vt` (the docs allow this);
 *    `at` results have `build.video: null`.
 *  - All voiceIds of a TTS batch must exist, must not mix system (sv_) and cloned (cv_/timbreRefAudio)
 *    voices, and must resolve to one provider tier; each rule has its own 400 message.
 */
const { numericId, hex, isoNow, matchRoute, zodMessage, isObject, countBy } = require('./http-util');
const { makeSchemas, stripNulls, dropEmpty } = require('./vmeg-schemas');
const { listSystemVoices, listClonedVoices } = require('./vmeg-voices');
const { materialHandlers } = require('./vmeg-materials');
const { sendCallback } = require('./vmeg-webhooks');
const media = require('./media');

/** @typedef {import('./types').Emu} Emu @typedef {import('./types').Ctx} Ctx @typedef {import('./http-util').Reply} Reply */

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** @returns {Reply} */
const ok = (/** @type {unknown} */ data) => ({ status: 200, json: { code: 200, message: '', data } });
/** @returns {Reply} */
const biz = (/** @type {number} */ code, /** @type {string} */ message) => ({ status: 200, json: { code, message, data: null } });
/** HTTP-level error with the same envelope. @returns {Reply} */
const httpErr = (/** @type {number} */ status, /** @type {string} */ message, /** @type {Record<string,string>} */ headers = {}) => ({
	status,
	headers,
	json: { code: status, message, data: null },
});

const mat = materialHandlers({ ok, biz });

/** @type {WeakMap<Emu, ReturnType<typeof makeSchemas>>} */
const schemaCache = new WeakMap();
const schemasFor = (/** @type {Emu} */ emu) => {
	let s = schemaCache.get(emu);
	if (!s) schemaCache.set(emu, (s = makeSchemas(emu.url)));
	return s;
};

// ---------------------------------------------------------------- tasks
/** @param {Emu} emu @param {string} taskType @param {'sync'|'async'} mode @param {string} event @param {any} body @param {string|null} idemKey */
function newTask(emu, taskType, mode, event, body, idemKey) {
	const now = isoNow();
	const task = {
		taskId: numericId(),
		taskType,
		mode,
		status: 'running',
		event,
		createdAt: now,
		updatedAt: now,
		finishedAt: /** @type {string|null} */ (null),
		idempotencyKey: idemKey,
		request: body,
		extraData: mode === 'async' ? body.extraData ?? null : null,
		pipelineKey: mode === 'async' ? hex(16) : null,
		result: /** @type {unknown} */ (null),
		callbackData: /** @type {unknown} */ (null),
		error: /** @type {string|null} */ (null),
		materialId: /** @type {string|null} */ (null),
		deleted: false,
	};
	emu.state.vmeg.tasks.push(task);
	return task;
}

/**
 * Run an async task: acceptance now, finish after taskDurationMs, then callback.
 * `compute()` returns { data (callback data), result (tasks/detail result) }.
 * @param {Emu} emu @param {any} task @param {() => { data: unknown, result: unknown }} compute @param {(task: any) => unknown} failureData
 */
function runAsync(emu, task, compute, failureData) {
	const early = emu.state.config.webhookBeforeResponse;
	/** @type {() => void} */
	let answered = () => {};
	if (early) firstCallback.set(task, new Promise((resolve) => (answered = () => resolve(undefined))));
	emu.later(() => {
		const failure = emu.takeFailure('vmeg', task.taskType);
		if (failure) {
			task.status = 'failed';
			task.error = failure.message;
			task.callbackData = failureData(task);
			task.result = null;
		} else {
			try {
				const out = compute();
				task.callbackData = out.data;
				task.result = out.result;
				task.status = 'finished';
			} catch (e) {
				task.status = 'failed';
				task.error = `Internal error: ${/** @type {Error} */ (e).message}`;
				task.callbackData = failureData(task);
			}
		}
		task.finishedAt = task.updatedAt = isoNow();
		sendCallback(emu, task, early ? answered : undefined).catch((e) => {
			emu.log(`webhook error: ${e.message}`);
			answered();
		});
	}, early ? 0 : emu.state.config.taskDurationMs);
}

/**
 * `webhookBeforeResponse`: the create response of an async task waits until its first callback
 * attempt has an answer (the task finishes at once), so the callback always arrives first.
 * @type {WeakMap<any, Promise<unknown>>}
 */
const firstCallback = new WeakMap();

/** Resolve voices of a TTS batch; returns an error message or null. @param {Emu} emu @param {any[]} items */
function checkTtsVoices(emu, items) {
	const kinds = new Set();
	const providers = new Set();
	for (const [i, it] of items.entries()) {
		if (!it.voiceId) {
			kinds.add('clone');
			continue;
		}
		const sys = emu.systemVoices.find((v) => v.voiceId === it.voiceId);
		const clone = emu.state.vmeg.clones.find((/** @type {any} */ c) => c.voiceId === it.voiceId && !c.deleted);
		if (!sys && !clone) return `Voice not found: data[${i}].voiceId=${it.voiceId}`;
		kinds.add(sys ? 'system' : 'clone');
		providers.add(sys ? sys.provider : clone.provider);
	}
	if (kinds.size > 1) {
		return 'Cannot mix system voices (sv_) with cloned voices (cv_) or timbreRefAudio in one request';
	}
	if (providers.size > 1) {
		return `All voiceIds in one request must resolve to the same provider; found ${[...providers].sort().join(', ')}`;
	}
	return null;
}

/** Audio results for TTS items. @param {Emu} emu @param {any} task @param {any} body */
function ttsResults(emu, task, body) {
	const fmt = body.outputFormat;
	return body.data.map((/** @type {any} */ it, /** @type {number} */ i) => {
		// About 16 characters a second, like a narrator; the stated duration is the served file's.
		const seconds = it.duration ?? Math.min(600, Math.max(0.5, it.text.length * 0.06));
		const contentType = fmt === 'wav' ? 'audio/wav' : fmt === 'mp3' ? 'audio/mpeg' : 'audio/mp4';
		const uri = emu.addBlob({ gen: () => media.makeAudio(fmt, seconds).data, contentType, filename: `tts-${task.taskId}-${i}.${fmt}` });
		return { uri, duration: Math.round(media.audioSeconds(fmt, seconds) * 1000) / 1000 };
	});
}

/** @param {any} body */
function translateItems(body) {
	const glossary = body.options?.glossary ?? {};
	return body.segments.map((/** @type {any} */ s) => {
		let text = s.text;
		for (const [from, to] of Object.entries(glossary)) text = text.split(from).join(to);
		return { text: `[${body.language.target}] ${text}` };
	});
}

/** @param {Emu} emu @param {any} task @param {any} body */
function createClone(emu, task, body) {
	const now = isoNow();
	const n = emu.state.vmeg.clones.length + 1;
	const clone = {
		voiceId: `cv_${hex(8)}`,
		name: body.voiceName ?? `Cloned voice ${n}`,
		provider: body.provider ?? 'V1',
		exampleLanguage: body.sampleLanguage ?? 'en-US',
		content: body.sampleText ?? '',
		audio: emu.addBlob({ gen: () => media.makeMp3(3), contentType: 'audio/mpeg', filename: 'clone-preview.mp3' }),
		taskId: task.taskId,
		createTime: now,
		updateTime: now,
		deleted: false,
	};
	emu.state.vmeg.clones.push(clone);
	return clone;
}

const SENTENCES = [
	'Welcome back to the channel.',
	'Today we are going to look at something new.',
	'Let me show you how it works.',
	'This part is the most important one.',
	'Thanks for watching, see you next time.',
	'Do not forget to subscribe.',
];

/** Media translation deliverables (`data.result`). @param {Emu} emu @param {any} task @param {any} body @param {any} material */
function mediaResult(emu, task, body, material) {
	const target = body.language.target;
	const source = body.language.source === 'auto' ? 'en-US' : body.language.source;
	const seconds = Math.max(1, Math.min(material.dto.duration / 1000, 120));
	const isVideo = task.taskType === 'vt';
	const provider = body.options.voiceClone.provider ?? 'V1';
	const audioFile = (/** @type {string} */ name, /** @type {number} */ s = seconds) => {
		const data = media.makeM4a(s);
		return { url: emu.addBlob({ data, contentType: 'audio/mp4', filename: name }), size: data.length };
	};
	const videoFile = (/** @type {string} */ name, /** @type {{width:number,height:number}} */ resolution) => {
		const data = media.makeMp4(seconds);
		const url = emu.addBlob({ data, contentType: 'video/mp4', filename: name });
		return { url, duration: seconds, size: data.length, resolution, fps: 25 };
	};
	const nSeg = Math.max(1, Math.min(12, Math.ceil(seconds / 5)));
	const segLen = seconds / nSeg;
	const segs = Array.from({ length: nSeg }, (_, i) => ({
		id: String(i + 1),
		speaker: `SPEAKER_${i % 2}`,
		start: Math.round(i * segLen * 1000) / 1000,
		end: Math.round((i + 1) * segLen * 1000) / 1000,
		text: SENTENCES[i % SENTENCES.length],
		gender: i % 2 ? 'male' : 'female',
	}));
	const mono = audioFile('mono.m4a');
	const stem = audioFile('stem.m4a');
	const dubbed = audioFile('dubbed.m4a');
	const voiceId = (/** @type {number} */ i) => body.options.voiceSpeakers?.selectedVoicesList?.[i % 2]?.voiceId ?? `cv_auto_${task.taskId}_${i % 2}`;
	return {
		compress: isVideo ? { '480p': videoFile('480p.mp4', { width: 854, height: 480 }), '360p': videoFile('360p.mp4', { width: 640, height: 360 }) } : {},
		asrScripts: {
			asrResults: segs.map((s) => ({
				speaker: s.speaker, start: s.start, end: s.end, text: s.text, locale: source, emotion: 'neutral', name: s.speaker,
				gender: s.gender, age: 'adult', id: s.id, textWithBracket: s.text, textWithBreak: s.text,
			})),
			monoAudio: mono.url,
			speakerNum: Math.min(2, nSeg),
			language: { source, target },
			category: 'general',
			industry: 'general',
			keywords: ['emulator'],
			ctcEnabled: false,
		},
		audioSeparation: { sfxUrl: stem.url, musicUrl: stem.url, vocalUrl: stem.url, speechUrl: stem.url, otherUrl: stem.url, mnsUrl: stem.url },
		translatedScripts: {
			result: segs.map((s, i) => ({
				start: s.start, end: s.end, sourceText: s.text, text: `[${target}] ${s.text}`, speaker: s.speaker, locale: target, gender: s.gender,
				id: s.id, voiceId: voiceId(i), provider, speakerDisplayName: `Speaker ${(i % 2) + 1}`, emotion: 'neutral', age: 'adult',
				sourceSyllable: s.text.split(' ').length, targetSyllable: s.text.split(' ').length + 1, mode: body.options.voiceClone.mode ?? 'role',
			})),
		},
		voiceClone: { provider, mode: body.options.voiceClone.mode ?? 'role', refAudio: mono.url },
		voiceMatch: [0, 1].slice(0, Math.min(2, nSeg)).map((i) => ({
			speaker: `SPEAKER_${i}`, voiceId: voiceId(i), provider, exampleLanguage: target, content: SENTENCES[i], audio: stem.url,
		})),
		tts: {
			result: segs.map((s, i) => ({
				id: s.id, text: `[${target}] ${s.text}`, ttsFile: stem.url, provider, voiceId: voiceId(i),
				duration: Math.round((s.end - s.start) * 1000), cloneMode: body.options.voiceClone.mode ?? 'role',
			})),
		},
		alignment: {
			audio: [{ file: dubbed.url, templateId: 'tpl_audio', tracksTimes: segs.map((s) => [s.start, s.end]), timeRange: [0, seconds], volumeScale: 1 }],
			subtitle: [],
			video: isVideo ? [{ file: material.dto.addressUrl, templateId: 'tpl_video', tracksTimes: [[0, seconds]], timeRange: [0, seconds], volumeScale: 0 }] : [],
		},
		build: {
			video: isVideo ? videoFile('dubbed.mp4', { width: 1280, height: 720 }) : null,
			images: isVideo ? [{ url: emu.addBlob({ data: media.TINY_PNG, contentType: 'image/png', filename: 'cover.png' }), size: media.TINY_PNG.length, resolution: { width: 1, height: 1 } }] : [],
			audio: { url: dubbed.url, duration: seconds, size: dubbed.size, fps: 0 },
		},
	};
}

// ---------------------------------------------------------------- route handlers
/** @typedef {(emu: Emu, body: any, ctx: Ctx, idemKey: string|null) => Reply} Handler */

/** @type {Record<string, Handler>} */
const H = {
	ttsSync(emu, b, _c, key) {
		const err = checkTtsVoices(emu, b.data);
		if (err) return biz(400, err);
		const task = newTask(emu, 'tts', 'sync', 'openapi-tts', b, key);
		const data = { taskId: task.taskId, results: ttsResults(emu, task, b), createdAt: task.createdAt };
		Object.assign(task, { status: 'finished', result: data, callbackData: data, finishedAt: isoNow() });
		return ok(data);
	},
	ttsAsync(emu, b, _c, key) {
		const err = checkTtsVoices(emu, b.data);
		if (err) return biz(400, err);
		const task = newTask(emu, 'tts', 'async', 'openapi-tts', b, key);
		runAsync(
			emu,
			task,
			() => {
				const data = { taskId: task.taskId, createdAt: task.createdAt, results: ttsResults(emu, task, b) };
				return { data, result: data };
			},
			(t) => ({ taskId: t.taskId, createdAt: t.createdAt, results: b.data.map(() => ({ uri: null, duration: 0, errorMessage: t.error })) }),
		);
		return ok({ taskId: task.taskId, createdAt: task.createdAt });
	},
	translateSync(emu, b, _c, key) {
		const task = newTask(emu, 'textTranslation', 'sync', 'openapi-translate', b, key);
		const data = { taskId: task.taskId, items: translateItems(b), createdAt: task.createdAt };
		Object.assign(task, { status: 'finished', result: data, callbackData: data, finishedAt: isoNow() });
		return ok(data);
	},
	translateAsync(emu, b, _c, key) {
		const task = newTask(emu, 'textTranslation', 'async', 'openapi-translate', b, key);
		runAsync(
			emu,
			task,
			() => {
				const data = { taskId: task.taskId, createdAt: task.createdAt, items: translateItems(b) };
				return { data, result: data };
			},
			(t) => ({ taskId: t.taskId, createdAt: t.createdAt, items: b.segments.map(() => ({ text: null, errorMessage: t.error })) }),
		);
		return ok({ taskId: task.taskId, createdAt: task.createdAt });
	},
	cloneSync(emu, b, _c, key) {
		const task = newTask(emu, 'cloneVoice', 'sync', 'openapi-clone-voice', b, key);
		const clone = createClone(emu, task, b);
		const data = { taskId: task.taskId, voiceId: clone.voiceId, createdAt: task.createdAt };
		Object.assign(task, { status: 'finished', result: data, callbackData: data, finishedAt: isoNow() });
		return ok(data);
	},
	cloneAsync(emu, b, _c, key) {
		const task = newTask(emu, 'cloneVoice', 'async', 'openapi-clone-voice', b, key);
		runAsync(
			emu,
			task,
			() => {
				const clone = createClone(emu, task, b);
				const data = { taskId: task.taskId, voiceId: clone.voiceId, createdAt: task.createdAt };
				return { data, result: data };
			},
			(t) => ({ taskId: t.taskId, voiceId: null, createdAt: t.createdAt }),
		);
		return ok({ taskId: task.taskId, createdAt: task.createdAt });
	},
	mediaAsync(emu, b, _c, key) {
		const material = mat.findMaterial(emu, b.source.materialId);
		if (!material) return biz(404, `Material not found: ${b.source.materialId}`);
		if (material.status !== 'completed') return biz(400, `Material ${b.source.materialId} is not a completed upload (status: ${material.status})`);
		for (const v of b.options.voiceSpeakers?.selectedVoicesList ?? []) {
			const exists = emu.systemVoices.some((s) => s.voiceId === v.voiceId) || emu.state.vmeg.clones.some((/** @type {any} */ c) => c.voiceId === v.voiceId && !c.deleted);
			if (!exists) return biz(400, `Voice not found: ${v.voiceId}`);
		}
		const taskType = b.taskType === 'at' && material.category === 'video' ? 'vt' : b.taskType;
		const task = newTask(emu, taskType, 'async', 'openapi-media-translation', b, key);
		task.materialId = material.materialId;
		runAsync(
			emu,
			task,
			() => {
				const result = mediaResult(emu, task, b, material);
				return { data: { taskId: task.taskId, taskType, status: 'finished', result }, result };
			},
			(t) => ({ taskId: t.taskId, taskType, status: 'failed', result: null }),
		);
		return ok({ taskId: task.taskId, taskType, status: 'running', createdAt: task.createdAt });
	},
	tasksList(emu, q) {
		const list = emu.state.vmeg.tasks
			.filter((/** @type {any} */ t) => !t.deleted && (!q.taskType || t.taskType === q.taskType) && (!q.status || t.status === q.status))
			.slice()
			.reverse();
		const start = (q.currentPage - 1) * q.pageSize;
		const records = list.slice(start, start + q.pageSize).map((/** @type {any} */ t) => ({
			taskId: t.taskId, taskType: t.taskType, status: t.status, createdAt: t.createdAt, updatedAt: t.updatedAt,
		}));
		return ok({ records, total: list.length });
	},
	tasksDetail(emu, q) {
		const t = emu.state.vmeg.tasks.find((/** @type {any} */ x) => x.taskId === q.taskId && !x.deleted);
		if (!t) return biz(404, `Task not found: ${q.taskId}`);
		// A failed task says why (the field name is not documented; the callback's `message` has the same text).
		return ok({
			taskId: t.taskId,
			taskType: t.taskType,
			status: t.status,
			result: t.status === 'finished' ? t.result : null,
			...(t.status === 'failed' ? { errorMessage: t.error } : {}),
		});
	},
	tasksDelete(emu, b) {
		const t = emu.state.vmeg.tasks.find((/** @type {any} */ x) => x.taskId === b.taskId && !x.deleted);
		if (!t) return biz(404, `Task not found: ${b.taskId}`);
		t.deleted = true;
		t.updatedAt = isoNow();
		return ok(null);
	},
	genUploadUrl: (emu, b) => mat.genUploadUrl(emu, b),
	uploadComplete: (emu, b) => mat.uploadComplete(emu, b),
	mpInitiate: (emu, b) => mat.initiate(emu, b),
	mpPresign: (emu, b) => mat.presignParts(emu, b),
	mpComplete: (emu, b) => mat.mpComplete(emu, b),
	mpAbort: (emu, b) => mat.mpAbort(emu, b),
	materialList: (emu, q) => mat.list(emu, q),
	materialDelete: (emu, b) => mat.remove(emu, b),
	basicList: (emu, b) => ok(listSystemVoices(emu.systemVoices, b)),
	cloneList: (emu, b) => ok(listClonedVoices(emu.state.vmeg.clones, b)),
	cloneUpdate(emu, b) {
		const c = emu.state.vmeg.clones.find((/** @type {any} */ x) => x.voiceId === b.voiceId && !x.deleted);
		if (!c) return biz(404, `Cloned voice not found: ${b.voiceId}`);
		c.name = b.voiceName;
		c.updateTime = isoNow();
		return ok(null);
	},
	cloneDelete(emu, b) {
		const c = emu.state.vmeg.clones.find((/** @type {any} */ x) => x.voiceId === b.voiceId && !x.deleted);
		if (!c) return biz(404, `Cloned voice not found: ${b.voiceId}`);
		c.deleted = true;
		c.updateTime = isoNow();
		return ok(null);
	},
};

/** @typedef {{ fn: Handler, schema: keyof ReturnType<typeof makeSchemas>, idem: boolean }} Route */
const P = '/openapi/v1';
/** @type {Array<[string, string, Route]>} */
const ROUTES = [
	['POST', `${P}/task/tts/create`, { fn: H.ttsSync, schema: 'tts', idem: true }],
	['POST', `${P}/task/tts/create-async`, { fn: H.ttsAsync, schema: 'tts', idem: true }],
	['POST', `${P}/task/translate/create`, { fn: H.translateSync, schema: 'translate', idem: true }],
	['POST', `${P}/task/translate/create-async`, { fn: H.translateAsync, schema: 'translate', idem: true }],
	['POST', `${P}/task/clone-voice/create`, { fn: H.cloneSync, schema: 'clone', idem: true }],
	['POST', `${P}/task/clone-voice/create-async`, { fn: H.cloneAsync, schema: 'clone', idem: true }],
	['POST', `${P}/task/media-translation/create-async`, { fn: H.mediaAsync, schema: 'mediaTranslation', idem: true }],
	['GET', `${P}/tasks/list`, { fn: H.tasksList, schema: 'taskList', idem: false }],
	['GET', `${P}/tasks/detail`, { fn: H.tasksDetail, schema: 'taskDetail', idem: false }],
	['POST', `${P}/tasks/delete`, { fn: H.tasksDelete, schema: 'taskIdOnly', idem: true }],
	['POST', `${P}/assets/material/upload/gen-upload-url`, { fn: H.genUploadUrl, schema: 'uploadStart', idem: true }],
	['POST', `${P}/assets/material/upload/complete`, { fn: H.uploadComplete, schema: 'uploadComplete', idem: true }],
	['POST', `${P}/assets/material/upload/multipart/initiate`, { fn: H.mpInitiate, schema: 'uploadStart', idem: true }],
	['POST', `${P}/assets/material/upload/multipart/presign-parts`, { fn: H.mpPresign, schema: 'presignParts', idem: true }],
	['POST', `${P}/assets/material/upload/multipart/complete`, { fn: H.mpComplete, schema: 'mpComplete', idem: true }],
	['POST', `${P}/assets/material/upload/multipart/abort`, { fn: H.mpAbort, schema: 'mpAbort', idem: true }],
	['GET', `${P}/assets/material/list`, { fn: H.materialList, schema: 'materialList', idem: false }],
	['POST', `${P}/assets/material/delete`, { fn: H.materialDelete, schema: 'materialIdOnly', idem: true }],
	['POST', `${P}/assets/voice/basic/list`, { fn: H.basicList, schema: 'basicList', idem: false }],
	['POST', `${P}/assets/voice/clone/list`, { fn: H.cloneList, schema: 'cloneList', idem: false }],
	['POST', `${P}/assets/voice/clone/update`, { fn: H.cloneUpdate, schema: 'cloneUpdate', idem: true }],
	['POST', `${P}/assets/voice/clone/delete`, { fn: H.cloneDelete, schema: 'voiceIdOnly', idem: true }],
];

/**
 * @param {Ctx} ctx
 * @returns {Promise<Reply>}
 */
async function handle(ctx) {
	// req_id (any GET/POST): accepted; generated when absent; exposed only as a response header.
	const reqId = ctx.query.req_id || hex(16);
	const reply = styleError(ctx.emu, await dispatch(ctx));
	reply.headers = { 'X-Request-Id': reqId, ...(reply.headers ?? {}) };
	const json = /** @type {any} */ (reply.json);
	if (typeof json?.code === 'number') ctx.entry.code = json.code;
	if (json && json.code !== 200) ctx.entry.message = json.message;
	return reply;
}

/** @param {Ctx} ctx @returns {Promise<Reply>} */
async function dispatch(ctx) {
	const { emu, req } = ctx;
	const m = matchRoute(ROUTES, ctx.method, ctx.path);
	if ('notFound' in m) return httpErr(404, `No route for ${ctx.method} ${ctx.path}`);
	if ('methodNotAllowed' in m) return httpErr(405, `Method ${ctx.method} not allowed for ${ctx.path}`);
	const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
	if (!auth || auth[1].trim() !== emu.keys.vmeg) return httpErr(401, 'Invalid or missing API Key');
	const route = m.handler;
	const schemas = schemasFor(emu);

	/** @type {unknown} */
	let input;
	if (ctx.method === 'GET') {
		const q = { ...ctx.query };
		delete q.req_id;
		input = dropEmpty(q);
	} else {
		const body = await ctx.json(1024 * 1024);
		if (body.tooLarge) return httpErr(413, 'Request body too large');
		if (!body.ok && !body.empty) return biz(400, 'Malformed JSON request body');
		if (body.ok && !isObject(body.value)) return biz(400, 'Request body must be a JSON object');
		input = stripNulls(body.value ?? {});
		if (route.schema === 'basicList' || route.schema === 'cloneList') input = dropEmpty(/** @type {any} */ (input));
	}

	/** @type {string|null} */
	let idemKey = null;
	let scope = '';
	if (route.idem) {
		const raw = req.headers['x-idempotency-key'];
		const key = typeof raw === 'string' ? raw.trim() : '';
		if (!key) return biz(400, 'X-Idempotency-Key header is required');
		if (key.length > 64) return biz(400, 'X-Idempotency-Key must be at most 64 characters');
		idemKey = key;
		scope = `${ctx.path}\u0000${key}`;
		const now = Date.now();
		for (const [k, exp] of emu.rt.idempotency) if (exp <= now) emu.rt.idempotency.delete(k);
		if (emu.rt.idempotency.has(scope)) {
			return httpErr(409, 'Idempotency key already used; retry later or use a new X-Idempotency-Key', { 'Retry-After': '2' });
		}
		// Strict mode: any authenticated request uses its key up, even one rejected below.
		if (emu.state.config.vmegStrictIdempotency) spendKey(emu, scope);
	}

	const parsed = schemas[route.schema].safeParse(input);
	if (!parsed.success) return biz(400, `Validation failed: ${zodMessage(parsed.error)}`);
	const reply = route.fn(emu, parsed.data, ctx, idemKey);
	if (route.idem && /** @type {any} */ (reply.json)?.code === 200) spendKey(emu, scope);
	const acceptedId = /** @type {any} */ (reply.json)?.data?.taskId;
	const accepted = acceptedId && emu.state.vmeg.tasks.find((/** @type {any} */ t) => t.taskId === acceptedId && t.mode === 'async');
	const early = accepted && firstCallback.get(accepted);
	if (early) await early;
	return reply;
}

/** @param {Emu} emu @param {string} scope */
function spendKey(emu, scope) {
	emu.rt.idempotency.set(scope, Date.now() + IDEMPOTENCY_TTL_MS);
	emu.state.vmeg.idempotencyKeys = emu.rt.idempotency.size;
}

/**
 * Strict mode, for an injected error answer: an authenticated request to a keyed route uses
 * its key up although it was refused.
 * @param {Emu} emu @param {import('node:http').IncomingMessage} req @param {string} method @param {string} path
 */
function spendKeyOnFault(emu, req, method, path) {
	if (!emu.state.config.vmegStrictIdempotency) return;
	const m = matchRoute(ROUTES, method, path);
	if (!('handler' in m) || !m.handler.idem) return;
	const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
	const raw = req.headers['x-idempotency-key'];
	if (!auth || auth[1].trim() !== emu.keys.vmeg || typeof raw !== 'string' || !raw.trim()) return;
	spendKey(emu, `${path}\u0000${raw.trim()}`);
}

/**
 * config.vmegErrorStyle: 'mixed' (default: business errors in an HTTP 200 envelope, auth/409/413/5xx
 * as HTTP status), 'http' (every error as its HTTP status), 'envelope' (every error as HTTP 200
 * with the code in the envelope).
 * @param {Emu} emu @param {Reply} reply @returns {Reply}
 */
function styleError(emu, reply) {
	const code = /** @type {any} */ (reply.json)?.code;
	if (typeof code !== 'number' || code === 200) return reply;
	const style = emu.state.config.vmegErrorStyle;
	if (style === 'http' && reply.status === 200 && code >= 400 && code <= 599) return { ...reply, status: code };
	if (style === 'envelope' && reply.status !== 200) return { ...reply, status: 200 };
	return reply;
}

/** Fault / crash reply in this API's envelope. @param {number} status @param {string} message @returns {Reply} */
function errorReply(status, message) {
	return httpErr(status, message);
}

/** This API's part of `emu.state` (rebuilt on every reset). */
function initialState() {
	return { tasks: [], materials: [], clones: [], idempotencyKeys: 0, webhookDeliveries: [] };
}

/** This API's part of GET /_emulator/state. @param {Emu} emu */
function stateView(emu) {
	const s = emu.state.vmeg;
	return {
		tasks: s.tasks,
		taskCounts: countBy(s.tasks, 'taskType'),
		materials: s.materials,
		clones: s.clones,
		idempotencyKeys: emu.rt.idempotency.size,
		webhookDeliveries: s.webhookDeliveries,
	};
}

module.exports = { handle, errorReply, initialState, stateView, spendKeyOnFault, styleError };
