import type { INodeProperties } from 'n8n-workflow';

/** The task to read (Get) or wait for (Wait for Completion); Get sends it as the `taskId` query. */
export const taskIdField: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	default: '',
	required: true,
	routing: { send: { type: 'query', property: 'taskId' } },
};
