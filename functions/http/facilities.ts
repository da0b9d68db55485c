import {
  donorRegistered,
  facilityDonated,
  facilityFaultReported,
  facilityMoved,
  facilityRepairStarted,
  facilityRestored,
  facilityRetired,
} from '../../events/facilities';
import { type PendingEvent, makeEvent } from '../../shared/events/outbox';
import {
  assertCanMaintain,
  assertCanReportFault,
  donorAsSeenBy,
  donorContactNeedsStations,
  donorReport,
  planGalleryPhotos,
  planGalleryRemoval,
  planMove,
  planNewFacility,
  planTransition,
} from '../../shared/facilities/domain';
import type { Donor, Facility } from '../../shared/facilities/model';
import * as facilities from '../../shared/facilities/repository';
import { facilityRoutes } from '../../shared/facilities/routes';
import { facilityListView, facilityView } from '../../shared/facilities/views';
import { ProblemError, forbidden, notFound } from '../../shared/http/errors';
import { httpFunction } from '../../shared/http/function';
import { idempotencyKeyGuard } from '../../shared/http/idempotency-key';
import { createOnce, replayed } from '../../shared/http/creation';
import { photosToAttach } from '../../shared/photos/attach';
import type { PhotoRef, PhotoStage } from '../../shared/photos/model';
import type { Station } from '../../shared/stations/model';
import { stationPlacesOf } from '../../shared/stations/managers';
import { requireStationState } from '../../shared/stations/repository';
import { presenceAt } from '../../shared/stations/visits';

const loadStation = async (stationId: string): Promise<Station> => (await requireStationState(stationId)).station;

async function loadFacility(facilityId: string): Promise<Facility> {
  const facility = await facilities.getFacility(facilityId);
  if (!facility) throw notFound(`facility ${facilityId}`);
  return facility;
}

async function loadDonor(donorId: string): Promise<Donor> {
  const donor = await facilities.getDonor(donorId);
  if (!donor) throw notFound(`donor ${donorId}`);
  return donor;
}

/** A facility's next state and the events that go with it; nothing when there is nothing to write. */
type Decided = { facility: Facility; events: PendingEvent[] } | undefined;

/**
 * Applies one change to a facility: read, decide, write conditioned on the version read. If someone
 * changed it meanwhile the decision is made again on the fresh state (which may now refuse it).
 * `extraEvents` ride in the write besides the change's own (the photos it adds: shared/photos/attach.ts).
 */
async function change(
  facilityId: string,
  decide: (facility: Facility, station: Station) => Promise<Decided> | Decided,
  extraEvents: readonly PendingEvent[] = [],
): Promise<Facility> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const facility = await loadFacility(facilityId);
    const station = await loadStation(facility.stationId);
    const decided = await decide(facility, station);
    if (!decided) return facility;
    if (await facilities.saveFacility(decided.facility, facility.version, [...decided.events, ...extraEvents])) return decided.facility;
  }
  throw new ProblemError('facility_transition', 'changed by someone else meanwhile; reload and try again');
}

/**
 * A change that adds photos (my uploads) to the facility: they are checked before anything is read,
 * and the write carries their `photos.attached` event. Answers with the
 * facility as the API shows it.
 */
async function changeWithPhotos(
  userId: string,
  facilityId: string,
  uploadIds: readonly string[] | undefined,
  stage: PhotoStage,
  decide: (facility: Facility, station: Station, photos: readonly PhotoRef[]) => Promise<Decided> | Decided,
) {
  const now = new Date();
  const attachment = await photosToAttach(userId, uploadIds ?? [], `facility/${facilityId}`, stage, now);
  const changed = await change(facilityId, (facility, station) => decide(facility, station, attachment.photos), attachment.events);
  return facilityView(changed, now);
}

const common = (facility: Facility, by: string, note?: string) => ({
  facilityId: facility.id,
  kind: facility.kind,
  donorId: facility.donorId,
  stationId: facility.stationId,
  status: facility.status,
  by,
  ...(note ? { note } : {}),
});

export const handler = httpFunction(
  facilityRoutes,
  {
    async createDonor({ identity, body, creation }) {
      const donor: Donor = {
        id: body.id ?? creation.id,
        name: body.name,
        kind: body.kind,
        contact: body.contact,
        ...(body.note ? { note: body.note } : {}),
        createdAt: new Date().toISOString(),
        createdBy: identity.userId,
      };
      const earlier = await createOnce(
        creation,
        donor.id,
        () =>
          facilities.createDonor(
            donor,
            [makeEvent(donorRegistered, { donorId: donor.id, name: donor.name, kind: donor.kind, registeredBy: identity.userId })],
            creation.fingerprint,
          ),
        facilities.donorOf,
      );
      return earlier ? replayed(earlier) : donor;
    },

    async listDonors({ identity, query }) {
      // No station reads per donor: in the list a contact shows only to city-wide admins and to the
      // donor's registrar; the donor's own page (and its report) applies the whole scope.
      const page = await facilities.listDonors(query);
      return { ...page, items: page.items.map((donor) => donorAsSeenBy(identity, donor, [])) };
    },

    async getDonor({ identity, params }) {
      const donor = await loadDonor(params.donorId);
      if (!donorContactNeedsStations(identity, donor)) return donorAsSeenBy(identity, donor, []);
      const given = await facilities.listDonationsOf(donor.id);
      const stations = await stationPlacesOf(given.map((facility) => facility.stationId));
      return donorAsSeenBy(identity, donor, [...stations.values()]);
    },

    async getDonorReport({ identity, params }) {
      const donor = await loadDonor(params.donorId);
      const given = await facilities.listDonationsOf(donor.id);
      const stations = await stationPlacesOf(given.map((facility) => facility.stationId));
      const names = new Map([...stations.values()].map((station) => [station.id, station.name]));
      return donorReport(donorAsSeenBy(identity, donor, [...stations.values()]), given, names);
    },

    async createFacility({ identity, body, creation }) {
      const [donor, station] = await Promise.all([loadDonor(body.donorId), loadStation(body.stationId)]);
      const { id, donorId, stationId, ...input } = body;
      void donorId;
      void stationId;
      const facility = planNewFacility(identity, { ...input, id: id ?? creation.id }, donor, station, new Date());
      const earlier = await createOnce(
        creation,
        facility.id,
        () =>
          facilities.createFacility(
            facility,
            [
              makeEvent(facilityDonated, {
                ...common(facility, identity.userId, body.note),
                declaredValueYuan: facility.declaredValueYuan,
                condition: facility.condition,
              }),
            ],
            creation.fingerprint,
          ),
        facilities.facilityOf,
      );
      return earlier ? replayed(await facilityView(earlier, new Date())) : facilityView(facility, new Date());
    },

    async getFacility({ params }) {
      return facilityView(await loadFacility(params.facilityId), new Date());
    },

    async listStationFacilities({ params, query }) {
      await loadStation(params.stationId);
      const page = await facilities.listFacilitiesAt(params.stationId, query);
      return { ...page, items: await Promise.all(page.items.map(facilityListView)) };
    },

    async reportFault({ identity, params, body }) {
      return changeWithPhotos(identity.userId, params.facilityId, body.photos, 'fault', async (facility, station, photos) => {
        const now = new Date();
        assertCanReportFault(identity, station, await presenceAt(identity.userId, station.id, now));
        const decided = planTransition(facility, 'fault_reported', identity.userId, now, { note: body.description, photos });
        return {
          facility: decided.facility,
          events: [
            makeEvent(facilityFaultReported, {
              ...common(decided.facility, identity.userId, body.description),
              stationName: station.name,
              gridId: station.gridId,
              managers: station.managers,
            }),
          ],
        };
      });
    },

    async startRepair({ identity, params, body }) {
      const { photos: _uploads, ...details } = body;
      return changeWithPhotos(identity.userId, params.facilityId, body.photos, 'repair', (facility, station, photos) => {
        assertCanMaintain(identity, station);
        const decided = planTransition(facility, 'repair_started', identity.userId, new Date(), { ...details, photos });
        return { facility: decided.facility, events: [makeEvent(facilityRepairStarted, common(decided.facility, identity.userId, body.note))] };
      });
    },

    async restoreFacility({ identity, params, body }) {
      const { photos: _uploads, ...details } = body;
      return changeWithPhotos(identity.userId, params.facilityId, body.photos, 'repair', (facility, station, photos) => {
        assertCanMaintain(identity, station);
        const decided = planTransition(facility, 'restored', identity.userId, new Date(), { ...details, photos });
        return {
          facility: decided.facility,
          events: [
            makeEvent(facilityRestored, {
              ...common(decided.facility, identity.userId, body.note),
              condition: decided.facility.condition,
              ...(body.costYuan !== undefined ? { costYuan: body.costYuan } : {}),
            }),
          ],
        };
      });
    },

    async retireFacility({ identity, params, body }) {
      const retired = await change(params.facilityId, (facility, station) => {
        assertCanMaintain(identity, station);
        const decided = planTransition(facility, 'retired', identity.userId, new Date(), { note: body.reason });
        return { facility: decided.facility, events: [makeEvent(facilityRetired, common(decided.facility, identity.userId, body.reason))] };
      });
      return facilityView(retired, new Date());
    },

    async moveFacility({ identity, params, body }) {
      const target = await loadStation(body.stationId);
      const moved = await change(params.facilityId, (facility, station) => {
        assertCanMaintain(identity, station);
        try {
          assertCanMaintain(identity, target);
        } catch {
          throw forbidden('you do not maintain the station it would move to');
        }
        const decided = planMove(facility, target, identity.userId, new Date(), body.note);
        return {
          facility: decided.facility,
          events: [makeEvent(facilityMoved, { ...common(decided.facility, identity.userId, body.note), fromStationId: facility.stationId })],
        };
      });
      return facilityView(moved, new Date());
    },

    async addFacilityPhotos({ identity, params, body }) {
      // Pictures of the facility itself carry no event: nobody is told, nothing else keeps them.
      return changeWithPhotos(identity.userId, params.facilityId, body.photos, 'gallery', (facility, station, photos) => {
        const next = planGalleryPhotos(identity, facility, station, photos);
        return next && { facility: next, events: [] };
      });
    },

    async removeFacilityPhoto({ identity, params }) {
      const changed = await change(params.facilityId, (facility, station) => ({
        facility: planGalleryRemoval(identity, facility, station, params.photoId),
        events: [],
      }));
      return facilityView(changed, new Date());
    },
  },
  { idempotencyKeys: idempotencyKeyGuard },
);
