import { createHmac } from 'crypto';

import { signVmegPayload, verifyVmegSignature } from '../../../nodes/Vmeg/callback';
import type { HmacSignatureScheme } from '../../../nodes/shared/signature';
import { signHmac, verifyHmacSignature } from '../../../nodes/shared/signature';
import { signVmegCallback } from '../../emulator/signing';

const body = Buffer.from('{"event":"openapi-tts","data":{"taskId":"t1"}}', 'utf8');

describe('webhook signatures (shared HMAC check)', () => {
	// A scheme unlike VMEG's: seconds, and a separator in the canonical string (Stripe's `${t}.${body}`).
	const dotted: HmacSignatureScheme = { timestampUnit: 's', signedParts: (t, raw) => [`${t}.`, raw] };
	const nowMs = 1_700_000_000_000;
	const t = String(nowMs / 1000);

	test('a scheme decides the signed bytes and the timestamp unit', () => {
		const signature = signHmac(dotted, 'k', t, body);
		expect(signature).toBe(createHmac('sha256', 'k').update(`${t}.`).update(body).digest('hex'));
		expect(verifyHmacSignature(dotted, { secret: 'k', timestamp: t, signature, rawBody: body, nowMs })).toEqual({ valid: true });
		expect(verifyHmacSignature(dotted, { secret: 'k', timestamp: t, signature: signature.toUpperCase(), rawBody: body, nowMs })).toEqual({ valid: true });
		// 301 s late in seconds is stale; read as milliseconds it would have been fresh.
		expect(verifyHmacSignature(dotted, { secret: 'k', timestamp: t, signature, rawBody: body, nowMs: nowMs + 301_000 })).toEqual({ valid: false, reason: 'stale' });
	});

	test('missing secret or headers, unreadable timestamps and forged signatures are refused', () => {
		const signature = signHmac(dotted, 'k', t, body);
		const check = (over: object) => verifyHmacSignature(dotted, { secret: 'k', timestamp: t, signature, rawBody: body, nowMs, ...over });
		expect(check({ secret: '' })).toEqual({ valid: false, reason: 'missing-secret' });
		expect(check({ timestamp: undefined })).toEqual({ valid: false, reason: 'missing-headers' });
		expect(check({ signature: '' })).toEqual({ valid: false, reason: 'missing-headers' });
		expect(check({ timestamp: 'yesterday' })).toEqual({ valid: false, reason: 'stale' });
		expect(check({ secret: 'other' })).toEqual({ valid: false, reason: 'mismatch' });
		expect(check({ rawBody: Buffer.from('{}') })).toEqual({ valid: false, reason: 'mismatch' });
		expect(check({ signature: signature.slice(1) })).toEqual({ valid: false, reason: 'mismatch' });
	});
});

describe("VMEG's scheme", () => {
	test('signs as the emulator (and VMEG) does, and verifies what the emulator signed', () => {
		const now = Date.now();
		const ts = String(now);
		const sent = signVmegCallback('whsec', ts, body);
		expect(signVmegPayload('whsec', ts, body)).toBe(sent);
		expect(verifyVmegSignature({ secret: 'whsec', timestamp: ts, signature: sent, rawBody: body, nowMs: now })).toEqual({ valid: true });
		// Milliseconds: 301 s later is stale.
		expect(verifyVmegSignature({ secret: 'whsec', timestamp: ts, signature: sent, rawBody: body, nowMs: now + 301_000 })).toEqual({ valid: false, reason: 'stale' });
	});
});
