/** Types for signing.js: VMEG webhook signature = lowercase hex HMAC-SHA256(secret, timestamp + rawBody). */
export function signVmegCallback(secret: string, timestamp: string | number, rawBody: string | Buffer): string;
export function verifyVmegCallback(
	secret: string,
	timestamp: string | undefined,
	rawBody: string | Buffer,
	signature: string | undefined,
	opts?: { toleranceMs?: number; now?: number },
): { ok: boolean; reason?: string };
