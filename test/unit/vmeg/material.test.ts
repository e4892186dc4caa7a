import { createHash } from 'crypto';
import type { IBinaryData, IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { inputBinary } from '../../../nodes/shared/binary';
import { MIN_PART_SIZE, uploadMaterial } from '../../../nodes/Vmeg/helpers/materialUpload';
import { execute as upload } from '../../../nodes/Vmeg/resources/material/upload';
import { Vmeg } from '../../../nodes/Vmeg/Vmeg.node';
import type { FakeContext } from '../support/fakeExecuteContext';
import { declarativeRunOf } from '../support/declarative';
import { asPaginationContext, binaryItem, fakeExecuteContext } from '../support/fakeExecuteContext';

import type { RequestLogEntry, RunningEmulator } from '../../emulator';
import { makeWav, startEmulator } from '../../emulator';
import { control } from '../../emulator/testkit';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const KIB = 1024;
const MATERIAL = '/openapi/v1/assets/material';
const node = new Vmeg();

const credentials = () => ({
	vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: 'whsec-test-secret', baseUrl: `${emu.url}/vmeg` },
});
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const wavItem = (data: Buffer, fileName = 'clip.wav', mimeType = 'audio/wav') => binaryItem(data, fileName, mimeType);

function uploadContext(
	items: INodeExecutionData[],
	extra: { continueOnFail?: boolean; parameters?: IDataObject; nodeId?: string } = {},
): FakeContext {
	return fakeExecuteContext({
		parameters: { resource: 'material', operation: 'upload', binaryPropertyName: 'data', ...(extra.parameters ?? {}) },
		items,
		credentials: credentials(),
		continueOnFail: extra.continueOnFail,
		node: extra.nodeId ? { id: extra.nodeId } : undefined,
	});
}

/** What the emulator saw: VMEG calls as short paths ("/upload/complete"), S3 PUTs as "PUT s3". */
function calls(): string[] {
	return emu.state.requests
		.filter((r: RequestLogEntry) => r.api === 'vmeg' || r.api === 's3')
		.map((r: RequestLogEntry) => (r.api === 's3' ? 'PUT s3' : r.path.replace(MATERIAL, '')));
}
const s3Puts = () => emu.state.requests.filter((r: RequestLogEntry) => r.api === 's3');
const materialById = (id: unknown) => emu.state.vmeg.materials.find((m) => m.materialId === id);

/** Records the JSON bodies the node sent to VMEG (the emulator logs only their keys). */
function recordVmegBodies(ctx: FakeContext): Array<{ path: string; body: IDataObject }> {
	const sent: Array<{ path: string; body: IDataObject }> = [];
	const original = ctx.helpers.httpRequestWithAuthentication;
	ctx.helpers.httpRequestWithAuthentication = async function (this: unknown, type: string, options: IHttpRequestOptions) {
		sent.push({ path: options.url.replace(MATERIAL, ''), body: options.body as IDataObject });
		return await (original as (t: string, o: IHttpRequestOptions) => Promise<unknown>).call(this, type, options);
	} as typeof original;
	return sent;
}

/** Arms an S3 fault for part `partNumber` of whatever multipart upload reaches it first. */
function failPartOnce(ctx: FakeContext, partNumber: number, status: number, times = 1) {
	const original = ctx.helpers.httpRequest;
	let armed = false;
	ctx.helpers.httpRequest = async function (this: unknown, options: IHttpRequestOptions) {
		const match = new RegExp(`/_s3/multipart/([^/?]+)/${partNumber}\\?`).exec(options.url);
		if (match && !armed) {
			armed = true;
			await control(emu.url, 'POST', '/faults', {
				rules: [{ api: 's3', method: 'PUT', path: `/multipart/${match[1]}/${partNumber}`, kind: 'status', status, times }],
			});
		}
		return await (original as (o: IHttpRequestOptions) => Promise<unknown>).call(this, options);
	} as typeof original;
}

describe('VMEG Material > Upload: single PUT flow', () => {
	test('a small WAV goes gen-upload-url -> PUT (no credentials) -> complete and comes back completed', async () => {
		const wav = makeWav(2);
		const ctx = uploadContext([wavItem(wav)]);
		const [out] = await upload.call(ctx);

		expect(calls()).toEqual(['/upload/gen-upload-url', 'PUT s3', '/upload/complete']);
		const put = ctx.requests.find((r) => r.method === 'PUT')!;
		expect(put.headers.authorization).toBeUndefined();
		expect(put.headers['content-length']).toBe(String(wav.length));
		expect(put.headers['content-type']).toBe('audio/wav');
		expect(s3Puts()[0]).toMatchObject({ status: 200, size: wav.length, md5: md5(wav) });

		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[0].json).toMatchObject({
			category: 'audio',
			name: 'clip.wav',
			fileHash: md5(wav),
			filesize: wav.length,
			duration: 2000,
			instantUpload: false,
			uploadMethod: 'single',
		});
		const material = materialById(out[0].json.materialId)!;
		expect(material).toMatchObject({ status: 'completed', uploadMode: 'single', fileHash: md5(wav), size: wav.length });
		// Every VMEG POST carried an idempotency key.
		expect(emu.state.requests.filter((r) => r.api === 'vmeg').every((r) => r.idempotencyKey)).toBe(true);
	});

	test('the same file again is an instant upload: no PUT, the existing material', async () => {
		const wav = makeWav(1.5);
		const [first] = await upload.call(uploadContext([wavItem(wav)]));
		const before = emu.state.requests.length;
		// A later execution (another node id, so the idempotency keys differ as they would).
		const [again] = await upload.call(uploadContext([wavItem(wav, 'copy.wav')], { nodeId: 'another-node' }));

		const later = emu.state.requests.slice(before);
		expect(later.map((r) => r.path)).toEqual([`${MATERIAL}/upload/gen-upload-url`]);
		expect(again[0].json).toMatchObject({ materialId: first[0].json.materialId, instantUpload: true, uploadMethod: 'instant' });
		expect(emu.state.vmeg.materials).toHaveLength(1);
	});

	test('File Name overrides the name; a name without extension gets one from an audio MIME type', async () => {
		const items = [wavItem(makeWav(1), 'recording', 'audio/wav'), wavItem(makeWav(1.2), 'whatever.wav')];
		const params = (i: number) => ({ resource: 'material', operation: 'upload', binaryPropertyName: 'data', options: i === 1 ? { fileName: ' talk.wav ' } : {} });
		const named = fakeExecuteContext({ parameters: params, items, credentials: credentials() });
		const [out] = await upload.call(named);
		expect(out.map((o) => o.json.name)).toEqual(['recording.wav', 'talk.wav']);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('VMEG Material > Upload: multipart flow', () => {
	test('a file above the threshold is uploaded in ordered parts of the server\'s size and completed', async () => {
		emu.configure({ minPartSize: 64 * KIB, recommendedPartSize: 64 * KIB });
		const wav = makeWav(6.4); // ~200 KiB -> 4 parts of 64 KiB (the last shorter)
		const ctx = uploadContext([wavItem(wav, 'long.wav')]);
		const sent = recordVmegBodies(ctx);
		const file = await inputBinary(ctx, 0, 'data');
		const material = await uploadMaterial(ctx, 0, file, { multipartThreshold: 64 * KIB });

		expect(calls()).toEqual([
			'/upload/gen-upload-url',
			'/upload/multipart/initiate',
			'/upload/multipart/presign-parts',
			'PUT s3',
			'PUT s3',
			'PUT s3',
			'PUT s3',
			'/upload/multipart/complete',
		]);
		expect(s3Puts().map((r) => r.size)).toEqual([65536, 65536, 65536, wav.length - 3 * 65536]);
		expect(ctx.requests.filter((r) => r.method === 'PUT').every((r) => r.headers.authorization === undefined)).toBe(true);

		const presign = sent.find((s) => s.path.endsWith('/presign-parts'))!.body;
		expect(presign.partNumbers).toEqual([1, 2, 3, 4]);
		const complete = sent.find((s) => s.path.endsWith('/multipart/complete'))!.body;
		const parts = complete.parts as Array<{ partNumber: number; eTag: string }>;
		expect(parts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4]);
		expect(parts.map((p) => p.eTag)).toEqual(s3Puts().map((r) => `"${r.md5}"`));

		expect(material).toMatchObject({ uploadMethod: 'multipart', instantUpload: false, fileHash: md5(wav), filesize: wav.length });
		expect(materialById(material.materialId)).toMatchObject({ status: 'completed', uploadMode: 'multipart', fileHash: md5(wav), size: wav.length });
	});

	test('a file of 5 MiB or more goes multipart by default; a transient S3 500 on a part is retried', async () => {
		emu.configure({ minPartSize: 2 * 1024 * KIB, recommendedPartSize: 2 * 1024 * KIB });
		const wav = makeWav(170); // 5.44 MB
		expect(wav.length).toBeGreaterThanOrEqual(MIN_PART_SIZE);
		const ctx = uploadContext([wavItem(wav, 'big.wav')]);
		failPartOnce(ctx, 2, 500, 1);
		const [out] = await upload.call(ctx);

		expect(out[0].json).toMatchObject({ uploadMethod: 'multipart', fileHash: md5(wav), filesize: wav.length });
		// Parts run concurrently, so only each part's own attempts are in order.
		const attempts = (n: string) => s3Puts().filter((r) => r.path.split('/').pop() === n).map((r) => r.status);
		expect([attempts('1'), attempts('2'), attempts('3')]).toEqual([[200], [500, 200], [200]]);
		expect(materialById(out[0].json.materialId)).toMatchObject({ status: 'completed', size: wav.length });
	}, 60_000);

	test('an S3 refusal of part 2 aborts the upload; with Continue On Fail the next item still uploads', async () => {
		emu.configure({ minPartSize: 2 * 1024 * KIB, recommendedPartSize: 2 * 1024 * KIB });
		const big = makeWav(170);
		const small = makeWav(1);
		const ctx = uploadContext([wavItem(big, 'big.wav'), wavItem(small, 'small.wav')], { continueOnFail: true });
		failPartOnce(ctx, 2, 403);
		const [out] = await upload.call(ctx);

		expect(out).toHaveLength(2);
		expect(out[0]).toEqual({ json: { error: expect.stringMatching(/^VMEG storage: upload of part 2 of 3 failed with HTTP 403/) }, pairedItem: { item: 0 } });
		expect(String(out[0].json.error)).not.toMatch(/X-Amz|Signature=|\?/);
		expect(out[1]).toMatchObject({ json: { uploadMethod: 'single', fileHash: md5(small) }, pairedItem: { item: 1 } });

		const paths = calls();
		expect(paths).toContain('/upload/multipart/abort');
		expect(paths).not.toContain('/upload/multipart/complete');
		const aborted = emu.state.vmeg.materials.find((m) => m.uploadMode === 'multipart')!;
		expect(aborted.status).toBe('aborted');
		expect(materialById(out[1].json.materialId)!.status).toBe('completed');
	}, 60_000);

	test('without Continue On Fail the S3 error is thrown for the item, after the abort', async () => {
		emu.configure({ minPartSize: 64 * KIB, recommendedPartSize: 64 * KIB });
		const ctx = uploadContext([wavItem(makeWav(6.4), 'long.wav')]);
		failPartOnce(ctx, 2, 403);
		const file = await inputBinary(ctx, 0, 'data');
		const error = await uploadMaterial(ctx, 0, file, { multipartThreshold: 64 * KIB }).catch((e: unknown) => e);

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(/part 2 of 4 failed with HTTP 403/);
		expect((error as NodeApiError).description).toMatch(/presigned upload URL/);
		expect(calls().slice(-2)).toEqual(['PUT s3', '/upload/multipart/abort']);
		expect(emu.state.vmeg.materials.find((m) => m.uploadMode === 'multipart')!.status).toBe('aborted');
	});

	test('up to Parts in Flight PUTs run at once (default 4); the ETags still go to complete in part order', async () => {
		emu.configure({ minPartSize: 64 * KIB, recommendedPartSize: 64 * KIB });
		const wav = makeWav(20); // 625 KiB -> 10 parts
		for (const [partsInFlight, expected] of [[undefined, 4], [2, 2]] as const) {
			emu.reset();
			emu.configure({ minPartSize: 64 * KIB, recommendedPartSize: 64 * KIB });
			const ctx = uploadContext([wavItem(wav, 'long.wav')]);
			const sent = recordVmegBodies(ctx);
			const original = ctx.helpers.httpRequest as (o: IHttpRequestOptions) => Promise<unknown>;
			let inFlight = 0;
			let most = 0;
			const finished: number[] = [];
			ctx.helpers.httpRequest = (async (options: IHttpRequestOptions) => {
				const partNumber = Number(/\/_s3\/multipart\/[^/]+\/(\d+)\?/.exec(options.url)?.[1]);
				inFlight++;
				most = Math.max(most, inFlight);
				try {
					// Part 1 answers last, so completion order differs from part order.
					await sleep(partNumber === 1 ? 150 : 20);
					return await original(options);
				} finally {
					inFlight--;
					finished.push(partNumber);
				}
			}) as never;
			const file = await inputBinary(ctx, 0, 'data');
			const material = await uploadMaterial(ctx, 0, file, { multipartThreshold: 64 * KIB, partsInFlight });

			expect(most).toBe(expected);
			expect(finished).toHaveLength(10);
			expect(finished[0]).not.toBe(1);
			const parts = sent.find((x) => x.path.endsWith('/multipart/complete'))!.body.parts as Array<{ partNumber: number; eTag: string }>;
			expect(parts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
			const md5ByPart = new Map(s3Puts().map((r) => [Number(r.path.split('/').pop()), `"${r.md5}"`]));
			expect(parts.map((p) => p.eTag)).toEqual(parts.map((p) => md5ByPart.get(p.partNumber)));
			expect(materialById(material.materialId)).toMatchObject({ status: 'completed', fileHash: md5(wav), size: wav.length });
		}
	}, 60_000);

	test('a refused part stops the reading: no part starts after it, the PUTs in flight end, then the abort', async () => {
		emu.configure({ minPartSize: 64 * KIB, recommendedPartSize: 64 * KIB });
		const wav = makeWav(20); // 10 parts
		const ctx = uploadContext([wavItem(wav, 'long.wav')]);
		const original = ctx.helpers.httpRequest as (o: IHttpRequestOptions) => Promise<unknown>;
		const events: string[] = [];
		ctx.helpers.httpRequest = (async (options: IHttpRequestOptions) => {
			const partNumber = Number(/\/_s3\/multipart\/[^/]+\/(\d+)\?/.exec(options.url)?.[1]);
			events.push(`start ${partNumber}`);
			try {
				await sleep(partNumber === 2 ? 30 : 80);
				if (partNumber === 2) return { statusCode: 403, headers: {}, body: '<Error><Code>AccessDenied</Code></Error>' };
				return await original(options);
			} finally {
				events.push(`end ${partNumber}`);
			}
		}) as never;
		const file = await inputBinary(ctx, 0, 'data');
		const error = await uploadMaterial(ctx, 0, file, { multipartThreshold: 64 * KIB }).catch((e: unknown) => e);

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(/part 2 of 10 failed with HTTP 403/);
		// Parts 1-4 were in flight when part 2 failed; nothing after them was read or started.
		expect(events.filter((e) => e.startsWith('start'))).toEqual(['start 1', 'start 2', 'start 3', 'start 4']);
		expect(events.filter((e) => e.startsWith('end'))).toHaveLength(4);
		expect(calls().at(-1)).toBe('/upload/multipart/abort');
		expect(emu.state.vmeg.materials.find((m) => m.uploadMode === 'multipart')!.status).toBe('aborted');
		expect(calls()).not.toContain('/upload/multipart/complete');
	});

	test('a multipart-sized file VMEG already has is an instant upload: gen-upload-url only, 0 bytes sent', async () => {
		emu.configure({ minPartSize: 2 * 1024 * KIB, recommendedPartSize: 2 * 1024 * KIB });
		const wav = makeWav(393, 16_000); // 12 MiB
		const [first] = await upload.call(uploadContext([wavItem(wav, 'interview.wav')]));
		expect(first[0].json).toMatchObject({ uploadMethod: 'multipart', fileHash: md5(wav) });
		const before = emu.state.requests.length;
		const again = uploadContext([wavItem(wav, 'interview-copy.wav')], { nodeId: 'another-node' });
		const [out] = await upload.call(again);

		expect(emu.state.requests.slice(before).map((r) => r.path)).toEqual([`${MATERIAL}/upload/gen-upload-url`]);
		expect(again.requests.reduce((sum, r) => sum + r.bodyBytes, 0)).toBeLessThan(1_000);
		expect(out[0].json).toMatchObject({ materialId: first[0].json.materialId, instantUpload: true, uploadMethod: 'instant' });
	}, 60_000);

	test('binaries n8n keeps on disk are streamed and cut into exact parts', async () => {
		emu.configure({ minPartSize: 64 * KIB, recommendedPartSize: 64 * KIB });
		const wav = makeWav(6.4);
		const binary = { id: 'filesystem-v2:test/wav', data: 'filesystem-v2', fileName: 'disk.wav', mimeType: 'audio/wav' } as IBinaryData;
		const ctx = uploadContext([{ json: {}, binary: { data: binary } }]);
		let opened = 0;
		ctx.helpers.getBinaryMetadata = async () => ({ fileName: 'disk.wav', mimeType: 'audio/wav', fileSize: wav.length });
		ctx.helpers.getBinaryStream = (async () => {
			opened++;
			// Odd chunk sizes, so parts must be stitched across chunk boundaries.
			return (async function* () {
				for (let offset = 0; offset < wav.length; offset += 10_007) yield wav.subarray(offset, offset + 10_007);
			})();
		}) as never;
		ctx.helpers.getBinaryDataBuffer = async () => {
			throw new Error('the whole file was read into memory');
		};
		const file = await inputBinary(ctx, 0, 'data');
		expect(file.size).toBe(wav.length);
		const material = await uploadMaterial(ctx, 0, file, { multipartThreshold: 64 * KIB });

		expect(opened).toBe(2); // once for the MD5, once for the parts
		expect(s3Puts().map((r) => r.size)).toEqual([65536, 65536, 65536, wav.length - 3 * 65536]);
		expect(materialById(material.materialId)).toMatchObject({ status: 'completed', fileHash: md5(wav) });
	});
});

describe('VMEG Material > Upload: input checks before any request', () => {
	test('a missing binary property fails for that item and sends nothing', async () => {
		const ctx = uploadContext([{ json: { hello: 'world' } }]);
		const error = await upload.call(ctx).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toMatch(/no binary property "data"/);
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
		expect(ctx.requests).toHaveLength(0);
		expect(emu.state.requests).toHaveLength(0);
	});

	test('a text file is refused with a clear error; Continue On Fail keeps the other items going', async () => {
		const notes = binaryItem(Buffer.from('not audio'), 'notes.txt', 'text/plain');
		const ctx = uploadContext([notes], {});
		const error = await upload.call(ctx).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('"notes.txt" (text/plain) is not an audio or video file');
		expect((error as NodeOperationError).description).toMatch(/File Name/);
		expect(emu.state.requests).toHaveLength(0);

		const wav = makeWav(1);
		const [out] = await upload.call(uploadContext([notes, wavItem(wav)], { continueOnFail: true }));
		expect(out[0]).toEqual({ json: { error: expect.stringMatching(/not an audio or video file/) }, pairedItem: { item: 0 } });
		expect(out[1]).toMatchObject({ json: { fileHash: md5(wav) }, pairedItem: { item: 1 } });
	});
});

describe('VMEG Material > List and Delete (declarative)', () => {
	async function runDeclarative(parameters: IDataObject, request: Partial<IHttpRequestOptions>) {
		const ctx = fakeExecuteContext({ parameters: { resource: 'material', ...parameters }, credentials: credentials() });
		const exec = declarativeRunOf(node.description, 'material', String(parameters.operation));
		return await exec.call(asPaginationContext(ctx), { options: { baseURL: `${emu.url}/vmeg`, qs: {}, headers: {}, ...request } });
	}
	const list = { method: 'GET' as const, url: `${MATERIAL}/list` };

	test('List returns every completed material with Return All, or up to Limit; Delete removes one', async () => {
		const [uploaded] = await upload.call(uploadContext([1, 1.1, 1.2].map((s) => wavItem(makeWav(s)))));
		const ids = uploaded.map((o) => o.json.materialId);

		const all = await runDeclarative({ operation: 'list', returnAll: true }, list);
		expect(all.map((o) => o.json.materialId).sort()).toEqual([...ids].sort());
		expect(all.every((o) => o.pairedItem && (o.pairedItem as { item: number }).item === 0)).toBe(true);

		const some = await runDeclarative({ operation: 'list', returnAll: false, limit: 2 }, list);
		expect(some).toHaveLength(2);
		const listCalls = emu.state.requests.filter((r) => r.path === `${MATERIAL}/list`);
		expect(listCalls.at(-1)!.query).toMatchObject({ currentPage: '1', pageSize: '2' });

		const deleted = await runDeclarative(
			{ operation: 'delete', deleteMaterialId: ids[1] },
			{ method: 'POST', url: `${MATERIAL}/delete`, body: { materialId: ids[1] } },
		);
		expect(deleted).toEqual([{ json: { success: true }, pairedItem: { item: 0 } }]);
		expect(materialById(ids[1])!.deleted).toBe(true);
		const after = await runDeclarative({ operation: 'list', returnAll: true }, list);
		expect(after.map((o) => o.json.materialId)).not.toContain(ids[1]);
	});

	test('the operations are declared as the API expects', () => {
		const operations = node.description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'material')!;
		const byValue = Object.fromEntries((operations.options as Array<{ value: string; routing?: IDataObject }>).map((o) => [o.value, o.routing]));
		expect(byValue.list).toMatchObject({ request: { method: 'GET', url: `${MATERIAL}/list` }, send: { paginate: true } });
		expect(byValue.delete).toMatchObject({ request: { method: 'POST', url: `${MATERIAL}/delete` }, send: { paginate: true } });
		expect(byValue.upload).toBeUndefined();
		expect(node.customOperations.material.upload).toBe(upload);
	});
});
