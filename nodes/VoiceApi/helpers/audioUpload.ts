import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { MultipartPart } from '../../shared/multipart';
import { postMultipart } from '../../shared/multipart';
import { voiceClient } from '../transport';
import { audioFieldHint } from './fields';

/**
 * Posts a multipart form whose audio part is named `fieldName`. A refusal of the form (400/422)
 * says where to fix the field name: it is not documented, so it is the likeliest contract gap.
 */
export async function postAudio(ctx: IExecuteFunctions, path: string, parts: MultipartPart[], fieldName: string, itemIndex: number): Promise<IDataObject> {
	try {
		return await postMultipart(ctx, voiceClient, path, parts, itemIndex);
	} catch (error) {
		if (error instanceof NodeApiError && (error.httpCode === '400' || error.httpCode === '422')) {
			const hint = audioFieldHint(fieldName);
			error.description = error.description ? `${error.description} ${hint}` : hint;
		}
		throw error;
	}
}
