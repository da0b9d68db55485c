import { type ApiDocs, type FieldDocs } from '../http/api-docs';
import { donorReportSchema, donorSchema, facilityListViewSchema, facilityViewSchema, logEntryViewSchema } from './model';
import { FACILITY_GALLERY_MAX, FACILITY_LOG_PHOTOS_MAX, facilityConditionSchema, facilityKindSchema, facilityStatusSchema } from './terms';
import {
  DONOR,
  donorExample,
  faultLine,
  galleryPhoto,
  MANAGER,
  ref,
  registered,
  repaired,
  RESIDENT,
  STATION,
} from './api-examples';

// ─── Words ─────────────────────────────────────────────────────────────────────────────────────

/** What a maintenance log line says, wherever one is shown (a facility, a facility in a list). */
const logLineFields: FieldDocs = {
  at: { description: 'When the step was taken (ISO 8601, UTC).', example: faultLine.at },
  action:
    'What happened: `donated` (registered at a station), `fault_reported`, `repair_started`, `restored` (back in service), `retired`, `moved` (to another station).',
  by: { description: 'The user id of whoever took the step (the resident who reported the fault, the manager who restored it).', example: RESIDENT },
  status: 'The facility’s status right after this step.',
  stationId: { description: 'The station the facility stood at after this step; on a `moved` line, the station it moved to.', example: STATION },
  note: {
    description:
      'The words given with the step: the registration note, the fault’s description, a repair note, the reason for retiring it, a move note. Absent when none was given.',
    example: faultLine.note,
  },
  fromStationId: { description: 'On a `moved` line only: the station it left.', example: STATION },
  costYuan: { description: 'On a `restored` line, when the manager gave it: what the repair cost, in yuan (人民币元).', example: 180 },
};

/** The fields a facility has wherever it is shown, a whole one or one in a list. */
const facilityFields: FieldDocs = {
  id: { description: 'The facility’s id: chosen by whoever registered it (readable, like `gulou-hunan-ac-1`) or generated.', example: registered.id },
  kind: 'What sort of facility it is.',
  model: { description: 'Brand and model, as the label says (at most 100 characters). Absent when not given.', example: registered.model },
  donorId: { description: 'The donor who gave it: see `GET /donors/{donorId}`.', example: DONOR.id },
  donorName: { description: 'The donor’s name as it was when the facility was registered, to show without another call.', example: DONOR.name },
  stationId: { description: 'The 宁小蜂 rest station (宁小蜂驿站) it stands at now.', example: STATION },
  donatedOn: { description: 'The day it was given: a local date in Nanjing (Asia/Shanghai), `YYYY-MM-DD`.', example: registered.donatedOn },
  declaredValueYuan: { description: 'Its value as the donor declared it, in yuan (人民币元); not an appraisal.', example: registered.declaredValueYuan },
  condition: 'Its physical condition as last assessed: when it was registered or last restored after a repair.',
  status: 'Where it is in its life: in service, fault reported, under repair, or retired for good.',
  photoUrls: 'Links to pictures given when it was registered (http or https, at most 9); often empty. Newer pictures are in `photos`.',
  createdAt: { description: 'When it was registered (ISO 8601, UTC).', example: registered.createdAt },
  updatedAt: {
    description: 'When its status, station or log last changed (ISO 8601, UTC); adding or removing a gallery picture leaves it.',
    example: repaired.updatedAt,
  },
  version: { description: 'Its revision: 1 when registered, one more with every change (a log line, a move, a gallery picture).', example: 5 },
};

// The log's limits are MAX_LOG_ENTRIES and MAX_LOG_BYTES of domain.ts, written out rather than
// imported: domain.ts brings the photo and station code (and the AWS clients) into the one bundle
// that serves this document.
const logDescription =
  'Its maintenance log, oldest line first. It keeps the latest 200 lines and at most 128 KiB of them (the oldest drop off); ' +
  `fault and repair photos stay on the latest lines only, ${FACILITY_LOG_PHOTOS_MAX} in all (older lines keep their words).`;

/** A facility’s `photos` field: its gallery. */
const galleryWords = `Pictures of the facility itself (its gallery), oldest first, at most ${FACILITY_GALLERY_MAX}; empty when it has none. Photos of faults and repairs are on their log lines.`;

/** The named schemas of the facilities feature and the words of their fields; the operations' words are in ./api-docs.ts. */
export const facilitySchemaDocs: NonNullable<ApiDocs['schemas']> = [
  [
    facilityKindSchema,
    {
      name: 'FacilityKind',
      description:
        'What sort of facility: `air_conditioner` (空调), `water_dispenser` (饮水机), `microwave` (微波炉), `fridge` (冰箱), `first_aid_kit` (急救箱), `power_bank_cabinet` (共享充电宝柜), `charging_station` (电动车充电桩), `wifi_router` (无线路由器), `fan` (风扇), `seating` (桌椅), `other`.',
      example: 'air_conditioner',
    },
  ],
  [
    facilityConditionSchema,
    { name: 'FacilityCondition', description: 'Physical condition, as assessed by the station’s staff: `new`, `good`, `fair` (worn but works), `poor` (works badly).', example: 'good' },
  ],
  [
    facilityStatusSchema,
    {
      name: 'FacilityStatus',
      description:
        'Where a facility is in its life: `in_service` (works, may be used) → `fault_reported` (someone reported it broken) → `under_repair` → `in_service` again; or `retired`, out of service for good (it stays in its station’s inventory and its donor’s report).',
      example: 'in_service',
    },
  ],
  [
    donorSchema,
    {
      name: 'Donor',
      description:
        'An organisation or person that gave facilities to the rest stations. Its `contact` is shown only within its scope (whoever registered it, city-wide admins, the managers of the stations it gave to and admins over them); everyone else gets the donor without it.',
      fields: {
        id: { description: 'The donor’s id: chosen by whoever registered it (readable, like `donor-hunan-merchants`) or generated.', example: DONOR.id },
        name: { description: 'The donor’s name as it is to be thanked (at most 100 characters).', example: DONOR.name },
        kind: 'What sort of donor: `enterprise` (企业), `public_institution` (事业单位), `social_organisation` (社会组织), `individual` (个人), `other`.',
        contact:
          'Who to talk to at the donor. Absent when you are not in the donor’s scope (see above), or when none was recorded. In the list of donors (`GET /donors`) only city-wide admins and whoever registered the donor see it.',
        'contact.name': { description: 'A person’s name or title.', example: '吴秘书长' },
        'contact.phone': { description: 'Their phone number.', example: '025-8320 1234' },
        note: { description: 'Anything staff should know about the donor (at most 500 characters). Absent when none.', example: donorExample.note },
        createdAt: { description: 'When the donor was registered (ISO 8601, UTC).', example: donorExample.createdAt },
        createdBy: { description: 'The user id of the admin or station manager who registered it.', example: MANAGER },
      },
      example: donorExample,
    },
  ],
  [
    logEntryViewSchema,
    {
      name: 'FacilityLogEntry',
      description: 'One step in a facility’s life, as its maintenance log shows it, with the photos taken with it.',
      fields: {
        ...logLineFields,
        photos: {
          description: `Photos taken with this step: of the fault (\`fault_reported\`) or of the repair (\`repair_started\`, \`restored\`), URLs signed for 15 minutes. Absent when none, or when newer lines took the log’s ${FACILITY_LOG_PHOTOS_MAX} photos.`,
          example: faultLine.photos,
        },
      },
      example: faultLine,
    },
  ],
  [
    facilityViewSchema,
    {
      name: 'Facility',
      description:
        'A facility donated to a 宁小蜂 rest station (an air conditioner, a water dispenser…), with its pictures and its maintenance log. Everyone signed in may see it, its log and its photos (what breaks in a public station is no secret). Photo URLs work for 15 minutes: read the facility again for fresh ones.',
      fields: {
        ...facilityFields,
        photos: { description: `${galleryWords} URLs signed for 15 minutes.`, example: [galleryPhoto] },
        log: logDescription,
      },
      example: repaired,
    },
  ],
  [
    facilityListViewSchema,
    {
      name: 'FacilityListItem',
      description:
        'A facility in a station’s inventory: the facility with its photos as references only (no URLs) and its first gallery picture’s thumbnail. Get the facility (`GET /facilities/{facilityId}`) for viewable photos.',
      fields: {
        ...facilityFields,
        photos: { description: `${galleryWords} References only: no URLs.`, example: [ref(galleryPhoto)] },
        log: logDescription,
        ...Object.fromEntries(Object.entries(logLineFields).map(([field, doc]) => [`log.${field}`, doc])),
        'log.photos': {
          description: `Photos taken with this step (of the fault or of the repair), as references only; absent when none, or when newer lines took the log’s ${FACILITY_LOG_PHOTOS_MAX}.`,
          example: [ref(faultLine.photos[0])],
        },
        thumbnailUrl: {
          description: 'The thumbnail of its first gallery picture, a URL signed for 15 minutes. Absent when it has no gallery picture.',
          example: galleryPhoto.thumbnailUrl,
        },
      },
      example: {
        ...repaired,
        photos: [ref(galleryPhoto)],
        log: repaired.log.map((line) => ('photos' in line ? { ...line, photos: line.photos.map(ref) } : line)),
        thumbnailUrl: galleryPhoto.thumbnailUrl,
      },
    },
  ],
  [
    donorReportSchema,
    {
      name: 'DonorReport',
      description:
        'A donor’s thank-you report: every facility they gave (retired ones too), where it is, whether it works, and what it was all worth.',
      fields: {
        donor: 'The donor, its contact shown as on its own page (only within its scope).',
        facilities: 'Every facility the donor gave, by the day it was given (oldest first), retired ones included.',
        'facilities.id': { description: 'The facility’s id: see `GET /facilities/{facilityId}`.', example: registered.id },
        'facilities.kind': 'What sort of facility it is.',
        'facilities.model': { description: 'Brand and model; absent when not given.', example: registered.model },
        'facilities.stationId': { description: 'The rest station it stands at now.', example: STATION },
        'facilities.stationName': { description: 'That station’s name (its id if the station is gone).', example: '湖南路宁小蜂驿站' },
        'facilities.donatedOn': { description: 'The day it was given: a local date in Nanjing, `YYYY-MM-DD`.', example: registered.donatedOn },
        'facilities.declaredValueYuan': { description: 'Its value as the donor declared it, in yuan.', example: registered.declaredValueYuan },
        'facilities.condition': 'Its physical condition as last assessed.',
        'facilities.status': 'Whether it is in service, awaiting or under repair, or retired.',
        'facilities.updatedAt': { description: 'When it last changed state: a fault, a repair, a move (ISO 8601, UTC).', example: repaired.updatedAt },
        totals: 'The figures of the whole report.',
        'totals.facilities': { description: 'How many facilities the donor gave, retired ones included.', example: 2 },
        'totals.inService': { description: 'How many of them are in service now.', example: 2 },
        'totals.stations': { description: 'How many stations hold at least one of them that is not retired.', example: 1 },
        'totals.declaredValueYuan': { description: 'The declared values added up, retired facilities included, in yuan (exact to the fen, 分).', example: 7898 },
      },
      example: {
        donor: donorExample,
        facilities: [
          {
            id: 'gulou-hunan-ac-1',
            kind: 'air_conditioner',
            model: registered.model,
            stationId: STATION,
            stationName: '湖南路宁小蜂驿站',
            donatedOn: '2026-06-20',
            declaredValueYuan: 6999,
            condition: 'good',
            status: 'in_service',
            updatedAt: repaired.updatedAt,
          },
          {
            id: 'gulou-hunan-water-1',
            kind: 'water_dispenser',
            model: '美的 YR1226S-W 饮水机',
            stationId: STATION,
            stationName: '湖南路宁小蜂驿站',
            donatedOn: '2026-06-20',
            declaredValueYuan: 899,
            condition: 'new',
            status: 'in_service',
            updatedAt: '2026-06-20T03:10:00.000Z',
          },
        ],
        totals: { facilities: 2, inService: 2, stations: 1, declaredValueYuan: 7898 },
      },
    },
  ],
];
