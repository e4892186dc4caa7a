import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InputValidator } from '../../../shared/validation';
import { CLONE_ENGINES } from '../../engines';
import { checkLocale } from '../../languages';

/** Reads and checks one item's clone request body; throws a NodeOperationError naming the item and the fix. */
export function readCloneRequest(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const check = new InputValidator(ctx.getNode(), itemIndex);
	const body: IDataObject = {
		voiceName: check.text(ctx.getNodeParameter('cloneVoiceName', itemIndex), 'Voice Name', { max: 100 }).trim(),
		provider: check.oneOf(ctx.getNodeParameter('cloneEngine', itemIndex), 'Engine', CLONE_ENGINES),
		refAudio: check.httpsUrl(ctx.getNodeParameter('refAudio', itemIndex), 'Reference Audio URL'),
	};
	body.sampleLanguage = checkLocale(check, ctx.getNodeParameter('sampleLanguage', itemIndex), 'Sample Language', 'target');
	const sampleText = check.optionalText(ctx.getNodeParameter('sampleText', itemIndex, ''), 'Sample Transcript');
	if (sampleText.trim() !== '') body.sampleText = check.text(sampleText, 'Sample Transcript', { max: 5_000 });
	return body;
}
