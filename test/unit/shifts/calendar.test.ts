import ical, { ICalEventStatus } from 'ical-generator';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { type CalendarEntry, FEED_REFRESH_SECONDS, MAX_FEED_EVENTS, calendarText, feedTokenHash, feedTokenOf } from '../../../shared/shifts/domain/calendar';

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

/** The feed as ical-generator wrote it, with the calls calendarText made before it had a writer of its own. */
function icalGeneratorText(entries: readonly CalendarEntry[], now: Date): string {
  const calendar = ical({
    name: '我的值班与驿站预约',
    description: '南京网格服务：我报名的志愿值班和驿站座位预约',
    prodId: { company: 'nanjing-grid', product: 'grid-service', language: 'ZH' },
    ttl: FEED_REFRESH_SECONDS,
  });
  const ordered = [...entries].sort((a, b) => a.start.localeCompare(b.start) || a.uid.localeCompare(b.uid)).slice(0, MAX_FEED_EVENTS);
  for (const entry of ordered) {
    calendar.createEvent({
      id: entry.uid,
      stamp: now,
      start: new Date(entry.start),
      end: new Date(entry.end),
      summary: entry.summary,
      status: entry.tentative ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      ...(entry.location ? { location: entry.location } : {}),
      ...(entry.description ? { description: entry.description } : {}),
    });
  }
  return calendar.toString();
}

/** UTF-8 octets of each physical line of a feed. */
const lineOctets = (text: string): number[] => text.split('\r\n').map((line) => Buffer.byteLength(line));

/**
 * Descriptions whose fold falls on every octet of a multi-byte character, and on either side of it:
 * 0 to 80 ASCII characters before Chinese (3 octets), an emoji (4, a surrogate pair), é (2) and text
 * to escape.
 */
const foldingTexts = Array.from({ length: 81 }, (_, count) => {
  const ascii = 'x'.repeat(count);
  return [`${ascii}南京市鼓楼区宁海路街道庐山路微网格志愿值班`, `${ascii}🙂🙂签到😀`, `${ascii}café, déjà vu; é`, `${ascii}a\\b;c,d\ne\r\nf\rg`];
}).flat();

describe('a calendar feed’s text, as ical-generator wrote it', () => {
  it('is the same with no entries, only the calendar’s own lines', () => {
    // Act
    const text = calendarText([], NOW);
    // Assess
    expect(text).toBe(icalGeneratorText([], NOW));
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n');
    expect(text.endsWith('END:VCALENDAR')).toBe(true);
  });

  it('is the same with one confirmed entry with neither location nor description', () => {
    // Prepare
    const entries = [entry(1)];
    // Act
    const text = calendarText(entries, NOW);
    // Assess
    expect(text).toBe(icalGeneratorText(entries, NOW));
  });

  it('is the same for tentative and confirmed entries, Chinese and ASCII, with and without a location and a description', () => {
    // Prepare
    const entries = [
      entry(3, { tentative: true, location: '庐山路微网格', description: '候补第 2 位' }),
      entry(1, { summary: 'Station duty: patrol', location: 'Lushan Rd, Gulou; gate 2', description: 'Bring a torch, a vest; and a pen\\pencil' }),
      entry(2, { summary: '', location: '', description: '' }),
      entry(4, { tentative: false, summary: '驿站座位预约：庐山路驿站 3 号座', description: '第一行\n第二行\r\n第三行\r第四行' }),
      entry(4, { uid: 'reservation-004@grid-service', summary: 'Same start, ordered by uid' }),
      entry(5, { summary: 'A, b; c\\d\ne', location: '\\,;\n', tentative: true }),
    ];
    // Act
    const text = calendarText(entries, NOW);
    // Assess
    expect(text).toBe(icalGeneratorText(entries, NOW));
  });

  it('is the same where long text is folded, at and around every octet of multi-byte characters, and no line passes 75 octets', () => {
    // Prepare
    const entries = foldingTexts.map((text, index) =>
      entry(index, {
        summary: text,
        location: `${text.slice(0, 40)}${text}`,
        description: `${text}${text}${text}`,
        tentative: index % 3 === 0,
      }),
    );
    // Act
    const text = calendarText(entries, NOW);
    // Assess
    expect(text).toBe(icalGeneratorText(entries, NOW));
    expect(Math.max(...lineOctets(text))).toBe(75);
  });

  it('is the same for lone surrogates, a long UID, and times with seconds and milliseconds', () => {
    // Prepare
    const entries = [
      entry(1, { summary: `${'x'.repeat(73)}\ud83d`, description: `${'y'.repeat(72)}\ud83d\ud83d\ude00\ude00 end` }),
      entry(2, { uid: `${'long-uid-'.repeat(12)}@grid-service`, start: '2027-03-01T05:06:07.890Z', end: '2027-03-01T06:59:59.999Z' }),
    ];
    // Act
    const text = calendarText(entries, NOW);
    // Assess
    expect(text).toBe(icalGeneratorText(entries, NOW));
    expect(text).toContain('DTSTART:20270301T050607Z\r\nDTEND:20270301T065959Z\r\n');
  });

  it('is the same for an entry that ends before it starts, which both write with the two times swapped', () => {
    // Prepare
    const entries = [entry(1, { start: '2027-03-01T09:00:00.000Z', end: '2027-03-01T08:00:00.000Z' })];
    // Act
    const text = calendarText(entries, NOW);
    // Assess
    expect(text).toBe(icalGeneratorText(entries, NOW));
    expect(text).toContain('DTSTART:20270301T080000Z\r\nDTEND:20270301T090000Z\r\n');
  });

  it(`is the same for many entries, and for more than ${MAX_FEED_EVENTS}, of which both keep the earliest`, () => {
    // Prepare
    const many = Array.from({ length: 30 }, (_, index) => entry(29 - index, { tentative: index % 2 === 0, location: index % 4 ? '庐山路微网格' : undefined }));
    const tooMany = Array.from({ length: MAX_FEED_EVENTS + 37 }, (_, index) =>
      entry((index * 7919) % (MAX_FEED_EVENTS + 37), { description: foldingTexts[index % foldingTexts.length]! }),
    );
    // Act
    const texts = [calendarText(many, NOW), calendarText(tooMany, NOW)];
    // Assess
    expect(texts).toEqual([icalGeneratorText(many, NOW), icalGeneratorText(tooMany, NOW)]);
    expect(texts[1]!.split('BEGIN:VEVENT')).toHaveLength(MAX_FEED_EVENTS + 1);
  });
});
