/**
 * The example data of the stations and reservations words (./api-docs.ts): one consistent story, so that the examples
 * of the OpenAPI document agree with each other. Plain data, imported only by the words (so only by
 * the tools and the bundle-time document, never by a function that serves a route).
 */

// ————— example data: one station of Hunan Road (湖南路) community in Gulou, seen on 15 July 2026 at 10:30 local time —————

export const STATION_ID = 'hunan-road-station';
export const STATION_NAME = '湖南路宁小蜂驿站';
export const MANAGER_ID = '0mm8h21s0Tb6vQwe';
export const VISITOR_ID = '0mm9c7k2pLq4XzRa';
export const RESERVATION_ID = '0mrlgpsg0Rb2nT8x';
export const MOVED_RESERVATION_ID = '0mrlh3d10Wc5kJ2m';
export const PHOTO_ID = '0mrenqcg0Xk3pQ7a';
/** An opaque cursor, as a page's `nextCursor` gives it. */
export const NEXT_CURSOR = 'eyJwayI6IlNUQVRJT04jaHVuYW4tcm9hZC1zdGF0aW9uIn0';

export const weekday = [{ opens: '07:30', closes: '20:00' }];
export const hoursExample = {
  weekly: {
    mon: weekday,
    tue: weekday,
    wed: weekday,
    thu: weekday,
    fri: weekday,
    sat: [
      { opens: '09:00', closes: '12:00' },
      { opens: '14:00', closes: '18:00' },
    ],
    sun: [],
  },
  exceptions: [{ from: '2026-10-01', to: '2026-10-03', intervals: [{ opens: '09:00', closes: '12:00' }], note: '国庆假期，仅上午开放' }],
};
export const seatsExample = { total: 12, reservable: 8 };
export const rulesExample = { maxStayMinutes: 120, slotMinutes: 60, minNoticeMinutes: 30, horizonDays: 7 };
export const amenitiesExample = ['air_conditioning', 'drinking_water', 'microwave', 'phone_charging', 'toilet', 'first_aid', 'wifi'];
export const contactExample = { name: '李站长', phone: '025-8320 1234' };
/** At 10:30 on a Wednesday: open until 20:00 (12:00 UTC), 2 of its 4 walk-in seats free. */
export const availabilityExample = { openNow: true, freeSeats: 2, walkInSeats: 4, occupied: 5, nextChange: { at: '2026-07-15T12:00:00.000Z', openNow: false } };
export const unavailableExample = [{ amenity: 'microwave', reason: 'under_repair' }];

/** What a station and a station in a list share: everything but the pictures. */
export const stationViewExample = {
  id: STATION_ID,
  name: STATION_NAME,
  address: '南京市鼓楼区湖南路街道湖南路 10 号',
  location: { lat: 32.0652, lng: 118.7826, coordSystem: 'wgs84' },
  communityId: 'gulou-hunan',
  gridId: 'gulou-hunan-g1',
  hours: hoursExample,
  seats: seatsExample,
  amenities: amenitiesExample,
  contact: contactExample,
  status: 'active',
  rules: rulesExample,
  createdAt: '2026-03-02T01:00:00.000Z',
  updatedAt: '2026-07-10T08:12:00.000Z',
  availability: availabilityExample,
  unavailableAmenities: unavailableExample,
};

export const signed = (variant: 'display' | 'thumb') =>
  `https://grid-photos.s3.cn-east-1.amazonaws.com.cn/photos/${PHOTO_ID}/${variant}.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=3f1c…`;

export const stationExample = {
  ...stationViewExample,
  managers: [MANAGER_ID],
  photos: [
    {
      id: PHOTO_ID,
      stage: 'gallery',
      by: MANAGER_ID,
      at: '2026-07-10T08:12:00.000Z',
      width: 1280,
      height: 960,
      url: signed('display'),
      thumbnailUrl: signed('thumb'),
      urlsExpireAt: '2026-07-15T02:45:00.000Z',
    },
  ],
};

/** As a search answers it: no managers, the first picture's thumbnail, the distance. */
export const stationSummaryExample = { ...stationViewExample, distanceMetres: 420, thumbnailUrl: signed('thumb') };

/** The 12:00–13:00 slot (local) of 15 July, reserved at 10:30. */
export const reservationExample = {
  id: RESERVATION_ID,
  userId: VISITOR_ID,
  stationId: STATION_ID,
  stationName: STATION_NAME,
  start: '2026-07-15T04:00:00.000Z',
  end: '2026-07-15T05:00:00.000Z',
  seats: 1,
  status: 'confirmed',
  createdAt: '2026-07-15T02:30:00.000Z',
  updatedAt: '2026-07-15T02:30:00.000Z',
};

export const visitExample = {
  visitId: '0mrlj6vw0Ha8sLe3',
  userId: VISITOR_ID,
  stationId: STATION_ID,
  kind: 'reserved',
  seats: 1,
  reservationId: RESERVATION_ID,
  since: '2026-07-15T04:02:00.000Z',
  endsAt: '2026-07-15T05:00:00.000Z',
};

/** A walk-in at 10:30, ended by the longest stay (120 minutes) unless checked out before. */
export const walkInExample = {
  visitId: '0mrlgpsg0Vn7cYt1',
  userId: VISITOR_ID,
  stationId: STATION_ID,
  kind: 'walk_in',
  seats: 1,
  since: '2026-07-15T02:30:00.000Z',
  endsAt: '2026-07-15T04:30:00.000Z',
};
