import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * Independent checks of audio and subtitle files with Debian's ffprobe/ffmpeg (not our own
 * parser): what a player would see.
 */

const dir = mkdtempSync(join(tmpdir(), 'aivoice-ffprobe-'));
let counter = 0;

/** Writes bytes to a temporary file with the given extension and returns its path. */
export function tempFile(bytes: Buffer | string, extension: string): string {
	const path = join(dir, `file-${++counter}.${extension}`);
	writeFileSync(path, bytes);
	return path;
}

export interface ProbedAudio {
	codec: string;
	sampleRate: number;
	channels: number;
	/** The container's duration as ffprobe reports it. */
	duration: number;
	/** The duration of the samples ffmpeg actually decoded, end to end. */
	decodedSeconds: number;
	/** ffmpeg's error output while decoding the whole file (empty = no decode errors). */
	decodeErrors: string;
}

export function probeAudio(path: string): ProbedAudio {
	const info = JSON.parse(
		execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,sample_rate,channels', '-of', 'json', path], { encoding: 'utf8' }),
	);
	const stream = info.streams[0];
	// Decode everything: -v error prints every decode problem; the null muxer discards samples.
	const decode = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-i', path, '-f', 's16le', '-acodec', 'pcm_s16le', '-'], { maxBuffer: 2 * 1024 ** 3 });
	const samples = decode.stdout.length / 2 / Number(stream.channels);
	return {
		codec: stream.codec_name,
		sampleRate: Number(stream.sample_rate),
		channels: Number(stream.channels),
		duration: Number(info.format.duration),
		decodedSeconds: samples / Number(stream.sample_rate),
		decodeErrors: `${decode.stderr.toString()}${decode.status ? `exit ${decode.status}` : ''}`.trim(),
	};
}

export interface ProbedCue {
	start: number;
	end: number;
	text: string;
}

/** Reads a subtitle file with ffmpeg (SRT or WebVTT demuxer) and returns its cues in file order. */
export function probeSubtitles(path: string): ProbedCue[] {
	const info = JSON.parse(
		execFileSync('ffprobe', ['-v', 'error', '-show_packets', '-show_data', '-of', 'json', path], { encoding: 'utf8' }),
	);
	return (info.packets ?? []).map((p: { pts_time: string; duration_time: string; data?: string }) => ({
		start: Number(p.pts_time),
		end: Number(p.pts_time) + Number(p.duration_time),
		text: hexDumpText(p.data ?? ''),
	}));
}

/** ffprobe's -show_data hex dump back to text. */
function hexDumpText(dump: string): string {
	const hex = dump
		.split('\n')
		.map((line) => line.replace(/^[0-9a-f]{8}: /, '').slice(0, 40).replace(/\s/g, ''))
		.join('');
	return Buffer.from(hex, 'hex').toString('utf8');
}

/** The demuxer ffmpeg picked for a file ("srt", "webvtt", "mp3", "wav"). */
export function formatName(path: string): string {
	return execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=format_name', '-of', 'default=nw=1:nk=1', path], { encoding: 'utf8' }).trim();
}
