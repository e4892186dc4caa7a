import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { WaitMode } from './outcomes';

const WAIT_MODE_OPTIONS: INodePropertyOptions[] = [
	{ name: "Don't Wait", value: 'none', description: 'Output the task ID at once; get the result later (Task > Get, or a VMEG Trigger workflow)' },
	{ name: 'Poll', value: 'poll', description: 'Check the task from this node until it ends; fine for short jobs, but holds the execution running' },
	{
		name: 'Resume on Webhook',
		value: 'webhook',
		description: "Pause the execution (no worker held) until VMEG's callback, forwarded by a VMEG Trigger workflow, resumes it",
	},
];

/**
 * The "Wait for Completion" fields of an async operation, unscoped (the operation's file scopes
 * them). `modes` narrows the choice (the first is the default); `downloads: false` leaves out
 * Download Result Files for jobs without files.
 */
export function waitFields({ modes = ['none', 'poll', 'webhook'], downloads = true }: { modes?: WaitMode[]; downloads?: boolean } = {}): INodeProperties[] {
	const modeOptions = WAIT_MODE_OPTIONS.filter((o) => modes.includes(o.value as WaitMode));
	const defaultMode = modes[0];
	const whileWaiting = { show: { waitMode: ['poll', 'webhook'] } };
	const fields: INodeProperties[] = [
		{
			displayName: 'Wait for Completion',
			name: 'waitMode',
			type: 'options',
			options: modeOptions,
			default: defaultMode,
		},
		{
			displayName: 'Time Limit (Minutes)',
			name: 'waitTimeLimit',
			type: 'number',
			typeOptions: { minValue: 1 },
			displayOptions: whileWaiting,
			default: 60,
			description: 'Stop waiting after this long; unfinished jobs are reported with status "timeout" and their task ID',
		},
	];
	if (!downloads) return fields;
	return [
		...fields,
		{
			displayName: 'Download Result Files',
			name: 'downloadResults',
			type: 'boolean',
			displayOptions: whileWaiting,
			default: true,
			description: 'Whether to attach the result audio/video as binary data (field "data" unless Options > Put Output File in Field says otherwise)',
		},
	];
}
