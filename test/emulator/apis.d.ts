/** Types for apis.js: the APIs the emulator stands in for, listed once. */
import type { ApiName, EmulatorConfig } from './index';

export interface EmulatedApi {
	defaultKey: string;
	/** The credential of this package that reaches the API, and its data for a running emulator. */
	credential: { type: string; name: string; data(at: { baseUrl: string; key: string; config: EmulatorConfig }): Record<string, unknown> };
}
export const APIS: Record<ApiName, EmulatedApi>;
export const API_NAMES: ApiName[];
export function isApiName(name: string): name is ApiName;
export function emulatorCredentials(emulator: {
	url: string;
	keys: Record<ApiName, string>;
	config: EmulatorConfig;
}): Array<{ api: ApiName; type: string; name: string; data: Record<string, unknown> }>;
