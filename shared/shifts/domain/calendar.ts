import { createHash } from 'node:crypto';
import { type ICalendarHeader, icalendarText } from './icalendar';

/**
 * A person's calendar feed (iCalendar, RFC 5545) of their shifts and seat reservations, and the
 * rules of its secret URL. Calendar apps subscribe to a URL and send no bearer token, so the token in
 * the URL is the only credential: it is random, shown once, and kept only as its hash.
 */

/** How far ahead a feed looks, in local days from today. */
export const FEED_HORIZON_DAYS = 60;

/** The most events one feed carries, whatever a person has booked: a feed's cost is bounded. */
export const MAX_FEED_EVENTS = 200;

/** How often calendar apps are asked to fetch the feed again (REFRESH-INTERVAL / X-PUBLISHED-TTL). */
export const FEED_REFRESH_SECONDS = 3600;

/**
 * A feed token as it appears in the URL: 32 random bytes (256 bits) in base64url, optionally
 * followed by `.ics`, which some calendar apps want to see.
 */
const FEED_TOKEN = /^([A-Za-z0-9_-]{43})(?:\.ics)?$/;

/** The token in a feed URL's last segment, or undefined when it cannot be one (answered 404 like an unknown one). */
export function feedTokenOf(segment: string): string | undefined {
  return FEED_TOKEN.exec(segment)?.[1];
}

/**
 * What is stored and looked up for a token: its SHA-256 (base64url). A token has 256 bits of
 * randomness, so an unsalted fast hash is enough; whoever reads the table cannot subscribe with it.
 */
export const feedTokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** One event of a feed: a shift or a reservation of the person, nothing of anyone else. */
export interface CalendarEntry {
  /** Stable per shift or reservation, so a calendar app updates the event rather than adding one. */
  uid: string;
  /** UTC instants (ISO). */
  start: string;
  end: string;
  summary: string;
  location?: string;
  description?: string;
  /** A place on a waitlist is not yet a seat. */
  tentative?: boolean;
}

/**
 * Every feed's calendar properties. The name and description are written as they are (ical-generator,
 * which the feeds were first made with, does not escape them); they hold no backslash, semicolon,
 * comma or line break, so they are valid TEXT as they are.
 */
const FEED_HEADER: ICalendarHeader = {
  prodId: '//nanjing-grid//grid-service//ZH',
  name: '我的值班与驿站预约',
  description: '南京网格服务：我报名的志愿值班和驿站座位预约',
  ttlSeconds: FEED_REFRESH_SECONDS,
};

/**
 * The iCalendar text of a feed: at most {@link MAX_FEED_EVENTS} entries, by start. Times are written
 * in UTC (`…Z`), which every calendar app shows in its own zone (Asia/Shanghai on a phone in
 * Nanjing) and which needs no VTIMEZONE block. Written by ./icalendar.ts, byte for byte as
 * ical-generator wrote it.
 */
export function calendarText(entries: readonly CalendarEntry[], now: Date): string {
  const ordered = [...entries].sort((a, b) => a.start.localeCompare(b.start) || a.uid.localeCompare(b.uid)).slice(0, MAX_FEED_EVENTS);
  return icalendarText(
    FEED_HEADER,
    ordered.map((entry) => ({
      uid: entry.uid,
      stamp: now,
      start: new Date(entry.start),
      end: new Date(entry.end),
      summary: entry.summary,
      status: entry.tentative ? 'TENTATIVE' : 'CONFIRMED',
      location: entry.location,
      description: entry.description,
    })),
  );
}
