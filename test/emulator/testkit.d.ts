/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, not part of the published package */
/** Types for testkit.js: helpers for tests that drive the emulator. */
/** Response headers as node:http gives them (its type is not imported: lint restricts 'http'). */
type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

export interface RawResponse {
	status: number;
	headers: IncomingHttpHeaders;
	body: Buffer;
	json(): any;
}
/** Plain node:http request (no keep-alive). Rejects with the socket error (e.g. code 'ECONNRESET') on a drop. */
export function rawRequest(
	url: string,
	o?: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer | object; timeoutMs?: number },
): Promise<RawResponse>;
/** JSON call to <emuUrl>/_emulator<path>; throws (with .status/.json) on HTTP >= 400. */
export function control<T = any>(emuUrl: string, method: string, path: string, body?: unknown): Promise<T>;

export interface ReceivedCall {
	headers: IncomingHttpHeaders;
	rawBody: string;
	json: any;
	signatureOk: boolean;
	reason?: string;
	status: number;
	at: number;
}
export interface Receiver {
	url: string;
	calls: ReceivedCall[];
	waitFor(n: number, timeoutMs?: number): Promise<ReceivedCall[]>;
	close(): Promise<void>;
}
/** Local webhook receiver verifying VMEG signatures (default answer: 200 if valid, else 401). */
export function startReceiver(o?: { secret?: string; respond?: (call: ReceivedCall, index: number) => number; path?: string }): Promise<Receiver>;
export function waitFor<T>(predicate: () => T | Promise<T>, o?: { timeoutMs?: number; intervalMs?: number }): Promise<T>;
