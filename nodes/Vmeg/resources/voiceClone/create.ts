import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapItems, readEveryItem } from '../../../shared/items';
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
		refAudio: check.httpsUrl(String(ctx.getNodeParameter('refAudio', itemIndex) ?? '').trim(), 'Reference Audio URL'),
	};
	body.sampleLanguage = checkLocale(check, ctx.getNodeParameter('sampleLanguage', itemIndex), 'Sample Language', 'target');
	const sampleText = String(ctx.getNodeParameter('sampleText', itemIndex, '') ?? '');
	if (sampleText.trim() !== '') body.sampleText = check.text(sampleText, 'Sample Transcript', { max: 5_000 });
	return body;
}

/** Synchronous clone: one request per item (n items, n clones); outputs the new voice ID. */
export async function create(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Every item is checked before the first (paid) clone.
	const { values, failures } = await readEveryItem(this, (itemIndex) => readCloneRequest(this, itemIndex));
	const bodies = new Map(values.map((v) => [v.itemIndex, v.value]));
	const refused = new Map(failures.map((f) => [f.itemIndex, f.error]));
	const items = await mapItems(this, async (itemIndex) => {
		const body = bodies.get(itemIndex);
		if (!body) throw refused.get(itemIndex);
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
