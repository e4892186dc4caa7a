/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, not part of the published package */
/**
 * Types for index.js — the local emulator of the VMEG, Vimmerse and Voice APIs.
 * See README.md in this folder for behaviour; voice.js holds the Voice API contract.
 */
import * as mediaModule from './media';
import * as signingModule from './signing';

export interface EmulatorKeys {
	vmeg: string;
	vimmerse: string;
	voice: string;
}

export interface EmulatorConfig {
	/** null = no VMEG callbacks */
	vmegWebhookUrl: string | null;
	vmegWebhookSecret: string;
	/** how long VMEG async jobs stay `running` (default 300) */
	taskDurationMs: number;
	/** Vimmerse balance at start/reset (default 1000); setting it via config also sets the balance */
	vimmerseCredits: number;
	/** send every VMEG callback twice */
	duplicateWebhooks: boolean;
	/** Async jobs finish at once and the create response waits until their first callback was answered. */
	webhookBeforeResponse: boolean;
	/** retries after the first attempt (default 5) */
	webhookRetries: number;
	/** linear backoff base: wait delay × attempt (default 200) */
	webhookRetryDelayMs: number;
	/** per-attempt timeout (default 5000) */
	webhookTimeoutMs: number;
	/** reported by multipart/initiate (default 5 MiB) */
	recommendedPartSize: number;
	/** enforced by multipart/complete for all parts but the last (default 5 MiB) */
	minPartSize: number;
	/** Voice API task duration (default 300) */
	voiceTaskDurationMs: number;
	/** Voice API /v1/models page cache; 0 = off (default) */
	voiceModelsCacheMs: number;
	/** name of the Voice API's multipart audio field (STT, clone); undocumented, default 'file' */
	voiceAudioFieldName: string;
	/** fake S3 answers 411 to a PUT without Content-Length (default true) */
	s3RequireContentLength: boolean;
	retainUploads: boolean;
	/** strict VMEG keys: any authenticated request to a keyed route uses its key up, even one it rejects (default false) */
	vmegStrictIdempotency: boolean;
	/** 'mixed' (default: business errors in a 200 envelope, auth/409/413/5xx as HTTP status), 'http' (all as HTTP status), 'envelope' (all in a 200 envelope) */
	vmegErrorStyle: 'mixed' | 'http' | 'envelope';
	/** when set, Vimmerse TTS refuses other voices with 400 {message:'INVALID_VOICE', detail} (default null: any voice) */
	vimmerseVoices: string[] | null;
}

export interface EmulatorOptions extends Partial<EmulatorConfig> {
	/** 0 = random (default) */
	port?: number;
	/** default '127.0.0.1' */
	host?: string;
	/** defaults: vmeg-test-key / vimmerse-test-key / voice-test-key */
	keys?: Partial<EmulatorKeys>;
	/** default: silent */
	log?: ((msg: string) => void) | false;
}

export type ApiName = 'vmeg' | 'vimmerse' | 'voice';
export type FaultKind = 'status' | 'drop-after-accept' | 'drop-before' | 'delay' | 'truncate' | 'hold-after-accept' | 'cut-off' | 'stall';

export interface FaultRule {
	/** 'any' = the three APIs; 'cdn' / 's3' target downloads / presigned uploads */
	api: ApiName | 'any' | 'cdn' | 's3';
	method?: string;
	/** exact path after the API prefix (e.g. '/openapi/v1/task/tts/create') or a prefix ending in '*' */
	path?: string;
	kind: FaultKind;
	status?: number;
	/** seconds, sets Retry-After */
	retryAfter?: number;
	/** 'delay'/'hold-after-accept': default 1000; 'stall': how long the connection stays silent before it closes (default 60000) */
	delayMs?: number;
	/** 'cut-off'/'stall': share of the body sent before closing/stalling (default 0.5) */
	fraction?: number;
	/** default 1 */
	times?: number;
	/** JSON body to answer instead of the API's default error body (kind 'status') */
	body?: unknown;
	/** kind 'truncate': bytes of the real body to serve (default half) */
	keepBytes?: number;
}

export interface RequestLogEntry {
	seq: number;
	at: string;
	api: ApiName | 'cdn' | 's3';
	method: string;
	/** path after the API prefix, without the query string */
	path: string;
	query: Record<string, string>;
	idempotencyKey: string | null;
	/** HTTP status (null when the socket was dropped before answering) */
	status: number | null;
	bodyKeys: string[];
	/** VMEG envelope code */
	code?: number;
	/** VMEG envelope message when code !== 200 */
	message?: string;
	fault?: FaultKind;
	dropped?: boolean;
	size?: number;
	md5?: string;
}

export interface VmegTask {
	taskId: string;
	taskType: 'tts' | 'textTranslation' | 'cloneVoice' | 'vt' | 'at';
	mode: 'sync' | 'async';
	status: 'running' | 'finished' | 'failed';
	event: 'openapi-tts' | 'openapi-translate' | 'openapi-clone-voice' | 'openapi-media-translation';
	createdAt: string;
	updatedAt: string;
	finishedAt: string | null;
	idempotencyKey: string | null;
	request: any;
	extraData: Record<string, unknown> | null;
	pipelineKey: string | null;
	/** tasks/detail `result` */
	result: any;
	/** callback `data` */
	callbackData: any;
	error: string | null;
	materialId: string | null;
	deleted: boolean;
}

export interface WebhookDelivery {
	taskId: string;
	event: string;
	pipelineKey: string | null;
	url: string;
	attempt: number;
	copy: number;
	status: number | null;
	error?: string;
	tamper?: 'signature' | 'timestamp-stale' | 'body' | 'no-signature';
	manual?: boolean;
	/** Sent under `webhookBeforeResponse`, before the task's create request was answered. */
	beforeCreateResponse?: boolean;
	/** `seq` of the last request received when this delivery got its answer. */
	seqAtAnswer: number;
	/** `seq` of the requests still unanswered (e.g. held by a `delay` fault) when this delivery got its answer. */
	unansweredAtAnswer: number[];
	at: string;
}

export interface VmegMaterial {
	materialId: string;
	status: 'pending' | 'completed' | 'aborted';
	uploadMode: 'single' | 'multipart';
	fileName: string;
	fileHash: string;
	s3Uri: string;
	category: 'video' | 'audio' | null;
	size: number | null;
	uploadId?: string;
	parts?: Array<{ partNumber: number; size: number; eTag: string }>;
	createdAt: string;
	updatedAt: string;
	deleted: boolean;
	/** MaterialDto once completed */
	dto: Record<string, any> | null;
}

export interface VimmerseAsset {
	id: string;
	customer_id: string;
	primary_user_id: string;
	args: Record<string, unknown>;
	results: string[];
	thumbnails: string[];
	status: 'success';
	mime_type: string;
	app_name: 'text-to-speech' | 'text-to-audio' | 'text-to-music' | 'upload-audio';
	quantity: number;
	credits: number;
	created_at: string;
	updated_at: string;
	history: unknown[];
}

export interface VoiceTask {
	taskId: string;
	taskType: 'tts' | 'stt' | 'clone';
	status: 'queued' | 'running' | 'succeeded' | 'failed';
	progress: number;
	createdAt: string;
	updatedAt: string;
	durationMs: number;
	request: any;
	file: { filename: string | null; size: number; md5: string; contentType: string | null; seconds: number | null } | null;
	result: { model_id: string } | null;
	error: string | null;
}

export interface VoiceModel {
	id: string;
	title: string;
	languages: string[];
	tags: string[];
	state: string;
	created_at: string;
	task_count: number;
	score: number;
}

export interface SinkRecord {
	seq: number;
	at: string;
	method: string;
	contentType: string | null;
	size: number;
	md5: string;
	query: Record<string, string>;
	headers: Record<string, unknown>;
	parts?: Array<{ name: string; filename: string | null; contentType: string | null; size: number; md5: string }>;
	fields?: Record<string, string>;
	json?: unknown;
	text?: string;
}

/** The live state object (`emulator.state`; same object across resets). */
export interface EmulatorState {
	config: EmulatorConfig;
	defaults: EmulatorConfig;
	requests: RequestLogEntry[];
	faults: Array<FaultRule & { remaining: number; used: number }>;
	sinks: Record<string, SinkRecord[]>;
	vmeg: {
		tasks: VmegTask[];
		materials: VmegMaterial[];
		clones: Array<Record<string, any> & { voiceId: string; name: string; deleted: boolean }>;
		idempotencyKeys: number;
		webhookDeliveries: WebhookDelivery[];
	};
	vimmerse: { credits: number; assets: VimmerseAsset[] };
	voice: { tasks: VoiceTask[]; models: VoiceModel[] };
}

/** Body of GET /_emulator/state. */
export interface StateSnapshot {
	config: EmulatorConfig;
	faults: EmulatorState['faults'];
	requests: RequestLogEntry[];
	vmeg: EmulatorState['vmeg'] & { taskCounts: Record<string, number> };
	vimmerse: EmulatorState['vimmerse'] & { assetCounts: Record<string, number> };
	voice: EmulatorState['voice'] & { taskCounts: Record<string, number> };
	/** sink name → number of records */
	sinks: Record<string, number>;
}

export interface RunningEmulator {
	/** e.g. http://127.0.0.1:40123 (no trailing slash) */
	url: string;
	port: number;
	state: EmulatorState;
	close(): Promise<void>;
	/** same as POST /_emulator/reset */
	reset(): void;
	/** same as POST /_emulator/config (throws on invalid input) */
	configure(patch: Partial<EmulatorConfig>): EmulatorConfig;
	/** internals (unstable) */
	emu: unknown;
}

export function startEmulator(options?: EmulatorOptions): Promise<RunningEmulator>;
export const DEFAULT_CONFIG: EmulatorConfig;
export const DEFAULT_KEYS: EmulatorKeys;
export const media: typeof mediaModule;
export const signing: typeof signingModule;
export const makeWav: typeof mediaModule.makeWav;
export const signVmegCallback: typeof signingModule.signVmegCallback;
