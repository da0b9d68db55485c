import { randomBytes } from 'node:crypto';
import { notFound } from '../http/errors';
import { getOrgUnits } from '../organisation/repository';
import { type ReservationView, upcomingReservationsOf } from '../stations/reservations/reads';
import { addDays, instantAt, localDateOf } from '../time/local';
import { type CalendarEntry, FEED_HORIZON_DAYS, MAX_FEED_EVENTS, calendarText, feedTokenHash, feedTokenOf } from './domain/calendar';
import { type MyShift, myShifts } from './my-shifts';
import {
  deleteCalendarFeed,
  deleteCalendarFeedLookup,
  findCalendarFeedOwner,
  getCalendarFeed,
  putCalendarFeedLookup,
  replaceCalendarFeed,
} from './repository/calendar-feeds';

/**
 * A person's calendar feed: issuing its secret URL (which replaces any earlier one), revoking it,
 * and serving it to whoever holds the URL — a calendar app, which sends no bearer token.
 */

/** The path a feed token is served at (the route `getCalendarFeed`). */
export const feedPathOf = (token: string): string => `/calendar-feeds/${token}.ics`;

/**
 * Where to subscribe to a feed, from the request that issued it: the host it was sent to (the API's
 * own domain, or the local runtime) and its scheme as the gateway saw it; `webcal` is the same
 * address in the scheme iOS and macOS Calendar open as a subscription.
 */
export function feedUrlsOf(headers: Record<string, string | undefined>, token: string): { url: string; webcalUrl: string } {
  const host = headers.host ?? 'localhost';
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
  const scheme = headers['x-forwarded-proto'] ?? (local ? 'http' : 'https');
  const path = feedPathOf(token);
  return { url: `${scheme}://${host}${path}`, webcalUrl: `webcal://${host}${path}` };
}

/**
 * Gives the person a new feed token and returns it (shown this once: only its hash is kept). An
 * earlier token stops working: its lookup item goes once the person's item names the new hash, and
 * until then (or if a crash keeps it) the feed refuses it, since the person's item is what counts.
 */
export async function issueCalendarFeed(userId: string, now: Date): Promise<string> {
  // 256 bits from the system's CSPRNG: a URL nobody can guess, as long as its holder keeps it.
  const token = randomBytes(32).toString('base64url');
  const feed = { userId, tokenHash: feedTokenHash(token), createdAt: now.toISOString() };
  // The lookup first, then the person's item: a crash in between leaves a lookup whose token nobody
  // was ever given, which the feed refuses and removes.
  await putCalendarFeedLookup(feed);
  const replaced = await replaceCalendarFeed(feed);
  if (replaced && replaced !== feed.tokenHash) await deleteCalendarFeedLookup(replaced);
  return token;
}

/** Revokes the person's feed URL, if they have one: it answers 404 from now on. */
export async function revokeCalendarFeed(userId: string): Promise<void> {
  const revoked = await deleteCalendarFeed(userId);
  if (revoked) await deleteCalendarFeedLookup(revoked);
}

/**
 * The iCalendar text of the feed a URL's last segment names: the holder's shifts and reservations
 * from today for {@link FEED_HORIZON_DAYS} local days, at most {@link MAX_FEED_EVENTS}. A segment that
 * is no token, an unknown token and a revoked or replaced one are all the same 404. Its cost is
 * bounded: two GetItems for the token, the person's day items over the horizon and their shifts, one
 * BatchGet of micro-grid names, and their reservation ledger with its few records and slots.
 */
export async function calendarFeedText(segment: string, now: Date): Promise<string> {
  const token = feedTokenOf(segment);
  if (!token) throw notFound('calendar feed');
  const tokenHash = feedTokenHash(token);
  const userId = await findCalendarFeedOwner(tokenHash);
  if (!userId) throw notFound('calendar feed');
  const feed = await getCalendarFeed(userId);
  if (feed?.tokenHash !== tokenHash) {
    // Left by a rotation or revocation that died between its writes: the person's item has moved on.
    // (A fresh token's lookup is never seen here before its person's item: nobody has the token yet.)
    await deleteCalendarFeedLookup(tokenHash);
    throw notFound('calendar feed');
  }
  const today = localDateOf(now);
  const [shifts, reservations] = await Promise.all([
    myShifts(userId, today, addDays(today, FEED_HORIZON_DAYS - 1), now),
    upcomingReservationsOf(userId, now),
  ]);
  // Shifts come by local date already; reservations are booked days ahead at most, so this only keeps
  // the feed's promise.
  const horizon = instantAt(addDays(today, FEED_HORIZON_DAYS), 0).getTime();
  const upcoming = shifts.filter((entry) => Date.parse(entry.shift.end) > now.getTime()).slice(0, MAX_FEED_EVENTS);
  const booked = reservations.filter((reservation) => Date.parse(reservation.start) < horizon).map(reservationEntry);
  return calendarText([...(await shiftEntries(upcoming)), ...booked], now);
}

/** The person's shifts as events; where a shift names no place, its micro-grid's name. */
async function shiftEntries(shifts: readonly MyShift[]): Promise<CalendarEntry[]> {
  const unnamed = [...new Set(shifts.filter((entry) => !entry.shift.location).map((entry) => entry.shift.microGridId))];
  const names = new Map((unnamed.length ? await getOrgUnits(unnamed) : []).map((unit) => [unit.id, unit.name]));
  return shifts.map(({ shift, status, position }) => {
    const location = shift.location ?? names.get(shift.microGridId);
    return {
      uid: `shift-${shift.id}@grid-service`,
      start: shift.start,
      end: shift.end,
      summary: status === 'waitlisted' ? `志愿值班（候补第${position ?? '?'}位）：${shift.title}` : `志愿值班：${shift.title}`,
      ...(location ? { location } : {}),
      description: status === 'waitlisted' ? '候补中：有人退出后按顺序递补，届时会通知您。' : '已报名。请提前到岗并签到。',
      tentative: status === 'waitlisted',
    };
  });
}

/** A reservation as an event, at its station. */
function reservationEntry(reservation: ReservationView): CalendarEntry {
  const seats = reservation.seats > 1 ? `（${reservation.seats}个座位）` : '';
  const waiting = reservation.status === 'waitlisted';
  return {
    uid: `reservation-${reservation.id}@grid-service`,
    start: reservation.start,
    end: reservation.end,
    summary: waiting
      ? `驿站座位候补（第${reservation.waitlistPosition ?? '?'}位）：${reservation.stationName}${seats}`
      : `驿站座位预约：${reservation.stationName}${seats}`,
    location: reservation.stationName,
    description: waiting ? '候补中：有座位空出时按顺序递补。' : '座位已为您保留，开始后15分钟内未签到将释放给候补。',
    tentative: waiting,
  };
}
