export interface RecordedRequest {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

export interface TestServer {
	base: string;
	requests: RecordedRequest[];
	close: () => Promise<void>;
}

export function startServer(): Promise<TestServer>;
export function closedPortUrl(): Promise<string>;
