import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { DEMO_MICRO_GRID } from '../../infra/local/seeds/shifts';
import { dailyHours } from '../../infra/local/seeds/stations';
import { useRuntime } from '../support/runtime';

const { api, signIn } = useRuntime();

/** Opened by the test around the clock, so the scenario never depends on the hour it runs. */
const stationId = 'feed-station';
const stationName = '庐山路日历驿站（全天）';

/** The first slot start on the hour at least 30 minutes (the minimum notice) from now, `hours` later. */
const slotStart = (hours = 0) => {
  const hour = 3600_000;
  return new Date(Math.ceil((Date.now() + 31 * 60_000) / hour) * hour + hours * hour).toISOString();
};

interface Shift {
  id: string;
  title: string;
  start: string;
  end: string;
}

interface FeedEvent {
  uid: string;
  summary: string;
  location: string | undefined;
  start: string;
  end: string;
  status: string;
}

/** The path of a feed URL, for the test's client (which knows the runtime's origin). */
const pathOf = (url: string) => new URL(url).pathname;

/** A feed fetched as a calendar app does (no bearer token), parsed back with ical.js. */
async function fetchFeed(url: string) {
  const response = await api<string>('GET', pathOf(url));
  if (response.status !== 200) return { status: response.status, events: [] as FeedEvent[], calendar: undefined };
  const calendar = new ICAL.Component(ICAL.parse(response.body));
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location || undefined,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      status: String(component.getFirstPropertyValue('status')),
    };
  });
  return { status: response.status, contentType: response.headers.get('content-type'), events, calendar };
}

let prepared: ReturnType<typeof prepareOnce> | undefined;

/** The demo volunteer's first open shift, signed up for, and a seat of hers at the test's station (once per file). */
const prepareVolunteer = () => (prepared ??= prepareOnce());

async function prepareOnce() {
  const admin = await signIn('demo-admin');
  const volunteer = await signIn('demo-volunteer');
  await api('POST', '/stations', {
    token: admin,
    body: {
      id: stationId,
      name: stationName,
      address: '南京市建邺区庐山路',
      location: { lat: 32.00362, lng: 118.74262 },
      gridId: 'lushan-g1',
      hours: dailyHours('00:00', '24:00'),
      seats: { total: 6, reservable: 4 },
      amenities: ['drinking_water'],
      managers: ['demo-station-manager'],
    },
  });
  const listed = await api<{ items: Shift[] }>('GET', `/micro-grids/${DEMO_MICRO_GRID}/shifts`, { token: volunteer });
  const shift = listed.body.items[0]!;
  const signedUp = await api('POST', `/shifts/${shift.id}/sign-ups`, { token: volunteer });
  const reserved = await api('POST', `/stations/${stationId}/reservations`, { token: volunteer, body: { start: slotStart(1) } });
  expect([signedUp.status, reserved.status]).toEqual([200, 201]);
  return { volunteer, shift, reservation: reserved.body as { id: string; start: string; end: string } };
}

describe('a calendar feed of my shifts and reservations', () => {
  it('gives the volunteer a secret URL whose feed, fetched without a token, is valid iCalendar with her shift and her reservation at their times', async () => {
    // Prepare
    const { volunteer, shift, reservation } = await prepareVolunteer();
    // Act
    const created = await api<{ active: boolean; url: string; webcalUrl: string }>('POST', '/me/calendar-feed', { token: volunteer, body: {} });
    const feed = await fetchFeed(created.body.url);
    // Assess
    expect(created.status).toBe(200);
    expect(created.body.active).toBe(true);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.body.url).toMatch(/^http:\/\/.+\/calendar-feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(created.body.webcalUrl).toBe(created.body.url.replace(/^http:/, 'webcal:'));
    expect(feed.status).toBe(200);
    expect(feed.contentType).toBe('text/calendar; charset=utf-8');
    expect(feed.calendar!.getFirstPropertyValue('version')).toBe('2.0');
    expect(feed.events).toEqual([
      {
        uid: `shift-${shift.id}@grid-service`,
        summary: `志愿值班：${shift.title}`,
        location: expect.any(String),
        start: shift.start,
        end: shift.end,
        status: 'CONFIRMED',
      },
      {
        uid: `reservation-${reservation.id}@grid-service`,
        summary: `驿站座位预约：${stationName}`,
        location: stationName,
        start: reservation.start,
        end: reservation.end,
        status: 'CONFIRMED',
      },
    ].sort((a, b) => a.start.localeCompare(b.start)));
  });

  it('never shows another person’s shifts or reservations, in her feed or in theirs', async () => {
    // Prepare: a resident holds a seat in the slot after the volunteer's, and has a feed of his own.
    const { volunteer, shift, reservation } = await prepareVolunteer();
    const resident = await signIn('demo-resident');
    const theirs = await api('POST', `/stations/${stationId}/reservations`, { token: resident, body: { start: slotStart(2) } });
    const hers = await api<{ url: string }>('POST', '/me/calendar-feed', { token: volunteer, body: {} });
    const his = await api<{ url: string }>('POST', '/me/calendar-feed', { token: resident, body: {} });
    // Act
    const herFeed = await fetchFeed(hers.body.url);
    const hisFeed = await fetchFeed(his.body.url);
    // Assess
    expect(theirs.status).toBe(201);
    expect(herFeed.events.map((event) => event.uid).sort()).toEqual(
      [`shift-${shift.id}@grid-service`, `reservation-${reservation.id}@grid-service`].sort(),
    );
    expect(hisFeed.events.map((event) => event.uid)).toEqual([`reservation-${theirs.body.id}@grid-service`]);
    expect(hers.body.url).not.toBe(his.body.url);
  });

  it('answers 404 at the old URL once the feed is rotated, and at every URL once it is revoked', async () => {
    // Prepare
    const { volunteer } = await prepareVolunteer();
    const first = await api<{ url: string }>('POST', '/me/calendar-feed', { token: volunteer, body: {} });
    // Act
    const second = await api<{ url: string }>('POST', '/me/calendar-feed', { token: volunteer, body: {} });
    const oldAfterRotation = await fetchFeed(first.body.url);
    const newAfterRotation = await fetchFeed(second.body.url);
    const revoked = await api('POST', '/me/calendar-feed', { token: volunteer, body: { action: 'revoke' } });
    const newAfterRevocation = await api('GET', pathOf(second.body.url));
    const revokedAgain = await api('POST', '/me/calendar-feed', { token: volunteer, body: { action: 'revoke' } });
    // Assess
    expect(second.body.url).not.toBe(first.body.url);
    expect(oldAfterRotation.status).toBe(404);
    expect(newAfterRotation.status).toBe(200);
    expect(revoked).toMatchObject({ status: 200, body: { active: false } });
    expect(newAfterRevocation).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(revokedAgain).toMatchObject({ status: 200, body: { active: false } });
  });

  it('answers 404, not 400, for a made-up token or a segment that cannot be one, and the same without .ics', async () => {
    // Prepare
    const { volunteer } = await prepareVolunteer();
    const created = await api<{ url: string }>('POST', '/me/calendar-feed', { token: volunteer, body: {} });
    // Act
    const madeUp = await api('GET', `/calendar-feeds/${'B'.repeat(43)}.ics`);
    const notAToken = await api('GET', '/calendar-feeds/lushan-g1');
    const withoutSuffix = await api('GET', pathOf(created.body.url).replace(/\.ics$/, ''));
    // Assess
    expect([madeUp.status, notAToken.status, withoutSuffix.status]).toEqual([404, 404, 200]);
  });
});
