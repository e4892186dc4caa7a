// @ts-check
'use strict';
const crypto = require('node:crypto');
const media = require('../../emulator/media');
const { signVmegCallback, verifyVmegCallback } = require('../../emulator/signing');

describe('media generators', () => {
	test('makeWav builds a PCM WAV of the requested length that parseWav reads back', () => {
		const wav = media.makeWav(12, 8000);
		expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
		expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
		expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
		const info = media.parseWav(wav);
		expect(info).toMatchObject({ format: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
		expect(info?.duration).toBeCloseTo(12, 5);
		// not silent: a tone
		expect(wav.readInt16LE(44 + 2 * 10)).not.toBe(0);
		expect(media.parseWav(Buffer.from('not a wav'))).toBeNull();
	});

	test('makeMp3 is a clean run of MPEG-1 Layer III frames', () => {
		const mp3 = media.makeMp3(2);
		expect(mp3[0]).toBe(0xff);
		expect(mp3[1] & 0xe0).toBe(0xe0);
		const info = media.inspectMp3(mp3);
		expect(info.valid).toBe(true);
		expect(info.sampleRate).toBe(44100);
		expect(info.duration).toBeGreaterThanOrEqual(2);
		expect(info.duration).toBeLessThan(2.1);
	});

	test('makeM4a / makeMp4 are well-formed ISO-BMFF with the right brands and duration', () => {
		const m4a = media.makeM4a(3);
		const boxes = media.readBoxes(m4a).map((b) => b.type);
		expect(boxes).toEqual(['ftyp', 'moov', 'mdat']);
		expect(m4a.toString('ascii', 8, 12)).toBe('M4A ');
		expect(media.isoDuration(m4a)).toBeCloseTo(3, 1);
		// stco points at the first sample inside mdat
		const stco = m4a.indexOf('stco');
		const offset = m4a.readUInt32BE(stco + 12);
		const mdat = media.readBoxes(m4a).find((b) => b.type === 'mdat');
		expect(offset).toBe((mdat?.offset ?? 0) + 8);

		const mp4 = media.makeMp4(1);
		expect(mp4.toString('ascii', 4, 12)).toBe('ftypisom');
		expect(media.readBoxes(mp4).map((b) => b.type)).toEqual(['ftyp', 'moov', 'mdat']);
	});
});

describe('VMEG callback signing', () => {
	test('signature is lowercase hex HMAC-SHA256 over timestamp + raw body', () => {
		const body = '{"code":200}';
		const sig = signVmegCallback('s3cret', '1700000000000', body);
		expect(sig).toMatch(/^[0-9a-f]{64}$/);
		expect(sig).toBe(crypto.createHmac('sha256', 's3cret').update(`1700000000000${body}`).digest('hex'));
	});

	test('verifyVmegCallback accepts fresh valid signatures and rejects forged/stale/tampered ones', () => {
		const now = Date.now();
		const ts = String(now);
		const body = '{"a":1}';
		const sig = signVmegCallback('k', ts, body);
		expect(verifyVmegCallback('k', ts, body, sig, { now }).ok).toBe(true);
		expect(verifyVmegCallback('other', ts, body, sig, { now })).toEqual({ ok: false, reason: 'signature mismatch' });
		expect(verifyVmegCallback('k', ts, '{"a":2}', sig, { now }).ok).toBe(false);
		expect(verifyVmegCallback('k', ts, body, sig, { now: now + 301_000 })).toEqual({ ok: false, reason: 'stale timestamp' });
		expect(verifyVmegCallback('k', undefined, body, sig).ok).toBe(false);
	});
});
