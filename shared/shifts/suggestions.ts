import { listMembers } from '../organisation/repository';
import { batchGetItems } from '../table/batch';
import { type ItemKey, keys } from '../table/design';
import { queryPage, withoutKeys } from '../table/query';
import type { Candidate, ShiftRecord } from './domain';
import type { Availability } from './model';
import { dayFromItem } from './repository';
import { addDays, localDateOf, localMonthOf, previousMonth } from './time';

/**
 * What suggesting people for a shift reads, in a number of table calls that does not grow with the
 * micro-grid (it used to be five reads per member):
 * - its members: one Query of at most {@link MAX_SUGGESTION_MEMBERS} (a micro-grid has about ten);
 * - each one's availability, day schedule (their claims on the shift's day) and profile (their
 *   name): BatchGets of 100 keys, three keys a member;
 * - the recent hours: the micro-grid's own hours log of this month and the last, at most
 *   {@link MAX_HOURS_PAGES} pages a month, instead of each member's log. `recentMinutes` is thus
 *   the minutes a member gave *this micro-grid* over the last 30 days — the fairness that matters to
 *   the grid worker asking; hours given to other micro-grids no longer count.
 * At most 1 + 6 + 2 × 3 calls, and a few more only if the engine leaves keys unprocessed.
 */

/** Members considered, the first by user id; beyond this a micro-grid is no micro-grid (~100 households). */
export const MAX_SUGGESTION_MEMBERS = 200;
/** Pages of a month's hours log read (each up to 1,000 stints); a micro-grid logs far fewer in a month. */
export const MAX_HOURS_PAGES = 3;
const HOURS_PAGE = 1_000;
const keyOf = (pk: unknown, sk: unknown) => `${String(pk)}|${String(sk)}`;

/** The items of these keys, by `pk|sk` (missing ones absent). */
async function itemsOf(itemKeys: readonly ItemKey[]): Promise<Map<string, Record<string, unknown>>> {
  const items = await batchGetItems(itemKeys, { consistent: true });
  return new Map(items.map((item) => [keyOf(item.pk, item.sk), item]));
}

/** Minutes each member gave the micro-grid on or after `since`, from its hours log of one month (bounded pages). */
async function minutesInMonth(microGridId: string, month: string, since: string, into: Map<string, number>): Promise<void> {
  const { pk, skPrefix } = keys.hoursOfUnit(microGridId, month);
  let cursor: string | undefined;
  for (let page = 0; page < MAX_HOURS_PAGES; page += 1) {
    const result = await queryPage({ partition: pk, sortPrefix: skPrefix, limit: HOURS_PAGE, ...(cursor ? { cursor } : {}) });
    for (const entry of result.items) {
      if (entry.noShow === true || String(entry.date) < since) continue;
      const userId = String(entry.userId);
      into.set(userId, (into.get(userId) ?? 0) + Number(entry.minutes ?? 0));
    }
    cursor = result.nextCursor;
    if (!cursor) return;
  }
}

/** The members who could be asked to cover a shift, with what ranking them needs (see `rankSuggestions`). */
export async function suggestionCandidates(shift: ShiftRecord, now: string): Promise<Candidate[]> {
  const month = localMonthOf(now);
  const since = addDays(localDateOf(now), -30);
  const recent = new Map<string, number>();
  const [page] = await Promise.all([
    listMembers(shift.microGridId, { limit: MAX_SUGGESTION_MEMBERS }),
    minutesInMonth(shift.microGridId, month, since, recent),
    minutesInMonth(shift.microGridId, previousMonth(month), since, recent),
  ]);
  const members = page.items.filter((member) => member.memberRole !== 'grid_worker');
  if (members.length === 0) return [];
  const items = await itemsOf(
    members.flatMap((member) => [keys.availability(member.userId), keys.volunteerDay(member.userId, shift.date), keys.user(member.userId)]),
  );
  const itemAt = (key: ItemKey) => items.get(keyOf(key.pk, key.sk));
  return members.map((member) => {
    const availability = itemAt(keys.availability(member.userId));
    const displayName = itemAt(keys.user(member.userId))?.displayName;
    return {
      userId: member.userId,
      ...(typeof displayName === 'string' ? { displayName } : {}),
      availability: availability ? withoutKeys<Availability>(availability) : undefined,
      claims: dayFromItem(member.userId, shift.date, itemAt(keys.volunteerDay(member.userId, shift.date))).claims,
      recentMinutes: recent.get(member.userId) ?? 0,
    };
  });
}
