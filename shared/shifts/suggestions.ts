import { listMembers } from '../organisation/repository';
import { addDays, localDateOf, localMonthOf, previousMonth } from '../time/local';
import { displayNamesOf } from '../users/repository';
import type { ShiftRecord } from './domain/shift';
import type { Candidate } from './domain/suggestions';
import { availabilitiesOf } from './repository/availability';
import { hoursPageOfMicroGrid } from './repository/hours';
import { volunteerDaysOn } from './repository/volunteer-days';

/**
 * What suggesting people for a shift reads, in a number of table calls that does not grow with the
 * micro-grid (it used to be five reads per member):
 * - its members: one Query of at most {@link MAX_SUGGESTION_MEMBERS} (a micro-grid has about ten);
 * - their availability, their day schedules (their claims on the shift's day) and their names (from
 *   the users' repository): BatchGets of 100 keys each, side by side;
 * - the recent hours: the micro-grid's own hours log of this month and the last, at most
 *   {@link MAX_HOURS_PAGES} pages a month, instead of each member's log. `recentMinutes` is thus
 *   the minutes a member gave *this micro-grid* over the last 30 days — the fairness that matters to
 *   the grid worker asking; hours given to other micro-grids no longer count.
 * At most 1 + 3 × 2 + 2 × 3 calls, and a few more only if the engine leaves keys unprocessed.
 */

/** Members considered, the first by user id; beyond this a micro-grid is no micro-grid (~100 households). */
export const MAX_SUGGESTION_MEMBERS = 200;
/** Pages of a month's hours log read (each up to 1,000 stints); a micro-grid logs far fewer in a month. */
export const MAX_HOURS_PAGES = 3;
const HOURS_PAGE = 1_000;

/** Minutes each member gave the micro-grid on or after `since`, from its hours log of one month (bounded pages). */
async function minutesInMonth(microGridId: string, month: string, since: string, into: Map<string, number>): Promise<void> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_HOURS_PAGES; page += 1) {
    const result = await hoursPageOfMicroGrid(microGridId, month, { limit: HOURS_PAGE, ...(cursor ? { cursor } : {}) });
    for (const entry of result.items) {
      if (entry.noShow === true || String(entry.date) < since) continue;
      into.set(entry.userId, (into.get(entry.userId) ?? 0) + Number(entry.minutes ?? 0));
    }
    cursor = result.nextCursor;
    if (!cursor) return;
  }
}

/** The members who could be asked to cover a shift, with what ranking them needs (see `rankSuggestions`). */
export async function suggestionCandidates(shift: ShiftRecord, now: Date): Promise<Candidate[]> {
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
  const userIds = members.map((member) => member.userId);
  const [availabilities, days, names] = await Promise.all([
    availabilitiesOf(userIds),
    volunteerDaysOn(userIds, shift.date),
    displayNamesOf(userIds),
  ]);
  return userIds.map((userId) => {
    const displayName = names.get(userId);
    return {
      userId,
      ...(displayName !== undefined ? { displayName } : {}),
      availability: availabilities.get(userId),
      claims: days.get(userId)!.claims,
      recentMinutes: recent.get(userId) ?? 0,
    };
  });
}
