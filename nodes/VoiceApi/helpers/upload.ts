import type { IExecuteFunctions } from 'n8n-workflow';

import type { InputBinary } from '../../shared/binary';
import { binaryToBuffer, inputBinary } from '../../shared/binary';
import { inputError } from '../../shared/errors';
import { MAX_MULTIPART_UPLOAD_BYTES } from '../../shared/multipart';

/**
 * Reads an input binary for a multipart upload (the API takes nothing else, so the file is held
 * in memory): refuses files over MAX_MULTIPART_UPLOAD_BYTES before reading them when n8n knows
 * the size, and empty files.
 */
export async function readUpload(ctx: IExecuteFunctions, itemIndex: number, field: string): Promise<{ file: InputBinary; data: Buffer }> {
	const file = await inputBinary(ctx, itemIndex, field);
	const tooLarge = (size: number) =>
		inputError(
			ctx.getNode(),
			itemIndex,
			`The file is ${(size / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_MULTIPART_UPLOAD_BYTES / 1024 / 1024} MB this node uploads`,
			'The Voice API only takes multipart uploads, which this node holds in memory while sending. Compress or shorten the audio first.',
		);
	if (file.size !== undefined && file.size > MAX_MULTIPART_UPLOAD_BYTES) throw tooLarge(file.size);
	const data = await binaryToBuffer(file);
	if (data.length > MAX_MULTIPART_UPLOAD_BYTES) throw tooLarge(data.length);
	if (data.length === 0) throw inputError(ctx.getNode(), itemIndex, 'The input file is empty', 'Check the node that produced the file.');
	return { file, data };
}
