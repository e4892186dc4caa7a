import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { callApi } from '../../shared/api';
import { downloadAsBinary, extensionForMimeType, fileNameFromUrl, mimeTypeForFileName } from '../../shared/binary';
import type { ItemResult } from '../../shared/items';
import { mapCheckedItems } from '../../shared/items';
import { InputValidator } from '../../shared/validation';
import { vimmerseClient } from '../transport';

/** Longest prompt the API accepts (documented for text-2-speech: ~5,000 characters). */
const MAX_PROMPT_CHARS = 5000;

/** What a generation operation's body builder gets: the item's context and the already checked prompt. */
interface GenerationInput {
	ctx: IExecuteFunctions;
	itemIndex: number;
	check: InputValidator;
	prompt: string;
}

/**
 * The `execute` of a generation operation: per item, checks the `prompt` parameter (named `promptLabel`
 * in errors, at most MAX_PROMPT_CHARS), builds the request body and POSTs it to `path`.
 */
export function generationExecute(path: string, buildBody: (input: GenerationInput) => IDataObject, promptLabel = 'Prompt') {
	return async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Every item is checked before the first (paid) generation.
		const read = (i: number) => {
			const check = new InputValidator(this.getNode(), i);
			const prompt = check.text(this.getNodeParameter('prompt', i), promptLabel, { max: MAX_PROMPT_CHARS });
			return buildBody({ ctx: this, itemIndex: i, check, prompt });
		};
		return [await mapCheckedItems(this, read, async (i, body) => await generate(this, i, path, body))];
	};
}

/** POSTs a generation request and shapes the asset (plus its audio files, when asked) as an item. */
async function generate(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	body: IDataObject,
): Promise<ItemResult> {
	const response = await callApi<IDataObject>(ctx, vimmerseClient, { method: 'POST', path, body }, { itemIndex });
	return await assetToItem(ctx, itemIndex, response.body);
}

function unwrapAsset(body: IDataObject): IDataObject {
	const data = body?.data;
	if (data && typeof data === 'object' && !Array.isArray(data) && !('id' in body)) return data as IDataObject;
	return body;
}

async function assetToItem(ctx: IExecuteFunctions, itemIndex: number, raw: IDataObject): Promise<ItemResult> {
	const asset = unwrapAsset(raw);
	const download = ctx.getNodeParameter('downloadAudio', itemIndex, true) as boolean;
	if (!download) return { json: asset };
	const field = ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const results = (Array.isArray(asset.results) ? asset.results : []).filter((u): u is string => typeof u === 'string' && u !== '');
	const binary: INodeExecutionData['binary'] = {};
	const id = String(asset.id ?? 'vimmerse-audio');
	for (const [n, url] of results.entries()) {
		const { fileName, mimeType } = resultFileName(id, n, url, asset.mime_type as string | undefined);
		try {
			binary[n === 0 ? field : `${field}_${n}`] = await downloadAsBinary(ctx, url, { fileName, mimeType, itemIndex });
		} catch (error) {
			// The asset is made and paid for: say which, so its files can be fetched again.
			throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
				itemIndex,
				description: `Asset ${id} was created (and charged); Audio > Get with this ID gives its result URLs again. ${(error as NodeOperationError).description ?? ''}`.trim(),
			});
		}
	}
	return results.length ? { json: asset, binary } : { json: asset };
}

/** `<assetId>.<ext>` for the first result, `<assetId>_<n>.<ext>` for further ones. */
export function resultFileName(assetId: string, index: number, url: string, assetMime: string | undefined) {
	const fromUrl = fileNameFromUrl(url);
	const urlExt = fromUrl && /\.([a-z0-9]{2,5})$/i.exec(fromUrl)?.[1]?.toLowerCase();
	const ext = urlExt || extensionForMimeType(assetMime) || 'mp3';
	const fileName = `${assetId}${index === 0 ? '' : `_${index}`}.${ext}`;
	return { fileName, mimeType: mimeTypeForFileName(fileName, 'audio/mpeg') };
}
