// @ts-check
'use strict';
/**
 * Independent checks of audio and subtitle files with Debian's ffprobe/ffmpeg (not our own
 * parser): what a player would see. Plain JS: the n8n lint forbids child_process in .ts files.
 */
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aivoice-ffprobe-'));
let counter = 0;

/** Writes bytes to a temporary file with the given extension and returns its path. */
function tempFile(/** @type {Buffer|string} */ bytes, /** @type {string} */ extension) {
	const file = path.join(dir, `file-${++counter}.${extension}`);
	fs.writeFileSync(file, bytes);
	return file;
}

/** Decodes the whole file and reports what ffprobe and ffmpeg see. */
function probeAudio(/** @type {string} */ file) {
	const info = JSON.parse(
		execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,sample_rate,channels', '-of', 'json', file], { encoding: 'utf8' }),
	);
	const stream = info.streams[0];
	// -v error prints every decode problem; the samples come out as raw PCM and are counted.
	const decode = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-f', 's16le', '-acodec', 'pcm_s16le', '-'], { maxBuffer: 2 * 1024 ** 3 });
	const samples = decode.stdout.length / 2 / Number(stream.channels);
	return {
		codec: String(stream.codec_name),
		sampleRate: Number(stream.sample_rate),
		channels: Number(stream.channels),
		duration: Number(info.format.duration),
		decodedSeconds: samples / Number(stream.sample_rate),
		decodeErrors: `${decode.stderr.toString()}${decode.status ? `exit ${decode.status}` : ''}`.trim(),
	};
}

/** ffprobe's -show_data hex dump back to text. */
function hexDumpText(/** @type {string} */ dump) {
	const hex = dump
		.split('\n')
		.map((line) => line.replace(/^[0-9a-f]{8}: /, '').slice(0, 40).replace(/\s/g, ''))
		.join('');
	return Buffer.from(hex, 'hex').toString('utf8');
}

/** Reads a subtitle file with ffmpeg's SRT or WebVTT demuxer: its cues in file order. */
function probeSubtitles(/** @type {string} */ file) {
	const info = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_packets', '-show_data', '-of', 'json', file], { encoding: 'utf8' }));
	return (info.packets ?? []).map((/** @type {any} */ p) => ({
		start: Number(p.pts_time),
		end: Number(p.pts_time) + Number(p.duration_time),
		text: hexDumpText(p.data ?? ''),
	}));
}

/** The demuxer ffmpeg picked ("srt", "webvtt", "mp3", "wav"). */
function formatName(/** @type {string} */ file) {
	return execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=format_name', '-of', 'default=nw=1:nk=1', file], { encoding: 'utf8' }).trim();
}

/** A real encoder's output (ffmpeg: ID3v2 tag, LAME info frame, encoder delay): `seconds` of tone. */
function encodeTone(/** @type {number} */ seconds, /** @type {'mp3'|'wav'} */ extension, /** @type {string[]} */ args) {
	const out = tempFile('', extension);
	execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=330:duration=${seconds}`, ...args, out]);
	return fs.readFileSync(out);
}

/** The first `bytes` bytes of a file. */
function fileHead(/** @type {string} */ file, /** @type {number} */ bytes) {
	return fs.readFileSync(file).subarray(0, bytes);
}

module.exports = { fileHead, tempFile, probeAudio, probeSubtitles, formatName, encodeTone };
