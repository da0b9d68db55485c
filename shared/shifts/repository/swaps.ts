import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import { type PendingEvent, putNewWithEvents, updateWithEvents } from '../../events/outbox';
import type { Page } from '../../http/pagination';
import { writeIf } from '../../table/conditions';
import { indexEntry, shiftKeys as keys } from '../../table/design';
import { type PageRequest, queryPage, withoutKeys } from '../../table/query';
import type { Swap, SwapStatus } from '../model';
import { expiresAfter } from './retention';

/** Swap requests: one item each, listed under its micro-grid (byParent), newest first. */

/** Records a new swap request with its event; its id is new, so it never replaces one. */
export async function createSwap(swap: Swap, events: readonly PendingEvent[]): Promise<void> {
  const attributes = {
    entity: 'shift-swap',
    ...indexEntry('byParent', keys.shiftSwapsOf(swap.microGridId), `${swap.createdAt}#${swap.id}`),
    expiresAt: expiresAfter(swap.createdAt),
    ...swap,
  };
  await putNewWithEvents(keys.shiftSwap(swap.id), `swap ${swap.id}`, attributes, events);
}

/** Reads a swap (consistently: decisions are made on it). */
export async function getSwap(swapId: string): Promise<Swap | undefined> {
  const output = await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.shiftSwap(swapId), ConsistentRead: true }));
  return output.Item ? withoutKeys<Swap>(output.Item) : undefined;
}

/** Moves a swap from one of `from` to `to` (a state machine on one item); false when it moved first. */
export async function transitionSwap(
  swapId: string,
  from: readonly SwapStatus[],
  to: SwapStatus,
  set: Partial<Swap>,
  events: readonly PendingEvent[],
): Promise<boolean> {
  const values = Object.fromEntries(from.map((status, index) => [`:from${index}`, status]));
  return writeIf(
    updateWithEvents(
      {
        key: keys.shiftSwap(swapId),
        set: { ...set, status: to },
        condition: `#status IN (${Object.keys(values).join(', ')})`,
        names: { '#status': 'status' },
        values,
      },
      events,
    ),
  );
}

/** A micro-grid's swap requests, newest first. */
export async function listSwaps(unitId: string, page: PageRequest): Promise<Page<Swap>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.shiftSwapsOf(unitId), newestFirst: true });
  return { ...result, items: result.items.map((item) => withoutKeys<Swap>(item)) };
}
