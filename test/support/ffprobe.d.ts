/** Types for ffprobe.js: independent decoding checks with ffprobe/ffmpeg. */
export function tempFile(bytes: Buffer | string, extension: string): string;
export interface ProbedAudio {
	codec: string;
	sampleRate: number;
	channels: number;
	/** The container's duration as ffprobe reports it. */
	duration: number;
	/** The length of the samples ffmpeg decoded, end to end. */
	decodedSeconds: number;
	/** ffmpeg's error output while decoding the whole file ('' = no decode errors). */
	decodeErrors: string;
}
export function probeAudio(file: string): ProbedAudio;
export function probeSubtitles(file: string): Array<{ start: number; end: number; text: string }>;
export function formatName(file: string): string;
export function encodeTone(seconds: number, extension: 'mp3' | 'wav', args: string[]): Buffer;
export function fileHead(file: string, bytes: number): Buffer;
