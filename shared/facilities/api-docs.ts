import { apiDocsOf } from '../http/api-docs';
import { FACILITY_GALLERY_MAX, FACILITY_PHOTOS_PER_STEP } from './terms';
import { facilityRoutes } from './routes';
import {
  donatedLine,
  DONOR,
  donorExample,
  FAULT_PHOTO,
  faultLine,
  faulty,
  GALLERY_PHOTO,
  moved,
  movedLine,
  OTHER_STATION,
  registered,
  REPAIR_PHOTO,
  repaired,
  repairLine,
  restoredLine,
  retired,
  retiredLine,
  STATION,
  underRepair,
  withPicture,
} from './api-examples';
import { facilitySchemaDocs } from './schema-docs';

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
  schemas: facilitySchemaDocs,
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
