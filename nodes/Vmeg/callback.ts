import type { IDataObject } from 'n8n-workflow';

/** Where a waiting node leaves its callback URL in a job's `extraData` for the VMEG Trigger. */
export const RESUME_URL_FIELD = 'n8nResumeUrl';

export const VMEG_EVENTS = [
	'openapi-tts',
	'openapi-translate',
	'openapi-clone-voice',
	'openapi-media-translation',
] as const;
export type VmegEvent = (typeof VMEG_EVENTS)[number];

/** Body VMEG POSTs to the dashboard webhook URL when an async job ends. */
export interface VmegCallback {
	code: number;
	version?: string;
	event: VmegEvent;
	pipelineKey?: string;
	message?: string;
	extraData?: IDataObject;
	data: IDataObject & { taskId?: string };
}

export function parseCallback(rawBody: Buffer): VmegCallback | undefined {
	try {
		const parsed = JSON.parse(rawBody.toString('utf8')) as VmegCallback;
		return parsed && typeof parsed === 'object' && parsed.data ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/** URLs of result files a finished job produced, per event. */
export function resultFileUrls(event: string, data: IDataObject): Array<{ key: string; url: string }> {
	const files: Array<{ key: string; url: string }> = [];
	if (event === 'openapi-tts') {
		((data.results as IDataObject[] | undefined) ?? []).forEach((r, i) => {
			if (typeof r.uri === 'string') files.push({ key: i === 0 ? 'audio' : `audio_${i}`, url: r.uri });
		});
	}
	if (event === 'openapi-media-translation') {
		const build = ((data.result as IDataObject | undefined)?.build ?? {}) as IDataObject;
		const video = (build.video as IDataObject | undefined)?.url;
		const audio = (build.audio as IDataObject | undefined)?.url;
		if (typeof video === 'string') files.push({ key: 'video', url: video });
		if (typeof audio === 'string') files.push({ key: 'audio', url: audio });
	}
	return files;
}
