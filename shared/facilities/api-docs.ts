import { type FieldDocs, apiDocsOf } from '../http/api-docs';
import {
  FACILITY_GALLERY_MAX,
  FACILITY_LOG_PHOTOS_MAX,
  FACILITY_PHOTOS_PER_STEP,
  donorReportSchema,
  donorSchema,
  facilityConditionSchema,
  facilityKindSchema,
  facilityListViewSchema,
  facilityStatusSchema,
  facilityViewSchema,
  logEntryViewSchema,
} from './model';
import { facilityRoutes } from './routes';

// ─── Example data ──────────────────────────────────────────────────────────────────────────────
// One story told throughout: a merchants' association gives the Hunan Road rest station an air
// conditioner; a resident reports it broken, the station manager has it repaired, and later it is
// moved or retired. Ids are shaped like real ones (readable where an admin chose them, `newId()`
// otherwise), so the examples read as one history and validate against their schemas.

const STATION = 'gulou-hunan-station';
const OTHER_STATION = 'gulou-shanxilu-station';
const MANAGER = '0mpui4kg0Hn3TqWz';
const RESIDENT = '0mrjy2740Vb8LdRe';
const DONOR = { id: 'donor-hunan-merchants', name: '湖南路商圈商户联合会' } as const;

const GALLERY_PHOTO = '0mqa1c9k0Gt5NwYb';
const FAULT_PHOTO = '0mrlgpsg0Qm4XwEa';
const REPAIR_PHOTO = '0mrnx3b40Kp7ZcVd';

/** A photo as the API shows it, its URLs signed for 15 minutes. */
function photo(id: string, stage: 'gallery' | 'fault' | 'repair', by: string, at: string) {
  const signed = (variant: string) =>
    `https://grid-service-photos.s3.cn-north-1.amazonaws.com.cn/photos/${id}/${variant}.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=5d1f0c`;
  return { id, stage, by, at, width: 1280, height: 960, url: signed('display'), thumbnailUrl: signed('thumb'), urlsExpireAt: '2026-07-15T09:35:00.000Z' };
}

/** The same photo as a reference (lists keep references only). */
const ref = ({ url: _url, thumbnailUrl: _thumbnailUrl, urlsExpireAt: _expires, ...reference }: ReturnType<typeof photo>) => reference;

const donatedLine = {
  at: '2026-06-20T03:00:00.000Z',
  action: 'donated',
  by: MANAGER,
  status: 'in_service',
  stationId: STATION,
  note: '湖南路商圈商户联合会捐赠，供环卫工人和外卖骑手夏季纳凉',
} as const;
const faultLine = {
  at: '2026-07-14T01:10:00.000Z',
  action: 'fault_reported',
  by: RESIDENT,
  status: 'fault_reported',
  stationId: STATION,
  note: '空调不制冷，出风口只有热风',
  photos: [photo(FAULT_PHOTO, 'fault', RESIDENT, '2026-07-14T01:10:00.000Z')],
} as const;
const repairLine = { at: '2026-07-14T06:00:00.000Z', action: 'repair_started', by: MANAGER, status: 'under_repair', stationId: STATION, note: '已联系格力售后，明天上门检修' } as const;
const restoredLine = {
  at: '2026-07-15T08:20:00.000Z',
  action: 'restored',
  by: MANAGER,
  status: 'in_service',
  stationId: STATION,
  note: '更换启动电容，制冷恢复正常',
  costYuan: 180,
  photos: [photo(REPAIR_PHOTO, 'repair', MANAGER, '2026-07-15T08:20:00.000Z')],
} as const;

/** The air conditioner as registered: in service, one log line, no pictures yet. */
const registered = {
  id: 'gulou-hunan-ac-1',
  kind: 'air_conditioner',
  model: '格力 KFR-72LW 柜式空调',
  donorId: DONOR.id,
  donorName: DONOR.name,
  stationId: STATION,
  donatedOn: '2026-06-20',
  declaredValueYuan: 6999,
  condition: 'new',
  status: 'in_service',
  photoUrls: [],
  photos: [],
  log: [donatedLine],
  createdAt: donatedLine.at,
  updatedAt: donatedLine.at,
  version: 1,
};
const galleryPhoto = photo(GALLERY_PHOTO, 'gallery', MANAGER, '2026-06-20T03:05:00.000Z');
const withPicture = { ...registered, photos: [galleryPhoto], version: 2 };
const faulty = { ...withPicture, status: 'fault_reported', log: [donatedLine, faultLine], updatedAt: faultLine.at, version: 3 };
const underRepair = { ...faulty, status: 'under_repair', log: [donatedLine, faultLine, repairLine], updatedAt: repairLine.at, version: 4 };
/** The facility after a round of fault and repair: the main example. */
const repaired = { ...underRepair, status: 'in_service', condition: 'good', log: [donatedLine, faultLine, repairLine, restoredLine], updatedAt: restoredLine.at, version: 5 };
const movedLine = {
  at: '2026-08-01T02:00:00.000Z',
  action: 'moved',
  by: MANAGER,
  status: 'in_service',
  stationId: OTHER_STATION,
  fromStationId: STATION,
  note: '山西路驿站无空调，调拨使用',
} as const;
const moved = { ...repaired, stationId: OTHER_STATION, log: [...repaired.log, movedLine], updatedAt: movedLine.at, version: 6 };
const retiredLine = { at: '2026-09-30T07:00:00.000Z', action: 'retired', by: MANAGER, status: 'retired', stationId: STATION, note: '压缩机损坏，维修费用超过设备残值' } as const;
const retired = { ...repaired, status: 'retired', log: [...repaired.log, retiredLine], updatedAt: retiredLine.at, version: 6 };

const donorExample = {
  id: DONOR.id,
  name: DONOR.name,
  kind: 'social_organisation',
  contact: { name: '吴秘书长', phone: '025-8320 1234' },
  note: '湖南路沿街商户共同出资',
  createdAt: '2026-06-18T02:00:00.000Z',
  createdBy: MANAGER,
};

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

/** A `photos` field of a request: uploads to attach with the step. */
const uploadIds = (what: string) => ({
  description: `${what}: ids of your own uploads (\`POST /uploads\`), processed and less than a day old, each once, at most ${FACILITY_PHOTOS_PER_STEP}. Leave out (or send \`[]\`) for none.`,
  example: [FAULT_PHOTO],
});

const facilityId = { description: 'The facility: its `id`.', example: registered.id };
const donorId = { description: 'The donor: its `id`.', example: DONOR.id };

/**
 * The words of the facilities feature: facilities donated to the 宁小蜂 rest stations, their donors
 * and donors' reports, faults, repairs, moves, retirement and pictures.
 */
export const facilityDocs = apiDocsOf(facilityRoutes, {
  schemas: [
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
  ],
  operations: {
    createDonor: {
      request: {
        description: 'A donor to register. Its contact will be shown only within its scope (see `Donor`).',
        fields: {
          name: { description: 'The donor’s name as it is to be thanked (at most 100 characters).', example: DONOR.name },
          kind: 'What sort of donor: `enterprise` (企业), `public_institution` (事业单位), `social_organisation` (社会组织), `individual` (个人), `other`.',
          contact: 'Who to talk to at the donor; leave out if unknown.',
          note: { description: 'Anything staff should know about the donor (at most 500 characters).', example: donorExample.note },
          id: {
            description:
              'A readable id of your choosing (letters, digits, `_`, `-`; at most 64), e.g. `donor-hunan-merchants`; generated when absent. One already taken is a 409 `conflict`.',
            example: DONOR.id,
          },
        },
        example: { name: DONOR.name, kind: 'social_organisation', contact: donorExample.contact, note: donorExample.note, id: DONOR.id },
      },
      errors: ['conflict', 'idempotency_in_progress'],
    },
    listDonors: {
      parameters: { limit: 'How many donors a page holds at most.' },
    },
    getDonor: { parameters: { donorId } },
    getDonorReport: { parameters: { donorId } },
    createFacility: {
      request: {
        description: 'A donated facility to register at a station you manage (or administer). It starts in service, with a `donated` log line.',
        fields: {
          kind: 'What sort of facility it is.',
          model: { description: 'Brand and model, as the label says (at most 100 characters).', example: registered.model },
          donorId: { description: 'The donor who gave it (`POST /donors` first if it is new).', example: DONOR.id },
          stationId: { description: 'The rest station it stands at: one whose managers include you, or under your scope as an admin.', example: STATION },
          donatedOn: 'The day it was given, in Nanjing.',
          declaredValueYuan: { description: 'Its value as the donor declares it, in yuan (0 to 10,000,000; fen allowed).', example: 6999 },
          condition: 'Its physical condition now; `new` when left out.',
          photoUrls: {
            description: 'Links to pictures elsewhere (http or https, at most 9); usually left out. To show your own photos, upload them and add them with `POST /facilities/{facilityId}/photos`.',
            example: [],
          },
          note: { description: 'Words for the first log line (at most 500 characters).', example: donatedLine.note },
          id: {
            description:
              'A readable id of your choosing (letters, digits, `_`, `-`; at most 64), e.g. `gulou-hunan-ac-1`; generated when absent. One already taken is a 409 `conflict`.',
            example: registered.id,
          },
        },
        example: {
          kind: 'air_conditioner',
          model: registered.model,
          donorId: DONOR.id,
          stationId: STATION,
          donatedOn: '2026-06-20',
          declaredValueYuan: 6999,
          condition: 'new',
          note: donatedLine.note,
          id: registered.id,
        },
      },
      response: { example: registered },
      errors: ['conflict', 'idempotency_in_progress'],
    },
    getFacility: { parameters: { facilityId } },
    listStationFacilities: {
      parameters: {
        stationId: { description: 'The rest station whose inventory to list: its `id`. Facilities come by kind, retired ones included.', example: STATION },
        limit: 'How many facilities a page holds at most.',
      },
    },
    reportFault: {
      parameters: { facilityId },
      request: {
        description:
          'A fault to report on a facility in service. Anyone at the station may report: checked in now, or holding a reservation there today; so may its managers, admins over it and the grid workers of its grid. The station’s managers are told.',
        fields: {
          description: { description: 'What is wrong, in a sentence or two (at most 500 characters); it becomes the log line’s note.', example: faultLine.note },
          photos: uploadIds('Photos of the fault'),
        },
        example: { description: faultLine.note, photos: [FAULT_PHOTO] },
      },
      response: { example: faulty },
      errors: ['not_at_station', 'facility_transition', 'upload_not_found', 'upload_not_ready', 'upload_already_attached', 'upload_expired', 'upload_rejected'],
    },
    startRepair: {
      parameters: { facilityId },
      request: {
        description: 'A repair to start on a facility whose fault was reported (its station’s managers, admins over it).',
        fields: {
          note: { description: 'What is being done, by whom, until when (at most 500 characters).', example: repairLine.note },
          photos: { ...uploadIds('Photos of the repair'), example: ['0mrmq1d80Jr2HsUf'] },
        },
        example: { note: repairLine.note },
      },
      response: { example: underRepair },
      errors: ['facility_transition', 'upload_not_found', 'upload_not_ready', 'upload_already_attached', 'upload_expired', 'upload_rejected'],
    },
    restoreFacility: {
      parameters: { facilityId },
      request: {
        description: 'A facility back in service after its fault was reported or while under repair (its station’s managers, admins over it).',
        fields: {
          note: { description: 'What was done (at most 500 characters).', example: restoredLine.note },
          condition: 'Its physical condition after the repair; unchanged when left out.',
          costYuan: { description: 'What the repair cost, in yuan (0 to 1,000,000); recorded on the log line.', example: 180 },
          photos: { ...uploadIds('Photos of the repaired facility (“after”)'), example: [REPAIR_PHOTO] },
        },
        example: { note: restoredLine.note, condition: 'good', costYuan: 180, photos: [REPAIR_PHOTO] },
      },
      response: { example: repaired },
      errors: ['facility_transition', 'upload_not_found', 'upload_not_ready', 'upload_already_attached', 'upload_expired', 'upload_rejected'],
    },
    retireFacility: {
      parameters: { facilityId },
      request: {
        description: 'A facility to take out of service for good (its station’s managers, admins over it). It cannot be undone; the facility stays in the inventory, retired.',
        fields: { reason: { description: 'Why it is retired (at most 500 characters); it becomes the log line’s note.', example: retiredLine.note } },
        example: { reason: retiredLine.note },
      },
      response: { example: retired },
      errors: ['facility_transition'],
    },
    moveFacility: {
      parameters: { facilityId },
      request: {
        description: 'Where to move a facility that is not retired: another station. You must maintain both stations (a manager of both, or an admin over both).',
        fields: {
          stationId: { description: 'The station it moves to: its `id`.', example: OTHER_STATION },
          note: { description: 'Why it moves (at most 500 characters).', example: movedLine.note },
        },
        example: { stationId: OTHER_STATION, note: movedLine.note },
      },
      response: { example: moved },
      errors: ['facility_transition'],
    },
    addFacilityPhotos: {
      parameters: { facilityId },
      request: {
        description: `Pictures to add to a facility’s gallery (its station’s managers, admins over it). More than ${FACILITY_GALLERY_MAX} in all is refused (409 \`photo_limit_reached\`) and nothing is added; a picture it already has is not added twice.`,
        fields: {
          photos: {
            description: `Ids of your own uploads (\`POST /uploads\`), processed and less than a day old, each once, at most ${FACILITY_PHOTOS_PER_STEP} at a time.`,
            example: [GALLERY_PHOTO],
          },
        },
        example: { photos: [GALLERY_PHOTO] },
      },
      response: { example: withPicture },
      errors: ['photo_limit_reached', 'facility_transition', 'upload_not_found', 'upload_not_ready', 'upload_already_attached', 'upload_expired', 'upload_rejected'],
    },
    removeFacilityPhoto: {
      parameters: {
        facilityId,
        photoId: { description: 'The gallery picture to take out: its `id` in the facility’s `photos`. Fault and repair photos (on log lines) cannot be removed.', example: GALLERY_PHOTO },
      },
      response: { example: registered },
      errors: ['facility_transition'],
    },
  },
});
