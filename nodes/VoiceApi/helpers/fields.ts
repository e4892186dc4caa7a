import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { listOrTypedPicker } from '../../shared/properties';
import type { InputValidator } from '../../shared/validation';

/** A model picker (searchable list, or an ID typed by hand). */
export function modelLocator(name: string, displayName: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return listOrTypedPicker(
		{ name, displayName, searchListMethod: 'searchModels' },
		{ displayName: 'By ID', placeholder: 'e.g. 8f3c2a1b9d4e4f60a7b1c2d3e4f5a6b7' },
		extra,
	);
}

/** The task a status, result or wait operation is about; `hint` names the Create that returned it. */
export function taskIdField(hint: string): INodeProperties {
	return { displayName: 'Task ID', name: 'taskId', type: 'string', default: '', required: true, description: hint };
}

/** A Create's "Wait for Completion" switch (on by default). */
export function waitField(description: string): INodeProperties {
	return { displayName: 'Wait for Completion', name: 'waitForCompletion', type: 'boolean', default: true, description };
}

export const timeLimitOption: INodeProperties = {
	displayName: 'Time Limit (Minutes)',
	name: 'timeLimitMinutes',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 120 },
	default: 10,
	description: 'How long Wait for Completion waits before failing with the task ID (the task keeps running)',
};

/** Reads a resource-locator or plain value as a string; anything but text or a number is refused (naming `field`). */
export function locatorValue(value: unknown, check: InputValidator, field: string): string {
	const raw = value && typeof value === 'object' && !Array.isArray(value) && 'value' in (value as IDataObject) ? (value as IDataObject).value : value;
	return check.optionalText(raw, field).trim();
}

/**
 * The multipart field that carries the audio. The Voice API's docs do not name it; `file` is what
 * FastAPI services (as this one is) usually call it, so it is the default, and it is an option so a
 * user whose API answers "the audio file is required in field X" can set X without a release.
 */
export function audioFieldNameOption(): INodeProperties {
	return {
		displayName: 'Audio Field Name',
		name: 'audioFieldName',
		type: 'string',
		default: 'file',
		description:
			'Name of the multipart form field the audio is sent in. Not documented by the API; change it only if the API answers that the audio file is required in a field with another name.',
	};
}

/** The Audio Field Name chosen (blank or missing: `file`). */
export function audioFieldName(options: IDataObject): string {
	const name = typeof options.audioFieldName === 'string' ? options.audioFieldName.trim() : '';
	return name || 'file';
}

/** Added to a refused upload's error: where to fix a wrong multipart field name. */
export function audioFieldHint(fieldName: string): string {
	return `The audio was sent in the multipart field "${fieldName}". If the API says the audio file is required in a field with another name, set Options > Audio Field Name to that name.`;
}
