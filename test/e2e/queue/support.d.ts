/* eslint-disable @typescript-eslint/no-explicit-any -- harness state is untyped JSON */
export function serveFiles(
	files: Record<string, { type: string; body?: Buffer; size?: number }>,
): Promise<{ base: string; close(): Promise<void> }>;
export function processLog(queue: Record<string, any>, name: 'main' | 'worker' | 'webhookA' | 'webhookB'): string;
export function note(message: string): void;
