import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { chunk } from '../../shared/items';
import { vmegRequest } from '../transport';

const VOICE_LIST_PAGE = 100;
const PARALLEL_LOOKUPS = 4;

/**
 * Provider tier of each voice (S1…S7 for system voices, V1…V5 for clones), looked up once per
 * execution: `undefined` when the voice does not exist, an Error when the lookup itself failed.
 * The voice lists are free POSTs without idempotency keys.
 */
export async function voiceProviders(
	ctx: IExecuteFunctions,
	voiceIds: string[],
	firstItemOf: Map<string, number>,
): Promise<Map<string, string | Error | undefined>> {
	const providers = new Map<string, string | Error | undefined>();
	const clones = voiceIds.filter((id) => id.startsWith('cv_'));
	const system = voiceIds.filter((id) => !id.startsWith('cv_'));
	for (const ids of chunk(clones, VOICE_LIST_PAGE)) {
		try {
			const page = await vmegRequest<{ records?: IDataObject[] }>(
				ctx,
				{ method: 'POST', path: '/openapi/v1/assets/voice/clone/list', body: { voiceIds: ids, currentPage: 1, pageSize: VOICE_LIST_PAGE } },
				{ itemIndex: firstItemOf.get(ids[0]) },
			);
			for (const id of ids) providers.set(id, providerOf(page.records, id));
		} catch (error) {
			for (const id of ids) providers.set(id, error as Error);
		}
	}
	// The system list filters by one voiceId at a time.
	for (const ids of chunk(system, PARALLEL_LOOKUPS)) {
		await Promise.all(
			ids.map(async (id) => {
				try {
					const page = await vmegRequest<{ records?: IDataObject[] }>(
						ctx,
						{ method: 'POST', path: '/openapi/v1/assets/voice/basic/list', body: { voiceId: id, currentPage: 1, pageSize: 10 } },
						{ itemIndex: firstItemOf.get(id) },
					);
					providers.set(id, providerOf(page.records, id));
				} catch (error) {
					providers.set(id, error as Error);
				}
			}),
		);
	}
	return providers;
}

function providerOf(records: IDataObject[] | undefined, voiceId: string): string | undefined {
	const record = (records ?? []).find((r) => r.voiceId === voiceId);
	if (!record) return undefined;
	// A voice without a provider field still exists; it then forms its own tier.
	return typeof record.provider === 'string' && record.provider ? record.provider : `voice:${voiceId}`;
}
