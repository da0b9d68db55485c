/**
 * A small iCalendar (RFC 5545) writer: one VCALENDAR of UTC-timed VEVENTs, with a name, a
 * description and a refresh interval, and nothing else (no time zones, recurrence, alarms or
 * attendees). It writes byte for byte what ical-generator 10 writes for the same data, which the
 * feeds used to be made with (35.6 KiB of the shift-seats bundle for this one use):
 * test/unit/shifts/calendar.test.ts holds it to ical-generator. Where ical-generator departs from
 * the RFC (it leaves UID and the calendar's name and description unescaped), so does this, so that
 * a feed does not change under its subscribers.
 */

/** The calendar's own properties. */
export interface ICalendarHeader {
  /** PRODID without its leading `-`: `//company//product//LANGUAGE`. */
  prodId: string;
  /** NAME and X-WR-CALNAME, written as given (ical-generator does not escape it). */
  name: string;
  /** X-WR-CALDESC, written as given (ical-generator does not escape it). */
  description: string;
  /** REFRESH-INTERVAL and X-PUBLISHED-TTL; none when not positive. */
  ttlSeconds: number;
}

/** One VEVENT. */
export interface ICalendarEvent {
  /** Written as given, as ical-generator does. */
  uid: string;
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  status: 'CONFIRMED' | 'TENTATIVE';
  /** LOCATION, when not empty. */
  location?: string | undefined;
  /** DESCRIPTION, when not empty. */
  description?: string | undefined;
}

const CRLF = '\r\n';

/**
 * A TEXT value escaped as RFC 5545 (3.3.11) asks, as ical-generator does it: a backslash before each
 * backslash, semicolon and comma, and each line break (CRLF, CR or LF) as `\n`.
 */
export function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (match) => `\\${match}`).replace(/\r\n|\r|\n/g, '\\n');
}

/** The octets of `unit` in UTF-8; a lone surrogate counts as the 3 of U+FFFD, as `TextEncoder` writes it. */
function utf8Octets(unit: string): number {
  let octets = 0;
  for (const char of unit) {
    const code = char.codePointAt(0)!;
    octets += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return octets;
}

/**
 * Folds each line of `text` (lines end in CRLF) as ical-generator does: a line break and a space
 * before the character that would take the line past 74 octets of UTF-8, counting from the start of
 * the line or, after a fold, from that character (the space is not counted). So no line, its leading
 * space included, is longer than the 75 octets of RFC 5545 (3.1), and a multi-byte character is
 * never split. A high surrogate is taken with the code unit after it, whatever that is, as
 * ical-generator takes it.
 */
export function foldLines(text: string): string {
  return text
    .split(CRLF)
    .map((line) => {
      let folded = '';
      let octets = 0;
      for (let index = 0; index < line.length; index++) {
        let unit = line.charAt(index);
        if (unit >= '\ud800' && unit <= '\udbff') unit += line.charAt(++index);
        const size = utf8Octets(unit);
        octets += size;
        if (octets > 74) {
          folded += `${CRLF} `;
          octets = size;
        }
        folded += unit;
      }
      return folded;
    })
    .join(CRLF);
}

const pad = (value: number, length = 2): string => String(value).padStart(length, '0');

/**
 * A DATE-TIME in UTC (RFC 5545 3.3.5, form 2): `YYYYMMDDTHHMMSSZ`, seconds truncated. An invalid
 * date throws, as ical-generator refuses one.
 */
export function utcDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('An iCalendar date-time has to be a valid date');
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    'T' +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds()) +
    'Z'
  );
}

/** A positive number of seconds as a DURATION (RFC 5545 3.3.6), as ical-generator writes it: `P1D`, `PT1H`, `P1DT30M`. */
export function durationOf(seconds: number): string {
  let text = 'P';
  let rest = seconds;
  if (rest >= 86400) {
    text += `${Math.floor(rest / 86400)}D`;
    rest %= 86400;
    if (rest === 0) return text;
  }
  text += 'T';
  if (rest >= 3600) {
    text += `${Math.floor(rest / 3600)}H`;
    rest %= 3600;
  }
  if (rest >= 60) {
    text += `${Math.floor(rest / 60)}M`;
    rest %= 60;
  }
  if (rest > 0) text += `${rest}S`;
  else if (text.length <= 2) text += '0S';
  return text;
}

/** One VEVENT's lines, each ending in CRLF, unfolded, in ical-generator's order. */
function eventLines(event: ICalendarEvent): string {
  // ical-generator swaps a start later than the end rather than write an event that ends before it starts.
  const [start, end] = event.start.getTime() > event.end.getTime() ? [event.end, event.start] : [event.start, event.end];
  return (
    'BEGIN:VEVENT' +
    CRLF +
    `UID:${event.uid}${CRLF}` +
    // ical-generator always writes a SEQUENCE, 0 unless told otherwise.
    `SEQUENCE:0${CRLF}` +
    `DTSTAMP:${utcDateTime(event.stamp)}${CRLF}` +
    `DTSTART:${utcDateTime(start)}${CRLF}` +
    `DTEND:${utcDateTime(end)}${CRLF}` +
    `SUMMARY:${escapeText(event.summary)}${CRLF}` +
    (event.location ? `LOCATION:${escapeText(event.location)}${CRLF}` : '') +
    (event.description ? `DESCRIPTION:${escapeText(event.description)}${CRLF}` : '') +
    `STATUS:${event.status}${CRLF}` +
    'END:VEVENT' +
    CRLF
  );
}

/**
 * The iCalendar text of a calendar with `events`, in the order given: CRLF line endings, folded
 * lines (see {@link foldLines}), no line ending after `END:VCALENDAR`. ical-generator writes both
 * NAME (RFC 7986) and X-WR-CALNAME for the name, and both REFRESH-INTERVAL (RFC 7986) and
 * X-PUBLISHED-TTL for the refresh interval, for the calendar apps that read only one of each.
 */
export function icalendarText(header: ICalendarHeader, events: readonly ICalendarEvent[]): string {
  let text = `BEGIN:VCALENDAR${CRLF}VERSION:2.0${CRLF}PRODID:-${header.prodId}${CRLF}`;
  if (header.name) text += `NAME:${header.name}${CRLF}X-WR-CALNAME:${header.name}${CRLF}`;
  if (header.description) text += `X-WR-CALDESC:${header.description}${CRLF}`;
  if (header.ttlSeconds > 0) {
    const ttl = durationOf(header.ttlSeconds);
    text += `REFRESH-INTERVAL;VALUE=DURATION:${ttl}${CRLF}X-PUBLISHED-TTL:${ttl}${CRLF}`;
  }
  for (const event of events) text += eventLines(event);
  return foldLines(`${text}END:VCALENDAR`);
}
