import type { ApiDocs } from '../http/api-docs';
import { type FieldDocs } from '../http/api-docs';
import {
  amenitySchema,
  availabilitySchema,
  cancellationSchema,
  hoursSchema,
  intervalSchema,
  reservationSchema,
  seatsSchema,
  slotViewSchema,
  stationDetailViewSchema,
  stationRulesPatchSchema,
  stationRulesSchema,
  stationViewSchema,
  unavailableAmenitySchema,
  visitSchema,
} from './model';
import {
  availabilityExample,
  hoursExample,
  MANAGER_ID,
  MOVED_RESERVATION_ID,
  RESERVATION_ID,
  reservationExample,
  rulesExample,
  seatsExample,
  signed,
  STATION_ID,
  STATION_NAME,
  stationExample,
  stationSummaryExample,
  unavailableExample,
  visitExample,
  VISITOR_ID,
} from './api-examples';

// ————— words several schemas or operations share —————

export const stationId = { description: 'The rest station (宁小蜂驿站): its id, as in `Station.id`.', example: STATION_ID };
const instant = (what: string, example: string) => ({ description: `${what} (ISO 8601, UTC).`, example });
/** The fields a station shows in a list and alone alike. */
const stationViewFields: FieldDocs = {
  id: { description: 'The station’s id, the `{stationId}` of its paths.', example: STATION_ID },
  name: { description: 'Its name, as the community posts it.', example: STATION_NAME },
  address: { description: 'Its street address, for people to find it (not geocoded: `location` is the point).', example: '南京市鼓楼区湖南路街道湖南路 10 号' },
  location: 'Where it is: in the coordinate system the request asked for (`coordSystem`), WGS-84 by default.',
  communityId: { description: 'The community (社区) whose grid it sits in: an org unit id.', example: 'gulou-hunan' },
  gridId: { description: 'The grid (网格) it sits in: an org unit id.', example: 'gulou-hunan-g1' },
  hours: 'Its opening hours, local time (Asia/Shanghai).',
  seats: 'How many seats it has, and how many of them can be reserved.',
  amenities: 'What it declares it offers, each once. Some may be out now: mark those listed in `unavailableAmenities` as unavailable.',
  contact: 'Who to ask at the station; `{}` when nobody was named.',
  status:
    '`active`: takes visitors and reservations; `suspended`: temporarily out of use (listed, but no check-in or reservation); `closed`: for good (left out of searches). Only managers and admins change it.',
  rules: 'How it runs its seats: the longest stay, the slot length, and how early and how far ahead a slot can be reserved.',
  createdAt: instant('When the station was added to the service', '2026-03-02T01:00:00.000Z'),
  updatedAt: instant('When its details last changed (not its occupancy, which changes all the time)', '2026-07-10T08:12:00.000Z'),
  availability: 'Live, as of the answer: open now or not, free walk-in seats, and when that next changes.',
  unavailableAmenities:
    'Those of `amenities` it cannot give now, because every donated facility behind one is reported broken, under repair or retired; empty when all work. A search for an amenity leaves out a station that lists it here.',
  distanceMetres: { description: 'In a search only: metres from the search centre, rounded to whole metres; absent elsewhere.', example: 420 },
  managers: {
    description: 'User ids of the station managers who run it: shown only to them and the admins over the station (absent for everyone else, and in lists and searches).',
    example: [MANAGER_ID],
  },
};

/** A rule's words, said for the full rules or for an update that may leave it out. */
const ruleFields = (unchanged: string): FieldDocs => ({
  maxStayMinutes: { description: `A visit ends by itself after this many minutes (15 to 720; 120 by default)${unchanged}.`, example: 120 },
  slotMinutes: { description: `Length of a reservation slot in minutes: 30, 60 or 120 (60 by default); slots are aligned on local midnight${unchanged}.`, example: 60 },
  minNoticeMinutes: { description: `A slot can be reserved until this many minutes before it starts (0 to 1440; 30 by default)${unchanged}.`, example: 30 },
  horizonDays: { description: `A slot can be reserved at most this many days ahead (1 to 30; 7 by default)${unchanged}.`, example: 7 },
});

/** The named schemas of the stations feature and the words of their fields; the operations' words are in ./api-docs.ts. */
export const stationSchemaDocs: NonNullable<ApiDocs['schemas']> = [
  [
    stationDetailViewSchema,
    {
      name: 'Station',
      description:
        'A rest station (宁小蜂驿站) where outdoor workers and residents sit, drink water and charge a phone: its details, live availability and pictures. Everyone signed in sees it.',
      fields: {
        ...stationViewFields,
        photos: 'Its pictures, oldest first, at most 10, their URLs signed for 15 minutes (`urlsExpireAt`): fetch the station again for fresh ones. Empty when it has none.',
      },
      example: stationExample,
    },
  ],
  [
    stationViewSchema,
    {
      name: 'StationSummary',
      description:
        'A station in a list or a search: its details and live availability, with its first picture’s thumbnail instead of the gallery (`GET /stations/{stationId}` gives them all).',
      fields: {
        ...stationViewFields,
        thumbnailUrl: {
          description: 'Its first picture’s thumbnail (at most 320 px, JPEG), signed for 15 minutes; absent when it has no picture.',
          example: signed('thumb'),
        },
      },
      example: stationSummaryExample,
    },
  ],
  [
    availabilitySchema,
    {
      name: 'StationAvailability',
      description: 'A station’s live availability, computed when the answer is made from its hours and the visits in it; reservable seats are not in it (see the slots).',
      fields: {
        openNow: 'Whether it is open at this moment; always `false` unless the station is `active`.',
        freeSeats: { description: 'Walk-in seats free now; 0 while closed.', example: 2 },
        walkInSeats: { description: 'Seats kept for walk-ins: `seats.total` − `seats.reservable`.', example: 4 },
        occupied: { description: 'People checked in now, walk-ins and reservation holders alike (a team counts as its seats).', example: 5 },
        nextChange:
          'When `openNow` next flips, and to what; absent when it does not within two weeks (open around the clock, closed for longer, or not `active`).',
        'nextChange.at': instant('When it flips', '2026-07-15T12:00:00.000Z'),
        'nextChange.openNow': 'What `openNow` becomes then: `true` when it opens, `false` when it closes.',
        seatFreesBy: instant(
          'Only while it is open with no walk-in seat free: when the first walk-in visit ends by itself, at the latest; a check-out may free a seat sooner',
          '2026-07-15T03:10:00.000Z',
        ),
      },
      example: availabilityExample,
    },
  ],
  [
    hoursSchema,
    {
      name: 'Hours',
      description:
        'Opening hours in local wall-clock time (Asia/Shanghai): the regular week, and dated exceptions (holidays, temporary closures) that replace it on their days.',
      fields: {
        weekly: 'The regular week, Monday to Sunday: each day’s opening intervals.',
        'weekly.mon': 'Monday’s opening intervals, at most 4; none (`[]`, or the day left out when sending): closed.',
        'weekly.tue': 'Tuesday’s opening intervals, at most 4; none (`[]`, or the day left out when sending): closed.',
        'weekly.wed': 'Wednesday’s opening intervals, at most 4; none (`[]`, or the day left out when sending): closed.',
        'weekly.thu': 'Thursday’s opening intervals, at most 4; none (`[]`, or the day left out when sending): closed.',
        'weekly.fri': 'Friday’s opening intervals, at most 4; none (`[]`, or the day left out when sending): closed.',
        'weekly.sat': 'Saturday’s opening intervals, at most 4; none (`[]`, or the day left out when sending): closed.',
        'weekly.sun': 'Sunday’s opening intervals, at most 4; none (`[]`, or the day left out when sending): closed.',
        exceptions: 'Holidays and temporary changes, at most 50; none (`[]`, or left out when sending) when the week always applies.',
        'exceptions.from': { description: 'The first day it applies.', example: '2026-10-01' },
        'exceptions.to': { description: 'The last day it applies (inclusive), not before `from`; the same as `from` for one day.', example: '2026-10-03' },
        'exceptions.intervals': 'The opening intervals of each of those days, in place of the weekly ones, at most 4; none (`[]`): closed.',
        'exceptions.note': { description: 'Why, for visitors to read, at most 100 characters; absent when none was given.', example: '国庆假期，仅上午开放' },
      },
      example: hoursExample,
    },
  ],
  [
    intervalSchema,
    {
      name: 'OpeningInterval',
      description: 'Open from `opens` until `closes`, local time (Asia/Shanghai), on one day.',
      fields: {
        opens: { description: 'When it opens: `HH:MM`, 24-hour clock, `00:00` to `23:59`.', example: '07:30' },
        closes: {
          description:
            'When it closes: `HH:MM`, later than `opens`; `24:00` is the end of the day (followed by an interval from `00:00` the next day, it stays open through the night).',
          example: '20:00',
        },
      },
      example: { opens: '07:30', closes: '20:00' },
    },
  ],
  [
    seatsSchema,
    {
      name: 'Seats',
      description: 'A station’s seats: all of them, and how many can be reserved; the rest are for walk-ins.',
      fields: {
        total: { description: 'All the seats, 1 to 200.', example: 12 },
        reservable: { description: 'How many of them can be reserved for slots, 0 to `total`; the other `total` − `reservable` are for walk-ins.', example: 8 },
      },
      example: seatsExample,
    },
  ],
  [stationRulesSchema, { name: 'StationRules', description: 'How a station runs its seats: visits, slots and how far ahead they can be reserved.', fields: ruleFields(''), example: rulesExample }],
  [
    stationRulesPatchSchema,
    {
      name: 'StationRulesPatch',
      description: 'Some of a station’s rules, to change: those given replace the station’s, the others stay as they are.',
      fields: ruleFields('; left out: as it is (on a new station, the default)'),
      example: { maxStayMinutes: 90 },
    },
  ],
  [
    amenitySchema,
    {
      name: 'Amenity',
      description:
        'Something a station offers: `air_conditioning` (空调), `drinking_water` (饮水), `microwave` (微波炉), `fridge` (冰箱), `phone_charging` (手机充电), `power_bank` (充电宝), `toilet` (厕所), `first_aid` (急救药箱), `wifi`.',
      example: 'drinking_water',
    },
  ],
  [
    unavailableAmenitySchema,
    {
      name: 'UnavailableAmenity',
      description: 'A declared amenity the station cannot give now, and why: every donated facility behind it is out.',
      fields: {
        amenity: 'The amenity that is out.',
        reason:
          '`fault_reported`: someone reported its facility broken; `under_repair`: being repaired; `retired`: taken out of service for good, none replacing it yet.',
      },
      example: unavailableExample[0],
    },
  ],
  [
    visitSchema,
    {
      name: 'Visit',
      description: 'A stay in a station, from check-in until check-out or until it ends by itself. A person is checked in at one station at a time.',
      fields: {
        visitId: { description: 'This visit’s id: each check-in makes a new one.', example: '0mrlj6vw0Ha8sLe3' },
        userId: { description: 'Who is checked in: a user id (the caller).', example: VISITOR_ID },
        stationId: { ...stationId, description: 'The station the visit is at.' },
        kind: '`reserved`: checked in with a reservation for the slot running now, on a reserved seat; `walk_in`: without one, on a walk-in seat.',
        seats: { description: 'People it counts for: 1, or a team reservation’s seats.', example: 1 },
        reservationId: { description: 'When `reserved`: the reservation it uses; absent for a walk-in.', example: RESERVATION_ID },
        since: instant('When they checked in', '2026-07-15T04:02:00.000Z'),
        endsAt: instant(
          'When the visit ends by itself unless checked out before: after the station’s longest stay (`rules.maxStayMinutes`), at closing time or at the end of the reserved slot, whichever comes first',
          '2026-07-15T05:00:00.000Z',
        ),
      },
      example: visitExample,
    },
  ],
  [
    reservationSchema,
    {
      name: 'Reservation',
      description: 'Seats reserved at a station for one slot, or a place on its waitlist, as its holder sees it. Only its holder sees it.',
      fields: {
        id: { description: 'The reservation’s id, the `{reservationId}` of its paths.', example: RESERVATION_ID },
        userId: { description: 'Its holder: a user id (the caller).', example: VISITOR_ID },
        stationId: { ...stationId, description: 'The station it is at.' },
        stationName: { description: 'The station’s name when it was reserved, to show without fetching the station.', example: STATION_NAME },
        start: instant('When the slot starts', '2026-07-15T04:00:00.000Z'),
        end: instant('When the slot ends: `start` plus the station’s `rules.slotMinutes`', '2026-07-15T05:00:00.000Z'),
        seats: { description: 'Seats it holds or waits for: 1, or up to 20 for a team.', example: 1 },
        status:
          '`confirmed`: holds its seats; `waitlisted`: waits for them (`waitlistPosition`), and becomes `confirmed` when one frees (a notification says so); `checked_in`: its holder arrived; `cancelled`: by its holder; `no_show`: released, nobody checked in within 15 minutes of the start; `lapsed`: still waitlisted when the slot ended; `moved`: given up for another slot (`movedTo`).',
        waitlistPosition: { description: 'When `waitlisted`: its place in the queue, 1 = next to get a seat; absent otherwise.', example: 2 },
        cancellation: 'When `cancelled` with a reason: the reason, and the holder’s note if they wrote one; absent otherwise.',
        movedTo: { description: 'When `moved`: the reservation that holds its place now (`POST /reservations/{reservationId}/move`); absent otherwise.', example: MOVED_RESERVATION_ID },
        movedFrom: { description: 'When made by moving another reservation: the one it replaced, now `moved`; absent otherwise.', example: RESERVATION_ID },
        createdAt: instant('When it was reserved', '2026-07-15T02:30:00.000Z'),
        updatedAt: instant('When its status last changed', '2026-07-15T02:30:00.000Z'),
      },
      example: reservationExample,
    },
  ],
  [
    cancellationSchema,
    {
      name: 'ReservationCancellation',
      description: 'Why a holder cancelled a reservation, as they said it.',
      fields: {
        reason: '`plans_changed`, `found_elsewhere` (a seat elsewhere), `weather`, or `other` (also when only a note was given).',
        note: { description: 'The holder’s own words, at most 100 characters; absent when they wrote none.', example: '下大雨，改天再来' },
      },
      example: { reason: 'weather', note: '下大雨，改天再来' },
    },
  ],
  [
    slotViewSchema,
    {
      name: 'ReservationSlot',
      description: 'One reservable slot of a station’s day, for choosing when to reserve: its seats booked and free, and its waitlist.',
      fields: {
        stationId: { ...stationId, description: 'The station it belongs to.' },
        start: instant('When it starts; send it as `start` to reserve it', '2026-07-15T04:00:00.000Z'),
        end: instant('When it ends', '2026-07-15T05:00:00.000Z'),
        reservable: { description: 'The seats any slot of the station offers for reservation (`seats.reservable`).', example: 8 },
        booked: { description: 'Seats confirmed or checked in for it.', example: 6 },
        free: { description: 'Reservable seats still free: `reservable` − `booked`, never below 0. At 0, reserve with `waitlist: true` to wait for one.', example: 2 },
        waitlisted: { description: 'Reservations waiting for a seat in it.', example: 0 },
        bookable:
          'Whether it can still be reserved now: the station is `active`, the slot starts at least `rules.minNoticeMinutes` from now and at most `rules.horizonDays` ahead.',
      },
      example: { stationId: STATION_ID, start: '2026-07-15T04:00:00.000Z', end: '2026-07-15T05:00:00.000Z', reservable: 8, booked: 6, free: 2, waitlisted: 0, bookable: true },
    },
  ],
];
