import { locatedSchema, sentLocationSchema } from './geo/coordinates';
import { contactSchema, localDateSchema } from './http/common';
import { deliveryDocs } from './departments/delivery-api-docs';
import { departmentCallbackDocs, departmentDocs } from './departments/api-docs';
import { facilityDocs } from './facilities/api-docs';
import { type ApiDocs, joinApiDocs } from './http/api-docs';
import { apiDocsDocs, metaDocs } from './meta/api-docs';
import { open311Docs } from './open311/api-docs';
import { announcementDocs } from './notifications/announcement-api-docs';
import { notificationDocs } from './notifications/api-docs';
import { organisationDocs } from './organisation/api-docs';
import { photoDocs } from './photos/api-docs';
import { requestDocs } from './requests/api-docs';
import { reportDocs } from './requests/report-api-docs';
import { shiftDocs } from './shifts/api-docs';
import { stationDocs } from './stations/api-docs';
import { authDocs, userDocs } from './users/api-docs';

/**
 * Words every feature shares: parameters and fields that mean the same wherever they appear. A
 * feature's own words (its named schemas, its operations') are in `shared/<feature>/api-docs.ts`.
 */
const commonDocs: ApiDocs = {
  schemas: [
    [locatedSchema, { name: 'Location', description: 'A point as the API shows it: degrees, and the coordinate system they are in.', example: { lat: 32.0603, lng: 118.7969, coordSystem: 'wgs84' } }],
    [
      sentLocationSchema,
      {
        name: 'SentLocation',
        description: 'A point as a client sends it: degrees, and the coordinate system they are in (a `Location` from an answer goes back as it is).',
        example: { lat: 32.0583, lng: 118.8017, coordSystem: 'gcj02' },
      },
    ],
    [contactSchema, { name: 'Contact', description: 'Who to talk to: a name and a phone, both optional.', fields: { name: { description: 'A person’s or a desk’s name.', example: '王师傅' }, phone: { description: 'A phone number: digits, spaces, `+` and `-`.', example: '025-8320 1234' } } }],
    [localDateSchema, { name: 'LocalDate', description: 'A calendar date in Nanjing (Asia/Shanghai), `YYYY-MM-DD`.', example: '2026-07-15' }],
  ],
  common: {
    cursor: { description: 'Where the previous page ended: its `nextCursor`. Leave out for the first page.', example: 'eyJwayI6IlNUQVRJT04jc3RfMSJ9' },
    limit: 'How many items a page holds at most.',
    nextCursor: 'Send as `cursor` to get the next page; absent on the last page.',
    createdAt: { description: 'When it was created (ISO 8601, UTC).', example: '2026-07-15T02:30:00.000Z' },
    updatedAt: { description: 'When it last changed (ISO 8601, UTC).', example: '2026-07-15T03:10:00.000Z' },
    communityId: { description: 'The community (社区) it belongs to: an org unit id.', example: 'gulou-hunan' },
    gridId: { description: 'The grid (网格) it lies in: an org unit id.', example: 'gulou-hunan-g1' },
    unitId: { description: 'An org unit: the city, a district, a street, a community, a grid or a micro-grid.', example: 'gulou-hunan' },
    lat: { description: 'Latitude in degrees, in `coordSystem`.', example: 32.0603 },
    lng: { description: 'Longitude in degrees, in `coordSystem`.', example: 118.7969 },
  },
};

/** The words of the whole API (shared/http/api-docs.ts), for the OpenAPI document. */
export const apiDocs: ApiDocs = joinApiDocs(
  commonDocs,
  metaDocs,
  apiDocsDocs,
  authDocs,
  userDocs,
  organisationDocs,
  shiftDocs,
  stationDocs,
  facilityDocs,
  notificationDocs,
  announcementDocs,
  requestDocs,
  reportDocs,
  photoDocs,
  open311Docs,
  deliveryDocs,
  departmentDocs,
  departmentCallbackDocs,
);
