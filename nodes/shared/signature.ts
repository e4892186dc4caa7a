import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Webhook signatures of the "HMAC-SHA256 over a timestamp and the raw body" kind (VMEG's; Stripe
 * and Linear sign the same way with a different canonical string). What is generic lives here:
 * the HMAC, the constant-time compare, the timestamp window. What a provider decides (its header
 * names, its timestamp unit, the exact bytes it signs) is its `HmacSignatureScheme`, kept with its node.
 */

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
	| { valid: true }
	| { valid: false; reason: 'missing-secret' | 'missing-headers' | 'stale' | 'mismatch' };

/** How one provider signs its webhooks; the signature is the lowercase hex HMAC-SHA256. */
export interface HmacSignatureScheme {
	/** Unit of the timestamp the provider sends: Unix milliseconds or seconds. */
	timestampUnit: 'ms' | 's';
	/** The parts of the canonical string, in order, e.g. `[timestamp, rawBody]`; they are hashed with no separator added. */
	signedParts(timestamp: string, rawBody: Buffer | string): Array<string | Buffer>;
}

export interface SignedDelivery {
	secret: string;
	/** The timestamp header as received. */
	timestamp: string | undefined;
	/** The signature header as received. */
	signature: string | undefined;
	/** The exact bytes received; a re-serialised body would not verify. */
	rawBody: Buffer;
	nowMs?: number;
	toleranceSeconds?: number;
}

/** The signature the provider would send for this timestamp and body. */
export function signHmac(scheme: HmacSignatureScheme, secret: string, timestamp: string, rawBody: Buffer | string): string {
	const hmac = createHmac('sha256', secret);
	for (const part of scheme.signedParts(timestamp, rawBody)) hmac.update(part);
	return hmac.digest('hex');
}

/** Checks a delivery against its provider's scheme. Never throws. */
export function verifyHmacSignature(scheme: HmacSignatureScheme, delivery: SignedDelivery): SignatureCheck {
	if (!delivery.secret) return { valid: false, reason: 'missing-secret' };
	const { timestamp, signature } = delivery;
	if (!timestamp || !signature) return { valid: false, reason: 'missing-headers' };
	const sentAtMs = Number(timestamp) * (scheme.timestampUnit === 's' ? 1000 : 1);
	const tolerance = (delivery.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS) * 1000;
	if (!Number.isFinite(sentAtMs) || Math.abs((delivery.nowMs ?? Date.now()) - sentAtMs) > tolerance) {
		return { valid: false, reason: 'stale' };
	}
	const expected = Buffer.from(signHmac(scheme, delivery.secret, timestamp, delivery.rawBody), 'utf8');
	const actual = Buffer.from(signature.trim().toLowerCase(), 'utf8');
	if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
		return { valid: false, reason: 'mismatch' };
	}
	return { valid: true };
}
