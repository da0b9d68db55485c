import { coordSystemQueryDescription } from '../geo/coordinates';
import { type FieldDocs, apiDocsOf } from '../http/api-docs';
import { stationRoutes } from './routes';
import {
  amenitiesExample,
  availabilityExample,
  contactExample,
  hoursExample,
  MANAGER_ID,
  MOVED_RESERVATION_ID,
  NEXT_CURSOR,
  PHOTO_ID,
  RESERVATION_ID,
  reservationExample,
  rulesExample,
  seatsExample,
  signed,
  STATION_ID,
  STATION_NAME,
  stationExample,
  stationSummaryExample,
  visitExample,
  walkInExample,
  weekday,
  stationViewExample,
} from './api-examples';
import { stationId, stationSchemaDocs } from './schema-docs';

const reservationId = { description: 'One of my reservations: its `id`. Another person’s answers 404, as one that does not exist.', example: RESERVATION_ID };
const slotStart = (what: string, example: string) => ({
  description: `${what}: ISO 8601 with an offset (\`+08:00\` or \`Z\`), one of the station’s slot starts (\`GET /stations/{stationId}/slots\`); it must start at least \`rules.minNoticeMinutes\` from now and at most \`rules.horizonDays\` ahead.`,
  example,
});

/** The fields of a station's create and update bodies; `unchanged` says what leaving one out of an update does. */
const stationBodyFields = (unchanged: string): FieldDocs => ({
  name: { description: `Its name, 1 to 100 characters, as the community posts it${unchanged}.`, example: STATION_NAME },
  address: { description: `Its street address, 1 to 200 characters, for people to find it${unchanged}.`, example: '南京市鼓楼区湖南路街道湖南路 10 号' },
  location: `Where it is, in GCJ-02 (as the mini-program’s map gives it) or WGS-84; it must lie in Nanjing’s service area (400 \`outside_service_area\` otherwise). Stored in WGS-84${unchanged}.`,
  hours: `Its opening hours, local time (Asia/Shanghai)${unchanged ? ': replaces the weekly hours and the exceptions together; left out: unchanged' : ''}.`,
  seats: `All its seats and how many of them can be reserved${unchanged}.`,
  amenities: {
    description: `What it offers, at most 20 (a repeat counts once)${unchanged ? ': replaces the whole list; left out: unchanged' : ''}.`,
    example: amenitiesExample,
  },
  contact: `Who to ask at the station (a name, a phone)${unchanged ? ': replaces both; left out: unchanged' : '; optional'}.`,
  rules: unchanged
    ? 'The rules to change: only those given change, the others stay.'
    : 'How it runs its seats; any rule left out takes its default (120-minute stay, 60-minute slots, 30 minutes’ notice, 7 days ahead).',
});

/** A station's operations all take its id in the path. */
const stationParameter = { stationId };

/**
 * The words of the stations feature (shared/http/api-docs.ts): stations and their galleries, slots,
 * check-in and visits, reservations. The photos feature names `Photo`, which a station's gallery uses.
 */
export const stationDocs = apiDocsOf(stationRoutes, {
  schemas: stationSchemaDocs,

  operations: {
    createStation: {
      request: {
        description: 'A new station: where it is, when it opens, its seats and what it offers.',
        fields: {
          ...stationBodyFields(''),
          gridId: { description: 'The grid (网格) it sits in: a grid (not a community or a street) within your scope.', example: 'gulou-hunan-g1' },
          id: {
            description: 'A readable id of your choosing (letters, digits, `_` and `-`, at most 64), e.g. `hunan-road-station`; generated when left out. One already taken is a 409 `conflict`.',
            example: STATION_ID,
          },
          managers: {
            description: 'User ids of the station managers who run it, at most 20; each must be a user (400 naming the index otherwise). A station manager creating it is added.',
            example: [MANAGER_ID],
          },
        },
        example: {
          name: STATION_NAME,
          address: '南京市鼓楼区湖南路街道湖南路 10 号',
          location: { lat: 32.0632, lng: 118.7878, coordSystem: 'gcj02' },
          hours: { weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: hoursExample.weekly.sat }, exceptions: hoursExample.exceptions },
          seats: seatsExample,
          amenities: amenitiesExample,
          contact: contactExample,
          gridId: 'gulou-hunan-g1',
          id: STATION_ID,
          managers: [MANAGER_ID],
        },
      },
      response: { example: stationExample },
      errors: ['conflict', 'idempotency_in_progress', 'outside_service_area'],
    },
    searchStations: {
      parameters: {
        lat: { description: 'Latitude of the search centre in degrees, in `coordSystem`; inside Nanjing’s service area.', example: 32.0632 },
        lng: { description: 'Longitude of the search centre in degrees, in `coordSystem`.', example: 118.7878 },
        coordSystem: {
          description:
            "The coordinate system of `lat` and `lng`, and of the stations' locations in the answer: `gcj02` for a WeChat mini-program (`wx.getLocation({ type: 'gcj02' })`, the `map` component); `wgs84` (GPS) by default.",
          example: 'gcj02',
        },
        radius: { description: 'How far from the centre, in metres: 100 to 5000; 2000 by default.', example: 1000 },
        openNow: { description: '`true`: only stations open now. Left out or `false`: open or not.', example: 'true' },
        amenity: { description: 'Only stations that offer this now: declared, and not out with its facilities (`unavailableAmenities`).', example: 'drinking_water' },
        minFreeSeats: { description: 'Only stations open now with at least this many walk-in seats free (1 to 200).', example: 1 },
        limit: { description: 'At most this many stations, the nearest: 1 to 50; 20 by default.', example: 10 },
      },
      response: {
        description: 'The stations found.',
        fields: { items: 'The stations within `radius` that pass the filters, nearest first (then by id), at most `limit`; `suspended` ones included, `closed` ones never.' },
        example: { items: [stationSummaryExample] },
      },
      errors: ['outside_service_area', 'search_too_broad'],
    },
    getStation: {
      parameters: { ...stationParameter, coordSystem: { description: coordSystemQueryDescription, example: 'gcj02' } },
      response: { example: stationExample },
    },
    updateStation: {
      parameters: stationParameter,
      request: {
        description: 'The station’s fields to change: those given replace the station’s, the others stay as they are.',
        fields: {
          ...stationBodyFields('; left out: unchanged'),
          status: '`active`, `suspended` (temporarily out of use: no check-in or reservation) or `closed` (for good); left out: unchanged.',
          managers: {
            description: 'User ids of the station managers who run it, at most 20: replaces the whole list; admins only (403 for a station manager). Left out: unchanged.',
            example: [MANAGER_ID],
          },
        },
        example: { seats: { total: 14, reservable: 8 }, rules: { maxStayMinutes: 90 } },
      },
      response: {
        example: {
          ...stationExample,
          seats: { total: 14, reservable: 8 },
          rules: { ...rulesExample, maxStayMinutes: 90 },
          availability: { ...availabilityExample, walkInSeats: 6, freeSeats: 4 },
          updatedAt: '2026-07-15T02:30:00.000Z',
        },
      },
      errors: ['outside_service_area'],
    },
    addStationPhotos: {
      parameters: stationParameter,
      request: {
        description: 'Pictures to add to the station’s gallery.',
        fields: {
          photos: {
            description:
              'Ids of my uploads (`POST /uploads`), processed (`status` `ready`) and less than a day old: 1 to 9 at once, each once, and at most 10 on the station in all. One the station already has is skipped.',
            example: [PHOTO_ID],
          },
        },
        example: { photos: [PHOTO_ID] },
      },
      response: { example: stationExample },
      errors: ['upload_not_found', 'upload_not_ready', 'upload_already_attached', 'photo_limit_reached', 'conflict', 'upload_expired', 'upload_rejected'],
    },
    removeStationPhoto: {
      parameters: { ...stationParameter, photoId: { description: 'The picture to take out: its `id` in the station’s `photos`.', example: PHOTO_ID } },
      response: { example: { ...stationExample, photos: [] } },
      errors: ['conflict'],
    },
    listCommunityStations: {
      parameters: {
        communityId: { description: 'The community (社区) whose stations to list: an org unit id.', example: 'gulou-hunan' },
        coordSystem: { description: coordSystemQueryDescription, example: 'gcj02' },
      },
      // A list has no search centre, so no distance: not the search's example.
      response: { example: { items: [{ ...stationViewExample, thumbnailUrl: signed('thumb') }], nextCursor: NEXT_CURSOR } },
    },
    listStationSlots: {
      parameters: { ...stationParameter, date: { description: 'The day, in Nanjing (Asia/Shanghai): `YYYY-MM-DD`; today by default.', example: '2026-07-15' } },
      response: {
        description: 'A station’s reservable slots on one day.',
        fields: { items: 'The day’s slots in time order: those wholly inside its opening hours; none on a day it is closed.' },
        example: {
          items: [
            { stationId: STATION_ID, start: '2026-07-15T03:00:00.000Z', end: '2026-07-15T04:00:00.000Z', reservable: 8, booked: 8, free: 0, waitlisted: 1, bookable: true },
            { stationId: STATION_ID, start: '2026-07-15T04:00:00.000Z', end: '2026-07-15T05:00:00.000Z', reservable: 8, booked: 6, free: 2, waitlisted: 0, bookable: true },
          ],
        },
      },
    },
    checkIn: {
      parameters: stationParameter,
      response: { example: visitExample },
      errors: ['station_closed', 'station_full', 'already_checked_in'],
    },
    checkOut: {
      parameters: stationParameter,
      response: { example: visitExample },
    },
    getMyVisit: {
      response: { example: walkInExample },
    },
    createReservation: {
      parameters: stationParameter,
      request: {
        description: 'The slot to reserve, how many seats, and whether to wait when it is full.',
        fields: {
          start: slotStart('The slot’s start', '2026-07-15T12:00:00+08:00'),
          seats: { description: 'Seats to reserve: 1 (the default) for myself, up to 20 for a team, and at most the station’s `seats.reservable`.', example: 1 },
          waitlist: {
            description: 'When the slot is full: `true` joins its waitlist (201, `status` `waitlisted`); `false` (the default) answers 409 `slot_full`.',
            example: false,
          },
        },
        example: { start: '2026-07-15T12:00:00+08:00', seats: 1, waitlist: false },
      },
      response: { example: reservationExample },
      errors: ['slot_full', 'already_reserved', 'reservation_limit_reached', 'booking_window', 'station_closed', 'idempotency_in_progress'],
    },
    listMyReservations: {
      response: {
        example: {
          items: [
            reservationExample,
            {
              ...reservationExample,
              id: '0mrenqcg0Pz4dKs9',
              start: '2026-07-10T09:00:00.000Z',
              end: '2026-07-10T10:00:00.000Z',
              status: 'checked_in',
              createdAt: '2026-07-10T06:41:00.000Z',
              updatedAt: '2026-07-10T09:03:00.000Z',
            },
          ],
          nextCursor: NEXT_CURSOR,
        },
      },
    },
    getReservation: {
      parameters: { reservationId },
      response: { example: reservationExample },
    },
    moveReservation: {
      parameters: { reservationId: { ...reservationId, description: 'The reservation to move: one of mine, `confirmed` or `waitlisted`, its slot not started. Another person’s answers 404.' } },
      request: {
        description: 'The slot to move to: its start, and its station when not the reservation’s own.',
        fields: {
          start: slotStart('The new slot’s start, not the one the reservation has', '2026-07-15T14:00:00+08:00'),
          stationId: { ...stationId, description: 'The new slot’s station; the reservation’s own when left out.' },
        },
        example: { start: '2026-07-15T14:00:00+08:00' },
      },
      response: {
        example: {
          ...reservationExample,
          id: MOVED_RESERVATION_ID,
          start: '2026-07-15T06:00:00.000Z',
          end: '2026-07-15T07:00:00.000Z',
          movedFrom: RESERVATION_ID,
          createdAt: '2026-07-15T03:05:00.000Z',
          updatedAt: '2026-07-15T03:05:00.000Z',
        },
      },
      errors: ['slot_full', 'already_reserved', 'booking_window', 'station_closed', 'conflict', 'idempotency_in_progress'],
    },
    cancelReservation: {
      parameters: {
        reservationId: { ...reservationId, description: 'The reservation to cancel: one of mine, `confirmed` or `waitlisted`, its slot not started. Another person’s answers 404.' },
        reason: { description: 'Why I cancel: `plans_changed`, `found_elsewhere`, `weather` or `other`; optional.', example: 'weather' },
        note: { description: 'A few words more, at most 100 characters; optional (alone, the reason is taken as `other`).', example: '下大雨，改天再来' },
      },
      response: {
        example: { ...reservationExample, status: 'cancelled', cancellation: { reason: 'weather', note: '下大雨，改天再来' }, updatedAt: '2026-07-15T03:20:00.000Z' },
      },
      errors: ['booking_window'],
    },
  },
});
