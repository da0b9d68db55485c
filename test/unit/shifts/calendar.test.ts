import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { type CalendarEntry, MAX_FEED_EVENTS, calendarText, feedTokenHash, feedTokenOf } from '../../../shared/shifts/domain/calendar';

const NOW = new Date('2027-03-01T02:00:00.000Z');
const token = 'a'.repeat(20) + '_-' + 'Z9'.repeat(10) + 'b';

const entry = (index: number, extra: Partial<CalendarEntry> = {}): CalendarEntry => ({
  uid: `shift-${String(index).padStart(3, '0')}@grid-service`,
  start: new Date(NOW.getTime() + index * 3600_000).toISOString(),
  end: new Date(NOW.getTime() + index * 3600_000 + 1800_000).toISOString(),
  summary: `志愿值班：巡查 ${index}`,
  ...extra,
});

const eventsOf = (text: string) =>
  new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return { uid: event.uid, start: event.startDate.toJSDate().toISOString(), status: String(component.getFirstPropertyValue('status')) };
  });

describe('a calendar feed token', () => {
  it('is read from a URL segment of 43 base64url characters, with or without .ics', () => {
    // Assess
    expect(token).toHaveLength(43);
    expect(feedTokenOf(token)).toBe(token);
    expect(feedTokenOf(`${token}.ics`)).toBe(token);
  });

  it('is not read from a segment of another length or alphabet, which then answers like an unknown token', () => {
    // Assess
    expect([feedTokenOf(token.slice(1)), feedTokenOf(`${token}x`), feedTokenOf(`${token.slice(1)}.`), feedTokenOf('lushan-g1')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('is stored as a hash that differs from the token and is the same for the same token', () => {
    // Assess
    expect(feedTokenHash(token)).toBe(feedTokenHash(token));
    expect(feedTokenHash(token)).not.toContain(token.slice(0, 10));
    expect(feedTokenHash(token)).not.toBe(feedTokenHash(`${token.slice(0, 42)}c`));
  });
});

describe('a calendar feed’s text', () => {
  it('parses back as iCalendar with each entry once, by start, in UTC, a waiting place as tentative', () => {
    // Prepare
    const entries = [entry(2, { tentative: true, location: '庐山路微网格' }), entry(1)];
    // Act
    const text = calendarText(entries, NOW);
    // Assess
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain('DTSTART:20270301T030000Z');
    expect(eventsOf(text)).toEqual([
      { uid: 'shift-001@grid-service', start: '2027-03-01T03:00:00.000Z', status: 'CONFIRMED' },
      { uid: 'shift-002@grid-service', start: '2027-03-01T04:00:00.000Z', status: 'TENTATIVE' },
    ]);
  });

  it(`carries at most ${MAX_FEED_EVENTS} events, the earliest, however many entries it is given`, () => {
    // Prepare
    const entries = Array.from({ length: MAX_FEED_EVENTS + 50 }, (_, index) => entry(MAX_FEED_EVENTS + 49 - index));
    // Act
    const events = eventsOf(calendarText(entries, NOW));
    // Assess
    expect(events).toHaveLength(MAX_FEED_EVENTS);
    expect(events[0]!.uid).toBe('shift-000@grid-service');
    expect(events.at(-1)!.uid).toBe(`shift-${MAX_FEED_EVENTS - 1}@grid-service`);
  });
});
