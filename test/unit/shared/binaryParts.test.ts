import { randomBytes } from 'crypto';
import { sleep } from 'n8n-workflow';

import type { InputBinary } from '../../../nodes/shared/binary';
import { binaryParts } from '../../../nodes/shared/binary';

/** A disk-backed binary whose stream yields `chunk`-byte pieces of `data`, whatever size is asked for. */
function streamedFile(data: Buffer, chunk: number): InputBinary {
	return {
		binary: { data: 'filesystem-v2', mimeType: 'video/mp4' },
		fileName: 'clip.mp4',
		mimeType: 'video/mp4',
		size: data.length,
		open: async () =>
			(async function* () {
				for (let offset = 0; offset < data.length; offset += chunk) yield data.subarray(offset, offset + chunk);
			})(),
	};
}

describe('binaryParts', () => {
	test('a streamed file comes out as exact parts, stitched across chunk boundaries, the last one shorter', async () => {
		const data = randomBytes(10 * 1000 + 123);
		const parts: Buffer[] = [];
		for await (const part of binaryParts(streamedFile(data, 777), 1000, 2)) {
			parts.push(Buffer.from(part.bytes)); // a copy: the buffer is reused once released
			part.release();
		}
		expect(parts.map((p) => p.length)).toEqual([...Array(10).fill(1000), 123]);
		expect(Buffer.concat(parts).equals(data)).toBe(true);
	});

	test('parts of a streamed file reuse `slots` buffers: the next part waits until one is released', async () => {
		const data = randomBytes(6 * 100);
		const parts = binaryParts(streamedFile(data, 64), 100, 2)[Symbol.asyncIterator]();
		const first = (await parts.next()).value;
		const second = (await parts.next()).value;
		expect(first.bytes.equals(data.subarray(0, 100))).toBe(true);
		expect(second.bytes.equals(data.subarray(100, 200))).toBe(true);

		let third: { bytes: Buffer } | undefined;
		const pending = parts.next().then((r) => (third = r.value));
		await sleep(20);
		expect(third).toBeUndefined(); // both buffers are out

		const firstMemory = first.bytes.buffer;
		first.release();
		first.release(); // a second release must not hand the buffer out twice
		await pending;
		expect(third!.bytes.buffer).toBe(firstMemory);
		expect(third!.bytes.equals(data.subarray(200, 300))).toBe(true);
		expect(second.bytes.equals(data.subarray(100, 200))).toBe(true); // untouched while unreleased
	});

	test('an in-memory binary is cut into views of its buffer, not copies', async () => {
		const data = randomBytes(250);
		const file: InputBinary = { ...streamedFile(data, 64), open: async () => data };
		const parts: Buffer[] = [];
		for await (const part of binaryParts(file, 100, 1)) parts.push(part.bytes);
		expect(parts.map((p) => p.length)).toEqual([100, 100, 50]);
		expect(parts.every((p) => p.buffer === data.buffer)).toBe(true);
		expect(Buffer.concat(parts).equals(data)).toBe(true);
	});
});
