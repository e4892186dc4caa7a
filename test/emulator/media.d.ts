/** Types for media.js: tiny real media files (WAV tone, silent MP3/M4A/MP4) and inspectors. */
export function makeWav(seconds: number, sampleRate?: number, opts?: { freq?: number; amplitude?: number }): Buffer<ArrayBuffer>;
export function parseWav(
	buf: Buffer,
): { format: number; channels: number; sampleRate: number; bitsPerSample: number; dataSize: number; duration: number } | null;
export function makeMp3(seconds: number): Buffer<ArrayBuffer>;
/** The real length of what makeAudio(format, seconds) generates (MP3/AAC round up to whole frames). */
export function audioSeconds(format: 'wav' | 'mp3' | 'm4a', seconds: number): number;
export function inspectMp3(buf: Buffer): { frames: number; duration: number; sampleRate: number; valid: boolean };
export function makeM4a(seconds: number): Buffer<ArrayBuffer>;
export function makeMp4(seconds: number): Buffer<ArrayBuffer>;
export function readBoxes(buf: Buffer): Array<{ type: string; size: number; offset: number }>;
export function isoDuration(buf: Buffer): number | null;
export function makeAudio(format: 'wav' | 'mp3' | 'm4a', seconds: number): { data: Buffer<ArrayBuffer>; contentType: string };
export const TINY_PNG: Buffer;
