/* eslint-disable @typescript-eslint/no-explicit-any -- harness state is untyped JSON */
type ProcessName = 'main' | 'worker' | 'webhookA' | 'webhookB';
export const DB_BINARY_LIMIT_MIB: number;
export function startQueueCluster(o: { version: string; packageTarball: string }): Promise<{
	state: Record<string, any>;
	baseUrl: string;
	userFolder: string;
	logs(): string;
	stop(): Promise<void>;
}>;
export function stopProcess(queue: Record<string, any>, name: ProcessName): Promise<void>;
export function restartProcess(queue: Record<string, any>, name: ProcessName): Promise<void>;
export function spawnN8nProcess(queue: Record<string, any>, name: ProcessName): Promise<number>;
