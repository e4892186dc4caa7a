import { createHmac, timingSafeEqual } from 'crypto';

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
	| { valid: true }
	| { valid: false; reason: 'missing-secret' | 'missing-headers' | 'stale' | 'mismatch' };

export interface SignedDelivery {
	secret: string;
	/** Raw `X-Timestamp` header: Unix time in milliseconds. */
	timestamp: string | undefined;
	/** Raw `X-Signature` header: hex HMAC-SHA256. */
	signature: string | undefined;
	/** The exact bytes received; a re-serialised body would not verify. */
	rawBody: Buffer;
	nowMs?: number;
	toleranceSeconds?: number;
}

/** VMEG callbacks: X-Signature = hex HMAC-SHA256(secret, X-Timestamp + raw body). Never throws. */
export function verifyVmegSignature(delivery: SignedDelivery): SignatureCheck {
	if (!delivery.secret) return { valid: false, reason: 'missing-secret' };
	const { timestamp, signature } = delivery;
	if (!timestamp || !signature) return { valid: false, reason: 'missing-headers' };
	const sentAt = Number(timestamp);
	const tolerance = (delivery.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS) * 1000;
	if (!Number.isFinite(sentAt) || Math.abs((delivery.nowMs ?? Date.now()) - sentAt) > tolerance) {
		return { valid: false, reason: 'stale' };
	}
	const expected = Buffer.from(signVmegPayload(delivery.secret, timestamp, delivery.rawBody), 'utf8');
	const actual = Buffer.from(signature.trim().toLowerCase(), 'utf8');
	if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
		return { valid: false, reason: 'mismatch' };
	}
	return { valid: true };
}

export function signVmegPayload(secret: string, timestamp: string, rawBody: Buffer | string): string {
	return createHmac('sha256', secret).update(timestamp).update(rawBody).digest('hex');
}
