/**
 * Joins audio pieces into one file without decoding them: PCM WAV (one new header, the pieces'
 * samples one after the other) and MP3 (frame level: tags and VBR info frames of the pieces
 * dropped, one Xing/Info frame written so players know the exact length). Pauses are digital
 * silence of the same format. Nothing here holds more than one piece.
 */

export class AudioJoinError extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
		this.name = 'AudioJoinError';
	}
}

export type JoinFormat = 'wav' | 'mp3';

export interface WavDetails {
	audioFormat: number;
	bitsPerSample: number;
	blockAlign: number;
	byteRate: number;
	/** The `fmt ` chunk's body, copied into the joined file's header. */
	fmtBody: Buffer;
}

export interface Mp3Details {
	/** MPEG version bits of the frame header (3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5). */
	versionBits: number;
	samplesPerFrame: number;
	frames: number;
	/** The first audio frame's 4 header bytes, the model for silence and the info frame. */
	firstHeader: Buffer;
	bitrates: number[];
}

export interface AudioPiece {
	format: JoinFormat;
	sampleRate: number;
	channels: number;
	/** Byte range of the audio inside the piece's file (headers, tags, info frames excluded). */
	start: number;
	end: number;
	seconds: number;
	wav?: WavDetails;
	mp3?: Mp3Details;
}

const WAV_FORMAT_NAMES: Record<number, string> = { 1: 'PCM', 3: 'IEEE float', 0xfffe: 'PCM (extensible)' };

/** Reads a RIFF/WAVE file's format and where its samples are. */
function inspectWav(buf: Buffer, label: string): AudioPiece {
	if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
		throw new AudioJoinError(`${label} is not a WAV file`, 'The API returned another format than the one asked for; choose MP3 or check the Output Format.');
	}
	let off = 12;
	let fmt: WavDetails & { channels: number; sampleRate: number } | undefined;
	while (off + 8 <= buf.length) {
		const id = buf.toString('ascii', off, off + 4);
		const size = buf.readUInt32LE(off + 4);
		const body = off + 8;
		if (id === 'fmt ' && body + 16 <= buf.length) {
			fmt = {
				audioFormat: buf.readUInt16LE(body),
				channels: buf.readUInt16LE(body + 2),
				sampleRate: buf.readUInt32LE(body + 4),
				byteRate: buf.readUInt32LE(body + 8),
				blockAlign: buf.readUInt16LE(body + 12),
				bitsPerSample: buf.readUInt16LE(body + 14),
				fmtBody: Buffer.from(buf.subarray(body, body + Math.min(size, buf.length - body))),
			};
		} else if (id === 'data') {
			if (!fmt || !fmt.byteRate || !fmt.blockAlign) throw new AudioJoinError(`${label} is a WAV file without a format chunk before its samples`, 'Choose MP3 as the output format.');
			if (!WAV_FORMAT_NAMES[fmt.audioFormat]) {
				throw new AudioJoinError(`${label} is a compressed WAV (format ${fmt.audioFormat}), which cannot be joined without decoding`, 'Choose MP3 as the output format.');
			}
			// A streaming writer may leave the size 0 or 0xFFFFFFFF: take what is present. A stated
			// size beyond the file's end is a truncated download: refuse rather than join a short piece.
			const present = buf.length - body;
			const unstated = size === 0 || size === 0xffffffff;
			if (!unstated && size > present) {
				throw new AudioJoinError(`${label} is truncated: its header says ${size} bytes of samples, the file holds ${present}`, 'The download was cut short; run the node again (VMEG keeps the audio at its link for a while).');
			}
			let dataSize = unstated ? present : size;
			dataSize -= dataSize % fmt.blockAlign;
			const { fmtBody, audioFormat, bitsPerSample, blockAlign, byteRate, channels, sampleRate } = fmt;
			return {
				format: 'wav',
				sampleRate,
				channels,
				start: body,
				end: body + dataSize,
				seconds: dataSize / byteRate,
				wav: { audioFormat, bitsPerSample, blockAlign, byteRate, fmtBody },
			};
		}
		off = body + size + (size % 2);
	}
	throw new AudioJoinError(`${label} is a WAV file without samples (no data chunk)`, 'Check the text of this piece, or choose MP3.');
}

// ------------------------------------------------------------------ MP3 frames

const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0];
const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0];
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

interface Frame {
	size: number;
	samples: number;
	sampleRate: number;
	channels: number;
	versionBits: number;
	bitrate: number;
}

/** The MPEG Layer III frame starting at `off`, or undefined (no sync, other layer, free format). */
function frameAt(buf: Buffer, off: number): Frame | undefined {
	if (off + 4 > buf.length || buf[off] !== 0xff || (buf[off + 1] & 0xe0) !== 0xe0) return undefined;
	const versionBits = (buf[off + 1] >> 3) & 3;
	const layerBits = (buf[off + 1] >> 1) & 3;
	if (versionBits === 1 || layerBits !== 1) return undefined;
	const bitrate = (versionBits === 3 ? BITRATES_V1_L3 : BITRATES_V2_L3)[buf[off + 2] >> 4] * 1000;
	const sampleRate = SAMPLE_RATES[versionBits][(buf[off + 2] >> 2) & 3];
	if (!bitrate || !sampleRate) return undefined;
	const padding = (buf[off + 2] >> 1) & 1;
	const size = Math.floor(((versionBits === 3 ? 144 : 72) * bitrate) / sampleRate) + padding;
	return { size, samples: versionBits === 3 ? 1152 : 576, sampleRate, channels: buf[off + 3] >> 6 === 3 ? 1 : 2, versionBits, bitrate };
}

function sideInfoLength(versionBits: number, channels: number): number {
	if (versionBits === 3) return channels === 1 ? 17 : 32;
	return channels === 1 ? 9 : 17;
}

/** A Xing/Info (LAME) or VBRI frame: metadata about the stream, no audio of its own. */
function isInfoFrame(buf: Buffer, off: number, frame: Frame): boolean {
	const at = off + 4 + sideInfoLength(frame.versionBits, frame.channels);
	const tag = buf.toString('latin1', at, at + 4);
	return tag === 'Xing' || tag === 'Info' || buf.toString('latin1', off + 36, off + 40) === 'VBRI';
}

function id3v2Length(buf: Buffer, off: number): number {
	if (off + 10 > buf.length || buf.toString('latin1', off, off + 3) !== 'ID3') return 0;
	const size = ((buf[off + 6] & 0x7f) << 21) | ((buf[off + 7] & 0x7f) << 14) | ((buf[off + 8] & 0x7f) << 7) | (buf[off + 9] & 0x7f);
	return 10 + size + (buf[off + 5] & 0x10 ? 10 : 0);
}

/** How far the decoder may have to look for the first frame (after tags) before giving up. */
const MAX_LEADING_JUNK = 64 * 1024;

/** Reads an MP3's frames: where the audio starts and ends (tags dropped) and its exact length. */
export function inspectMp3(buf: Buffer, label: string): AudioPiece {
	let off = 0;
	for (let tag = id3v2Length(buf, off); tag > 0; tag = id3v2Length(buf, off)) off += tag;
	// The first frame is one whose successor is a frame too (a lone 0xFF byte is not a sync).
	const limit = Math.min(buf.length, off + MAX_LEADING_JUNK);
	let first: Frame | undefined;
	for (; off < limit; off++) {
		const f = frameAt(buf, off);
		if (f && (off + f.size === buf.length || frameAt(buf, off + f.size))) {
			first = f;
			break;
		}
	}
	if (!first) throw new AudioJoinError(`${label} is not an MP3 file (no MPEG Layer III frames)`, 'The API returned another format than the one asked for; choose WAV or check the Output Format.');
	const firstHeader = Buffer.from(buf.subarray(off, off + 4));
	if (isInfoFrame(buf, off, first)) off += first.size;
	const start = off;
	let frames = 0;
	const bitrates = new Set<number>();
	let audioHeader: Buffer | undefined;
	// The bits every frame must share with the first: sync, version, layer, sample rate, channel mode.
	const fixed = (b1: number, b2: number, b3: number) => ((b1 & 0xfe) << 16) | ((b2 & 0x0c) << 8) | (b3 >> 6 === 3 ? 1 : 0);
	const expected = fixed(buf[off + 1], buf[off + 2], buf[off + 3]);
	const bitrateTable = first.versionBits === 3 ? BITRATES_V1_L3 : BITRATES_V2_L3;
	const coefficient = first.versionBits === 3 ? 144 : 72;
	// A plain loop without a per-frame object: an hour of MP3 is over 100,000 frames.
	while (off + 4 <= buf.length) {
		if (buf[off] !== 0xff) break;
		const b1 = buf[off + 1];
		const b2 = buf[off + 2];
		const b3 = buf[off + 3];
		if ((b1 & 0xe0) !== 0xe0 || ((b1 >> 1) & 3) !== 1) break; // another layer, ID3v1 "TAG", APE tags…
		const bitrate = bitrateTable[b2 >> 4] * 1000;
		if (!bitrate || ((b2 >> 2) & 3) === 3) break;
		if (fixed(b1, b2, b3) !== expected) {
			throw new AudioJoinError(`${label} changes its sample rate or channels mid-stream`, 'Choose WAV as the output format.');
		}
		const size = Math.floor((coefficient * bitrate) / first.sampleRate) + ((b2 >> 1) & 1);
		if (off + size > buf.length) break; // a truncated last frame
		audioHeader ??= Buffer.from(buf.subarray(off, off + 4));
		bitrates.add(bitrate);
		frames++;
		off += size;
	}
	if (!frames) throw new AudioJoinError(`${label} is an MP3 file without audio frames`, 'Check the text of this piece.');
	return {
		format: 'mp3',
		sampleRate: first.sampleRate,
		channels: first.channels,
		start,
		end: off,
		seconds: (frames * first.samples) / first.sampleRate,
		mp3: { versionBits: first.versionBits, samplesPerFrame: first.samples, frames, firstHeader: audioHeader ?? firstHeader, bitrates: [...bitrates] },
	};
}

export function inspectAudio(buf: Buffer, format: JoinFormat, label: string): AudioPiece {
	return format === 'wav' ? inspectWav(buf, label) : inspectMp3(buf, label);
}

function describe(p: AudioPiece): string {
	const channels = p.channels === 1 ? 'mono' : p.channels === 2 ? 'stereo' : `${p.channels} channels`;
	if (p.wav) return `${p.sampleRate} Hz ${channels} ${p.wav.bitsPerSample}-bit ${WAV_FORMAT_NAMES[p.wav.audioFormat]}`;
	return `MPEG-${p.mp3?.versionBits === 3 ? '1' : p.mp3?.versionBits === 2 ? '2' : '2.5'} ${p.sampleRate} Hz ${channels}`;
}

/** All pieces must share format, sample rate and channels, else one file cannot hold them. */
function checkSameFormat(pieces: AudioPiece[]): void {
	const [first] = pieces;
	pieces.forEach((p, i) => {
		const same =
			p.format === first.format &&
			p.sampleRate === first.sampleRate &&
			p.channels === first.channels &&
			p.wav?.audioFormat === first.wav?.audioFormat &&
			p.wav?.bitsPerSample === first.wav?.bitsPerSample &&
			p.mp3?.versionBits === first.mp3?.versionBits;
		if (!same) {
			throw new AudioJoinError(
				`Piece ${i + 1} is ${describe(p)} but piece 1 is ${describe(first)}: pieces of different formats cannot be joined into one file`,
				'Use one voice and one output format for the whole text (voices of different engines may answer in different sample rates), or choose the other format (WAV or MP3).',
			);
		}
	});
}

export interface Silence {
	bytes: Buffer;
	seconds: number;
	/** MP3 frames in `bytes` (0 for WAV). */
	frames: number;
}

/** Digital silence of the pieces' format, as close to `seconds` as the format allows. */
function silenceLike(piece: AudioPiece, seconds: number): Silence {
	if (seconds <= 0) return { bytes: Buffer.alloc(0), seconds: 0, frames: 0 };
	if (piece.wav) {
		const blocks = Math.round(seconds * piece.sampleRate);
		// 8-bit PCM is unsigned: its silence is 0x80.
		const bytes = Buffer.alloc(blocks * piece.wav.blockAlign, piece.wav.bitsPerSample === 8 && piece.wav.audioFormat !== 3 ? 0x80 : 0);
		return { bytes, seconds: blocks / piece.sampleRate, frames: 0 };
	}
	const mp3 = piece.mp3!;
	const count = Math.max(1, Math.round((seconds * piece.sampleRate) / mp3.samplesPerFrame));
	const frame = silentFrame(mp3.firstHeader);
	const bytes = Buffer.alloc(count * frame.length);
	for (let i = 0; i < count; i++) frame.copy(bytes, i * frame.length);
	return { bytes, seconds: (count * mp3.samplesPerFrame) / piece.sampleRate, frames: count };
}

/**
 * A frame with the header's format, no CRC, no padding and zeroed side information: every
 * decoder plays it as silence (no main data, and it borrows none from the bit reservoir).
 */
function silentFrame(model: Buffer, bitrateIndex?: number): Buffer {
	const header = Buffer.from(model);
	header[1] |= 0x01; // protection bit set = no CRC
	header[2] &= ~0x02; // no padding
	if (bitrateIndex !== undefined) header[2] = (header[2] & 0x0f) | (bitrateIndex << 4);
	const frame = frameAt(header.length >= 4 ? Buffer.concat([header, Buffer.alloc(4)]) : header, 0)!;
	const out = Buffer.alloc(frame.size);
	header.copy(out, 0, 0, 4);
	return out;
}

/**
 * The joined MP3's first frame: a silent frame carrying a Xing ("Info" when every frame has the
 * same bitrate) header with the frame and byte counts, so players and ffprobe know the exact
 * length of a file whose pieces may have different bitrates.
 */
function xingFrame(piece: AudioPiece, frames: number, audioBytes: number, constantBitrate: boolean): Buffer {
	const mp3 = piece.mp3!;
	const side = sideInfoLength(mp3.versionBits, piece.channels);
	let index = mp3.firstHeader[2] >> 4;
	let frame = silentFrame(mp3.firstHeader, index);
	while (frame.length < 4 + side + 16 && index < 14) frame = silentFrame(mp3.firstHeader, ++index);
	const at = 4 + side;
	frame.write(constantBitrate ? 'Info' : 'Xing', at, 'latin1');
	frame.writeUInt32BE(0x03, at + 4); // frames and bytes fields present
	frame.writeUInt32BE(frames, at + 8);
	frame.writeUInt32BE((frame.length + audioBytes) >>> 0, at + 12);
	return frame;
}

function wavHeader(fmtBody: Buffer, dataBytes: number): Buffer {
	const fmtPadded = fmtBody.length + (fmtBody.length % 2);
	const headerBytes = 12 + 8 + fmtPadded + 8;
	if (headerBytes - 8 + dataBytes > 0xffffffff) {
		throw new AudioJoinError('The narration is longer than a WAV file can hold (4 GiB)', 'Choose MP3, or narrate the text in several parts.');
	}
	const header = Buffer.alloc(headerBytes);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(headerBytes - 8 + dataBytes + (dataBytes % 2), 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(fmtBody.length, 16);
	fmtBody.copy(header, 20);
	header.write('data', 20 + fmtPadded, 'ascii');
	header.writeUInt32LE(dataBytes, 24 + fmtPadded);
	return header;
}

export type JoinPart = { piece: number } | { bytes: Buffer };

export interface JoinPlan {
	/** In output order: the header, then pieces and silences. */
	parts: JoinPart[];
	totalBytes: number;
	seconds: number;
	/** Start of each piece in the joined file, in seconds. */
	pieceStarts: number[];
}

/**
 * Lays out the joined file: `pauseAfter[i]` seconds of silence follow piece i. The pieces must
 * have passed `checkSameFormat`.
 */
export function planJoin(pieces: AudioPiece[], pauseAfter: number[]): JoinPlan {
	checkSameFormat(pieces);
	const silences = new Map<number, Silence>();
	const silence = (s: number) => {
		if (!silences.has(s)) silences.set(s, silenceLike(pieces[0], s));
		return silences.get(s)!;
	};
	const body: JoinPart[] = [];
	const pieceStarts: number[] = [];
	let seconds = 0;
	let bodyBytes = 0;
	let frames = 0;
	pieces.forEach((p, i) => {
		pieceStarts.push(seconds);
		body.push({ piece: i });
		seconds += p.seconds;
		bodyBytes += p.end - p.start;
		frames += p.mp3?.frames ?? 0;
		const pause = i < pieces.length - 1 ? (pauseAfter[i] ?? 0) : 0;
		if (pause > 0) {
			const s = silence(pause);
			body.push({ bytes: s.bytes });
			seconds += s.seconds;
			bodyBytes += s.bytes.length;
			frames += s.frames;
		}
	});
	const first = pieces[0];
	let header: Buffer;
	if (first.wav) header = wavHeader(first.wav.fmtBody, bodyBytes);
	else {
		const constant = new Set(pieces.flatMap((p) => p.mp3!.bitrates)).size === 1;
		header = xingFrame(first, frames, bodyBytes, constant);
	}
	const parts: JoinPart[] = [{ bytes: header }, ...body];
	if (first.wav && bodyBytes % 2) parts.push({ bytes: Buffer.alloc(1) });
	return { parts, totalBytes: header.length + bodyBytes + (first.wav ? bodyBytes % 2 : 0), seconds, pieceStarts };
}
