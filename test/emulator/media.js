// @ts-check
'use strict';
/**
 * Real (tiny) media byte generators and inspectors used by the emulator and by tests.
 *
 *  - makeWav(seconds, sampleRate?)  16-bit PCM mono WAV with a 440 Hz tone
 *  - makeMp3(seconds)               MPEG-1 Layer III, 32 kbit/s, 44.1 kHz mono, silent frames
 *  - makeM4a(seconds)               ISO-BMFF (ftyp 'M4A ') with one AAC-LC track of silent frames
 *  - makeMp4(seconds)               ISO-BMFF (ftyp 'isom'), same structure (audio-only "video")
 *  - TINY_PNG                       1x1 PNG for covers/thumbnails
 *  - parseWav(buf), inspectMp3(buf), readBoxes(buf)  inspectors (used by handlers and tests)
 */

/**
 * Build a PCM WAV of `seconds` seconds (mono, 16-bit) containing a sine tone.
 * @param {number} seconds
 * @param {number} [sampleRate]
 * @param {{ freq?: number, amplitude?: number }} [opts]
 * @returns {Buffer<ArrayBuffer>}
 */
function makeWav(seconds, sampleRate = 16000, opts = {}) {
	const freq = opts.freq ?? 440;
	const amplitude = opts.amplitude ?? 0.3;
	const samples = Math.max(0, Math.round(seconds * sampleRate));
	const dataSize = samples * 2;
	const buf = Buffer.alloc(44 + dataSize);
	buf.write('RIFF', 0, 'ascii');
	buf.writeUInt32LE(36 + dataSize, 4);
	buf.write('WAVE', 8, 'ascii');
	buf.write('fmt ', 12, 'ascii');
	buf.writeUInt32LE(16, 16); // fmt chunk size
	buf.writeUInt16LE(1, 20); // PCM
	buf.writeUInt16LE(1, 22); // mono
	buf.writeUInt32LE(sampleRate, 24);
	buf.writeUInt32LE(sampleRate * 2, 28); // byte rate
	buf.writeUInt16LE(2, 32); // block align
	buf.writeUInt16LE(16, 34); // bits per sample
	buf.write('data', 36, 'ascii');
	buf.writeUInt32LE(dataSize, 40);
	const k = (2 * Math.PI * freq) / sampleRate;
	const amp = Math.round(32767 * amplitude);
	for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(amp * Math.sin(k * i)), 44 + i * 2);
	return buf;
}

/**
 * Parse a RIFF/WAVE header (walks the chunks). Returns null when `buf` is not a WAV.
 * @param {Buffer} buf
 * @returns {{ format: number, channels: number, sampleRate: number, bitsPerSample: number, dataSize: number, duration: number } | null}
 */
function parseWav(buf) {
	if (!Buffer.isBuffer(buf) || buf.length < 12) return null;
	if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') return null;
	let off = 12;
	/** @type {{format:number,channels:number,sampleRate:number,byteRate:number,bitsPerSample:number}|null} */
	let fmt = null;
	while (off + 8 <= buf.length) {
		const id = buf.toString('ascii', off, off + 4);
		const size = buf.readUInt32LE(off + 4);
		const body = off + 8;
		if (id === 'fmt ' && body + 16 <= buf.length) {
			fmt = {
				format: buf.readUInt16LE(body),
				channels: buf.readUInt16LE(body + 2),
				sampleRate: buf.readUInt32LE(body + 4),
				byteRate: buf.readUInt32LE(body + 8),
				bitsPerSample: buf.readUInt16LE(body + 14),
			};
		} else if (id === 'data') {
			if (!fmt || !fmt.byteRate) return null;
			// A streaming writer may leave size 0 / 0xffffffff: fall back to what is present.
			const dataSize = size === 0 || size === 0xffffffff ? buf.length - body : Math.min(size, buf.length - body);
			return {
				format: fmt.format,
				channels: fmt.channels,
				sampleRate: fmt.sampleRate,
				bitsPerSample: fmt.bitsPerSample,
				dataSize,
				duration: dataSize / fmt.byteRate,
			};
		}
		off = body + size + (size % 2);
	}
	return null;
}

// ---------------------------------------------------------------- MP3
const MP3_SAMPLE_RATE = 44100;
const MP3_SAMPLES_PER_FRAME = 1152;
// MPEG-1 Layer III, no CRC (0xFFFB); 32 kbit/s (index 1), 44.1 kHz (index 0), no padding; mono, original.
const MP3_HEADER = Buffer.from([0xff, 0xfb, 0x10, 0xc4]);
const MP3_FRAME_SIZE = Math.floor((144 * 32000) / MP3_SAMPLE_RATE); // 104 bytes

/**
 * MPEG-1 Layer III stream of silent frames (header + zeroed side info + zero main data).
 * Every decoder treats such frames as valid digital silence. Like a real CBR encoder, frames
 * carry the padding byte often enough that the stream averages exactly 32 kbit/s, so a
 * duration estimated from the bitrate (ffprobe's, for a file without an info frame) is right.
 * @param {number} seconds
 * @returns {Buffer<ArrayBuffer>}
 */
function makeMp3(seconds) {
	const frames = mp3FrameCount(seconds);
	const exact = (144 * 32000) / MP3_SAMPLE_RATE; // 104.49 bytes per frame on average
	const sizes = Array.from({ length: frames }, (_, i) => Math.floor((i + 1) * exact) - Math.floor(i * exact));
	const buf = Buffer.alloc(sizes.reduce((a, b) => a + b, 0));
	let off = 0;
	for (const size of sizes) {
		MP3_HEADER.copy(buf, off);
		if (size > MP3_FRAME_SIZE) buf[off + 2] |= 0x02; // padding bit
		off += size;
	}
	return buf;
}

/** @param {number} seconds */
function mp3FrameCount(seconds) {
	return Math.max(1, Math.ceil((seconds * MP3_SAMPLE_RATE) / MP3_SAMPLES_PER_FRAME));
}

/**
 * The real length of what `makeAudio(format, seconds)` generates (MP3 and AAC round up to
 * whole frames), so the emulator states the duration of the file it serves.
 * @param {'wav'|'mp3'|'m4a'} format
 * @param {number} seconds
 */
function audioSeconds(format, seconds) {
	if (format === 'wav') return Math.max(0, Math.round(seconds * 16000)) / 16000;
	if (format === 'mp3') return (mp3FrameCount(seconds) * MP3_SAMPLES_PER_FRAME) / MP3_SAMPLE_RATE;
	return (Math.max(1, Math.ceil((seconds * AAC_RATE) / AAC_SAMPLES_PER_FRAME)) * AAC_SAMPLES_PER_FRAME) / AAC_RATE;
}

const MP3_BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0];
const MP3_RATES_V1 = [44100, 48000, 32000, 0];

/**
 * Walk MPEG-1 Layer III frames from the start (after an optional ID3v2 tag).
 * @param {Buffer} buf
 * @returns {{ frames: number, duration: number, sampleRate: number, valid: boolean }}
 */
function inspectMp3(buf) {
	let off = 0;
	if (buf.length >= 10 && buf.toString('ascii', 0, 3) === 'ID3') {
		off = 10 + ((buf[6] & 0x7f) << 21) + ((buf[7] & 0x7f) << 14) + ((buf[8] & 0x7f) << 7) + (buf[9] & 0x7f);
	}
	let frames = 0;
	let sampleRate = 0;
	while (off + 4 <= buf.length) {
		if (buf[off] !== 0xff || (buf[off + 1] & 0xfe) !== 0xfa) break; // MPEG-1, Layer III
		const bitrate = MP3_BITRATES_V1_L3[buf[off + 2] >> 4] * 1000;
		const rate = MP3_RATES_V1[(buf[off + 2] >> 2) & 3];
		if (!bitrate || !rate) break;
		const size = Math.floor((144 * bitrate) / rate) + ((buf[off + 2] >> 1) & 1);
		if (off + size > buf.length) break;
		sampleRate = rate;
		frames++;
		off += size;
	}
	return {
		frames,
		sampleRate,
		duration: sampleRate ? (frames * MP3_SAMPLES_PER_FRAME) / sampleRate : 0,
		valid: frames > 0 && off === buf.length,
	};
}

// ---------------------------------------------------------------- ISO-BMFF (m4a / mp4)
/** @param {string} type @param {...Buffer} payload */
function box(type, ...payload) {
	const body = Buffer.concat(payload);
	const head = Buffer.alloc(8);
	head.writeUInt32BE(8 + body.length, 0);
	head.write(type, 4, 'ascii');
	return Buffer.concat([head, body]);
}
/** @param {string} type @param {number} version @param {number} flags @param {...Buffer} payload */
function fullBox(type, version, flags, ...payload) {
	const vf = Buffer.alloc(4);
	vf.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
	return box(type, vf, ...payload);
}
/** @param {number[]} values */
function u32(...values) {
	const b = Buffer.alloc(values.length * 4);
	values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
	return b;
}
/** @param {number[]} values */
function u16(...values) {
	const b = Buffer.alloc(values.length * 2);
	values.forEach((v, i) => b.writeUInt16BE(v & 0xffff, i * 2));
	return b;
}
const MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);
/** MPEG-4 descriptor: tag, single-byte length (all ours are < 128 bytes), payload. */
function descriptor(/** @type {number} */ tag, /** @type {Buffer} */ payload) {
	return Buffer.concat([Buffer.from([tag, payload.length]), payload]);
}

const AAC_RATE = 44100;
const AAC_SAMPLES_PER_FRAME = 1024;
// Silent AAC-LC mono frame (the one hls.js uses to fill gaps).
const AAC_SILENT_FRAME = Buffer.from([0x00, 0xc8, 0x00, 0x80, 0x23, 0x80]);

/**
 * Build an ISO-BMFF file with one AAC-LC mono track of silent frames.
 * @param {number} seconds
 * @param {string} brand 'M4A ' or 'isom'
 * @param {string[]} compatible
 * @returns {Buffer<ArrayBuffer>}
 */
function makeIsoAudio(seconds, brand, compatible) {
	const n = Math.max(1, Math.ceil((seconds * AAC_RATE) / AAC_SAMPLES_PER_FRAME));
	const mediaDuration = n * AAC_SAMPLES_PER_FRAME;
	const durationMs = Math.round((mediaDuration * 1000) / AAC_RATE);
	const ftyp = box('ftyp', Buffer.from(brand, 'ascii'), u32(0), Buffer.from(compatible.join(''), 'ascii'));

	/** @param {number} chunkOffset */
	const buildMoov = (chunkOffset) => {
		const mvhd = fullBox('mvhd', 0, 0, u32(0, 0, 1000, durationMs, 0x00010000), u16(0x0100, 0), u32(0, 0), MATRIX, Buffer.alloc(24), u32(2));
		const tkhd = fullBox('tkhd', 0, 7, u32(0, 0, 1, 0, durationMs, 0, 0), u16(0, 0, 0x0100, 0), MATRIX, u32(0, 0));
		const mdhd = fullBox('mdhd', 0, 0, u32(0, 0, AAC_RATE, mediaDuration), u16(0x55c4, 0));
		const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from('soun', 'ascii'), u32(0, 0, 0), Buffer.from('SoundHandler\0', 'ascii'));
		const smhd = fullBox('smhd', 0, 0, u16(0, 0));
		const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
		// AudioSpecificConfig: AAC-LC (2), 44.1 kHz (index 4), mono (1) -> 0x12 0x08
		const decSpecific = descriptor(0x05, Buffer.from([0x12, 0x08]));
		const decConfig = descriptor(0x04, Buffer.concat([Buffer.from([0x40, 0x15, 0, 0x18, 0]), u32(64000, 64000), decSpecific]));
		const esDesc = descriptor(0x03, Buffer.concat([u16(1), Buffer.from([0]), decConfig, descriptor(0x06, Buffer.from([0x02]))]));
		const esds = fullBox('esds', 0, 0, esDesc);
		const mp4a = box('mp4a', Buffer.alloc(6), u16(1), u32(0, 0), u16(1, 16, 0, 0), u32(AAC_RATE * 65536), esds);
		const stbl = box(
			'stbl',
			fullBox('stsd', 0, 0, u32(1), mp4a),
			fullBox('stts', 0, 0, u32(1, n, AAC_SAMPLES_PER_FRAME)),
			fullBox('stsc', 0, 0, u32(1, 1, n, 1)),
			fullBox('stsz', 0, 0, u32(AAC_SILENT_FRAME.length, n)),
			fullBox('stco', 0, 0, u32(1, chunkOffset)),
		);
		const minf = box('minf', smhd, dinf, stbl);
		const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, minf));
		return box('moov', mvhd, trak);
	};
	const moovLen = buildMoov(0).length;
	const moov = buildMoov(ftyp.length + moovLen + 8);
	const frames = Buffer.alloc(n * AAC_SILENT_FRAME.length);
	for (let i = 0; i < n; i++) AAC_SILENT_FRAME.copy(frames, i * AAC_SILENT_FRAME.length);
	return Buffer.concat([ftyp, moov, box('mdat', frames)]);
}

/** @param {number} seconds @returns {Buffer<ArrayBuffer>} */
function makeM4a(seconds) {
	return makeIsoAudio(seconds, 'M4A ', ['M4A ', 'mp42', 'isom']);
}
/** @param {number} seconds @returns {Buffer<ArrayBuffer>} */
function makeMp4(seconds) {
	return makeIsoAudio(seconds, 'isom', ['isom', 'iso2', 'mp41']);
}

/**
 * Top-level ISO-BMFF boxes: [{type, size, offset}]. Throws on a malformed size.
 * @param {Buffer} buf
 */
function readBoxes(buf) {
	/** @type {{type:string,size:number,offset:number}[]} */
	const boxes = [];
	let off = 0;
	while (off < buf.length) {
		if (off + 8 > buf.length) throw new Error(`truncated box header at ${off}`);
		const size = buf.readUInt32BE(off);
		const type = buf.toString('ascii', off + 4, off + 8);
		if (size < 8 || off + size > buf.length) throw new Error(`bad box size ${size} for '${type}' at ${off}`);
		boxes.push({ type, size, offset: off });
		off += size;
	}
	return boxes;
}

/**
 * Duration in seconds from an ISO-BMFF `moov/mvhd` box, or null.
 * @param {Buffer} buf
 * @returns {number|null}
 */
function isoDuration(buf) {
	try {
		if (buf.length < 16 || buf.toString('ascii', 4, 8) !== 'ftyp') return null;
		const moov = readBoxes(buf).find((b) => b.type === 'moov');
		if (!moov) return null;
		let off = moov.offset + 8;
		while (off + 8 <= moov.offset + moov.size) {
			const size = buf.readUInt32BE(off);
			if (size < 8) return null;
			if (buf.toString('ascii', off + 4, off + 8) === 'mvhd') {
				const version = buf[off + 8];
				const timescale = version === 1 ? buf.readUInt32BE(off + 28) : buf.readUInt32BE(off + 20);
				const duration = version === 1 ? Number(buf.readBigUInt64BE(off + 32)) : buf.readUInt32BE(off + 24);
				return timescale ? duration / timescale : null;
			}
			off += size;
		}
		return null;
	} catch {
		return null;
	}
}

const TINY_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64',
);

/**
 * Audio bytes of the given format.
 * @param {'wav'|'mp3'|'m4a'} format
 * @param {number} seconds
 * @returns {{ data: Buffer, contentType: string }}
 */
function makeAudio(format, seconds) {
	if (format === 'wav') return { data: makeWav(seconds), contentType: 'audio/wav' };
	if (format === 'mp3') return { data: makeMp3(seconds), contentType: 'audio/mpeg' };
	return { data: makeM4a(seconds), contentType: 'audio/mp4' };
}

module.exports = { makeWav, parseWav, makeMp3, audioSeconds, inspectMp3, makeM4a, makeMp4, readBoxes, isoDuration, makeAudio, TINY_PNG };
