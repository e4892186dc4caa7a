import type { IDataObject } from 'n8n-workflow';

import type { ItemFailure } from '../../../shared/items';
import type { VmegEvent } from '../../events';

export type WaitMode = 'none' | 'poll' | 'webhook';

/** One input item's share of an async job (a TTS or translation job serves up to 50 items). */
export interface ItemJob {
	itemIndex: number;
	taskId: string;
	event: VmegEvent;
	/** Position of the item's line in the job's results (TTS/translation batches). */
	lineIndex?: number;
}

/** An item whose job VMEG accepted (or, for Task > Wait for Completion, that already exists). */
export interface AcceptedItem extends ItemJob {
	kind: 'accepted';
	/** The submit's answer and the operation's extras (e.g. the uploaded material). */
	acceptance: IDataObject;
}

/** An item refused before or at submit (kept only with Continue On Fail). */
export interface FailedItem {
	kind: 'failed';
	itemIndex: number;
	error: Error;
}

export type ItemOutcome = AcceptedItem | FailedItem;

/** The items refused while reading the input, as outcomes. */
export function refusedItems(failures: readonly ItemFailure[]): FailedItem[] {
	return failures.map(({ itemIndex, error }) => ({ kind: 'failed', itemIndex, error }));
}

/**
 * Outcomes in item order. Callers gather them as they come (refused items, then submitted jobs);
 * finishing them, in any wait mode, reads them in this order, so errors name the first item.
 */
export function inItemOrder(outcomes: readonly ItemOutcome[]): ItemOutcome[] {
	return [...outcomes].sort((a, b) => a.itemIndex - b.itemIndex);
}
