// @ts-check
'use strict';
/**
 * Shared JSDoc types (no runtime code).
 *
 * @typedef {{
 *   vmegWebhookUrl: string|null,
 *   vmegWebhookSecret: string,
 *   taskDurationMs: number,
 *   vimmerseCredits: number,
 *   duplicateWebhooks: boolean,
 *   webhookBeforeResponse: boolean,
 *   webhookRetries: number,
 *   webhookRetryDelayMs: number,
 *   webhookTimeoutMs: number,
 *   recommendedPartSize: number,
 *   minPartSize: number,
 *   voiceTaskDurationMs: number,
 *   voiceModelsCacheMs: number,
 *   voiceAudioFieldName: string,
 *   s3RequireContentLength: boolean,
 *   retainUploads: boolean,
 *   vmegStrictIdempotency: boolean,
 *   vmegErrorStyle: 'mixed'|'http'|'envelope',
 *   vimmerseVoices: string[]|null,
 * }} Config
 *
 * @typedef {{ data?: Buffer, gen?: () => Buffer, contentType: string, filename: string, etag?: string }} Blob
 *
 * @typedef {{
 *   blobs: Map<string, Blob>,
 *   idempotency: Map<string, number>,
 *   materialBytes: Map<string, { data: Buffer, md5: string, size: number, contentType: string|null }>,
 *   uploads: Map<string, { materialId: string, status: 'open'|'completed'|'aborted', parts: Map<number, { data: Buffer, md5: string, size: number }> }>,
 *   modelsCache: Map<string, { at: number, body: unknown }>,
 *   failNext: Array<{ api: string, taskType?: string, message?: string }>,
 *   timers: Set<NodeJS.Timeout>,
 *   outgoing: Set<import('node:http').ClientRequest>,
 *   s3Secret: string,
 * }} Runtime
 *
 * @typedef {{
 *   url: string,
 *   state: any,
 *   keys: Record<import('./apis').ApiName, string>,
 *   rt: Runtime,
 *   generation: number,
 *   log: (msg: string) => void,
 *   addBlob: (blob: Blob) => string,
 *   later: (fn: () => void, ms: number) => void,
 *   sleep: (ms: number) => Promise<void>,
 *   takeFailure: (api: string, taskType: string) => { message: string } | null,
 *   systemVoices: any[],
 * }} Emu
 *
 * @typedef {{ ok: boolean, value: any, empty: boolean, tooLarge: boolean }} JsonBody
 *
 * @typedef {{
 *   emu: Emu,
 *   req: import('node:http').IncomingMessage,
 *   method: string,
 *   path: string,
 *   query: Record<string, string>,
 *   params: Record<string, string>,
 *   entry: Record<string, any>,
 *   json: (limit?: number) => Promise<JsonBody>,
 *   raw: (limit?: number) => Promise<{ data: Buffer, size: number, md5: string, tooLarge: boolean }>,
 *   multipart: (opts?: { keepData?: boolean }) => Promise<import('./multipart').MultipartResult>,
 * }} Ctx
 */
module.exports = {};
