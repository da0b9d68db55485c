import { tableDesign } from './design';

// The table's TTL attribute (`expiresAt`, epoch seconds). TTL only collects garbage, days late at
// times: a read that must not show an expired item checks `isUnexpired` itself.

/** An instant as the TTL attribute holds it: whole seconds since the epoch. */
export const epochSecondsOf = (instant: Date): number => Math.floor(instant.getTime() / 1000);

/** The TTL of an item to be collected `seconds` after `instant`. */
export const expiresAfter = (instant: Date, seconds: number): number => epochSecondsOf(instant) + seconds;

/** Whether an item is still alive at `now` (an item without a TTL never expires). */
export function isUnexpired(item: Record<string, unknown>, now: Date): boolean {
  const expiresAt = item[tableDesign.timeToLiveAttribute];
  return typeof expiresAt !== 'number' || expiresAt > epochSecondsOf(now);
}
