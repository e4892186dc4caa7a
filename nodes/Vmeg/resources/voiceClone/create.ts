import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapCheckedItems } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import { CLONE_ENGINES } from '../../engines';
import { checkLocale } from '../../languages';
import { vmegRequest } from '../../transport';

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

/** Synchronous clone: one request per item (n items, n clones); outputs the new voice ID. */
export async function create(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Every item is checked before the first (paid) clone.
	const items = await mapCheckedItems(this, (itemIndex) => readCloneRequest(this, itemIndex), async (itemIndex, body) => {
		const data = await vmegRequest<IDataObject>(
			this,
			{ method: 'POST', path: '/openapi/v1/task/clone-voice/create', body, timeout: 600_000 },
			{ itemIndex },
		);
		return {
			json: { voiceId: data.voiceId, taskId: data.taskId, createdAt: data.createdAt, voiceName: body.voiceName, engine: body.provider },
		};
	});
	return [items];
}
