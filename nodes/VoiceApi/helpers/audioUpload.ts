import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError } from '../../shared/errors';
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
		const nodeError = asNodeError(ctx.getNode(), error, itemIndex);
		if (nodeError instanceof NodeApiError && (nodeError.httpCode === '400' || nodeError.httpCode === '422')) {
			const hint = audioFieldHint(fieldName);
			nodeError.description = nodeError.description ? `${nodeError.description} ${hint}` : hint;
		}
		throw nodeError;
	}
}
