import type { AudioPiece } from '../../../nodes/shared/audioJoin';
import { AudioJoinError, inspectAudio, inspectMp3, planJoin } from '../../../nodes/shared/audioJoin';
import { buildSubtitles, wrapLines } from '../../../nodes/shared/subtitles';
import { media } from '../../emulator';
import { encodeTone as encode, formatName, probeAudio, probeSubtitles, tempFile } from '../../support/ffprobe';

jest.setTimeout(60_000);

function join(files: Buffer[], format: 'wav' | 'mp3', pauseAfter: number[]): { bytes: Buffer; pieces: AudioPiece[]; seconds: number } {
	const pieces = files.map((f, i) => inspectAudio(f, format, `Piece ${i + 1}`));
	const plan = planJoin(pieces, pauseAfter);
	const bytes = Buffer.concat(plan.parts.map((p) => ('bytes' in p ? p.bytes : files[p.piece].subarray(pieces[p.piece].start, pieces[p.piece].end))));
	expect(bytes.length).toBe(plan.totalBytes);
	return { bytes, pieces, seconds: plan.seconds };
}

const within1Percent = (actual: number, expected: number) => expect(Math.abs(actual - expected) / expected).toBeLessThan(0.01);

describe('audio join, checked by ffprobe/ffmpeg', () => {
	test('emulator WAV and MP3 decode to the duration the emulator states', () => {
		for (const [format, ext] of [['wav', 'wav'], ['mp3', 'mp3'], ['m4a', 'm4a']] as const) {
			const probed = probeAudio(tempFile(media.makeAudio(format, 3.3).data, ext));
			expect(probed.decodeErrors).toBe('');
			within1Percent(probed.duration, media.audioSeconds(format, 3.3));
			within1Percent(probed.decodedSeconds, media.audioSeconds(format, 3.3));
		}
	});

	test('ffmpeg-encoded MP3 pieces (ID3, LAME info frame, MPEG-2 24 kHz) + pauses: one tag-free MP3 of the summed length', () => {
		const lengths = [5.2, 7.3, 6.1];
		const files = lengths.map((s) => encode(s, 'mp3', ['-ar', '24000', '-ac', '1', '-b:a', '64k', '-id3v2_version', '3', '-metadata', 'title=piece']));
		expect(files[0].toString('latin1', 0, 3)).toBe('ID3');
		const piecesAlone = files.map((f) => probeAudio(tempFile(f, 'mp3')).duration);
		const { bytes, seconds } = join(files, 'mp3', [0.5, 0]);
		expect(bytes.toString('latin1', 0, 3)).not.toBe('ID3');
		expect(bytes.includes(Buffer.from('ID3'))).toBe(false);
		// The pieces' LAME info frames are gone; one Info frame (ours, first) describes the whole file.
		const infoTags = (tag: string) => bytes.toString('latin1').split(tag).length - 1;
		expect(files.every((f) => f.includes(Buffer.from('Info')))).toBe(true);
		expect(infoTags('Info') + infoTags('Xing')).toBe(1);
		expect(bytes.indexOf('Info')).toBeLessThan(64);
		const probed = probeAudio(tempFile(bytes, 'mp3'));
		expect(probed).toMatchObject({ codec: 'mp3', sampleRate: 24000, channels: 1, decodeErrors: '' });
		const expected = piecesAlone.reduce((a, b) => a + b, 0) + 0.5;
		within1Percent(probed.duration, expected);
		within1Percent(probed.decodedSeconds, expected);
		within1Percent(seconds, expected);
	});

	test('ffmpeg-encoded stereo WAV pieces (LIST chunk) + pauses: exact sample count, one header', () => {
		const files = [2.5, 1.25, 3].map((s) => encode(s, 'wav', ['-ar', '22050', '-ac', '2', '-metadata', 'title=x']));
		const { bytes, seconds } = join(files, 'wav', [0.75, 1]);
		const probed = probeAudio(tempFile(bytes, 'wav'));
		expect(probed).toMatchObject({ codec: 'pcm_s16le', sampleRate: 22050, channels: 2, decodeErrors: '' });
		expect(seconds).toBeCloseTo(2.5 + 1.25 + 3 + 0.75 + 1, 4);
		expect(probed.duration).toBeCloseTo(seconds, 3);
		expect(probed.decodedSeconds).toBeCloseTo(seconds, 3);
		expect(bytes.indexOf(Buffer.from('RIFF'), 1)).toBe(-1);
	});

	test('emulator MP3 pieces with varying bitrate frames: a Xing frame tells the exact length', () => {
		const a = media.makeMp3(4);
		const b = encode(6, 'mp3', ['-ar', '44100', '-ac', '1', '-b:a', '128k']);
		const { bytes } = join([a, b], 'mp3', [0.4]);
		expect(bytes.includes(Buffer.from('Xing'))).toBe(true);
		const probed = probeAudio(tempFile(bytes, 'mp3'));
		expect(probed.decodeErrors).toBe('');
		within1Percent(probed.duration, probeAudio(tempFile(a, 'mp3')).duration + probeAudio(tempFile(b, 'mp3')).duration + 0.4);
	});

	test('pieces of different sample rates or channels: a clear error, nothing joined', () => {
		const pieces = [media.makeWav(1, 16000), media.makeWav(1, 24000)].map((f, i) => inspectAudio(f, 'wav', `Piece ${i + 1}`));
		expect(() => planJoin(pieces, [0])).toThrow(AudioJoinError);
		expect(() => planJoin(pieces, [0])).toThrow('Piece 2 is 24000 Hz mono 16-bit PCM but piece 1 is 16000 Hz mono 16-bit PCM: pieces of different formats cannot be joined into one file');
		const mono = inspectMp3(encode(1, 'mp3', ['-ar', '44100', '-ac', '1']), 'Piece 1');
		const stereo = inspectMp3(encode(1, 'mp3', ['-ar', '44100', '-ac', '2']), 'Piece 2');
		expect(() => planJoin([mono, stereo], [0])).toThrow(/Piece 2 is MPEG-1 44100 Hz stereo but piece 1 is MPEG-1 44100 Hz mono/);
	});

	test('a piece in the wrong format (M4A when MP3 was asked) is refused by name', () => {
		expect(() => inspectAudio(media.makeM4a(1), 'mp3', 'Piece 3')).toThrow('Piece 3 is not an MP3 file (no MPEG Layer III frames)');
		expect(() => inspectAudio(media.makeMp3(1), 'wav', 'Piece 3')).toThrow('Piece 3 is not a WAV file');
	});
});

describe('subtitles, read back by ffmpeg', () => {
	const items = [
		{ start: 0, end: 2.5, text: 'Short first sentence.' },
		{ start: 2.5, end: 9, text: 'A much longer second sentence that needs more than two lines of forty-two characters each to be readable.' },
		{ start: 9.75, end: 11, text: 'Third <b> & "last".' },
	];

	test.each([
		['srt', 'srt'],
		['vtt', 'webvtt'],
	] as const)('%s: cues in order, inside the audio, lines ≤ 42 characters, ≤ 2 lines', (format, demuxer) => {
		const path = tempFile(buildSubtitles(items, format), format);
		expect(formatName(path)).toBe(demuxer);
		const cues = probeSubtitles(path);
		expect(cues.length).toBe(4);
		cues.forEach((c, i) => {
			expect(c.end).toBeGreaterThan(c.start);
			if (i) expect(c.start).toBeGreaterThanOrEqual(cues[i - 1].end - 0.001);
			const lines = c.text.trim().split('\n');
			expect(lines.length).toBeLessThanOrEqual(2);
			for (const l of lines) expect(l.length).toBeLessThanOrEqual(42);
		});
		expect(cues[0]).toMatchObject({ start: 0, end: 2.5 });
		expect(cues[3].end).toBeCloseTo(11, 3);
		expect(cues.map((c) => c.text).join(' ').replace(/\s+/g, ' ')).toContain('Short first sentence. A much longer');
	});

	test('CJK text without spaces wraps by characters', () => {
		expect(wrapLines('我们今天去公园散步'.repeat(6), 20).map((l) => Array.from(l).length)).toEqual([20, 20, 14]);
	});
});
