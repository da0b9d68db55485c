import { stationCreated, stationUpdated } from '../../events/stations';
import { makeEvent } from '../../shared/events/outbox';
import { locatedIn } from '../../shared/geo/coordinates';
import { assertIfMatch } from '../../shared/http/conditional';
import { notFound, validationFailed } from '../../shared/http/errors';
import { httpFunction, reply } from '../../shared/http/function';
import { idempotencyKeyGuard } from '../../shared/http/idempotency-key';
import { createOnce, replayed } from '../../shared/http/creation';
import { getOrgUnit } from '../../shared/organisation/repository';
import { planNewStation, planStationPatch, viewOf } from '../../shared/stations/domain';
import { addStationPhotos, removeStationPhoto } from '../../shared/stations/edit-gallery';
import { stationView, withThumbnail } from '../../shared/stations/views';
import { existingUserIds } from '../../shared/users/repository';
import { stateOf } from '../../shared/stations/codec';
import { syncFullFlag } from '../../shared/stations/occupancy';
import { createStation, listStationsOfCommunity, requireStationState, saveStation } from '../../shared/stations/repository';
import { cancelReservation } from '../../shared/stations/reservations/cancel';
import { cancellationOf } from '../../shared/stations/reservations/rules';
import { getMyReservation, listMyReservations, slotsOfDay } from '../../shared/stations/reservations/reads';
import { moveReservation } from '../../shared/stations/reservations/move';
import { reserveOnce } from '../../shared/stations/reservations/reserve';
import { stationRoutes } from '../../shared/stations/routes';
import { searchNearby } from '../../shared/stations/search';
import { checkIn, checkOut, currentVisit } from '../../shared/stations/visits';
import { instantAt, localDateOf } from '../../shared/time/local';

/** Every id must name a user (a manager who does not exist is a typo, not a grant): 400 naming the index. */
async function assertUsersExist(userIds: readonly string[], field: string): Promise<void> {
  const found = new Set(await existingUserIds(userIds));
  const unknown = userIds.flatMap((id, index) => (found.has(id) ? [] : [{ field: `${field}.${index}`, code: 'unknown_user', message: `no user ${id}` }]));
  if (unknown.length > 0) throw validationFailed(unknown);
}

const etagOf = (version: number) => `"${version}"`;

export const handler = httpFunction(
  stationRoutes,
  {
    async createStation({ identity, body, creation }) {
      const grid = await getOrgUnit(body.gridId);
      if (!grid) throw notFound(`grid ${body.gridId}`);
      const now = new Date();
      const station = planNewStation(identity, { ...body, id: body.id ?? creation.id }, grid, now);
      await assertUsersExist(station.managers, 'body.managers');
      const earlier = await createOnce(
        creation,
        station.id,
        () =>
          createStation(
            station,
            [
              makeEvent(stationCreated, {
                stationId: station.id,
                name: station.name,
                communityId: station.communityId,
                gridId: station.gridId,
                managers: station.managers,
                createdBy: identity.userId,
              }),
            ],
            creation.fingerprint,
          ),
        stateOf,
      );
      if (earlier) return replayed(await stationView(identity, earlier, now), { etag: etagOf(earlier.station.version) });
      return reply(await stationView(identity, { station, visits: [] }, now), { headers: { etag: etagOf(station.version) } });
    },

    async searchStations({ query }) {
      const items = await searchNearby(
        {
          centre: { lat: query.lat, lng: query.lng },
          radiusMetres: query.radius,
          ...(query.openNow !== undefined ? { openNow: query.openNow } : {}),
          ...(query.amenity ? { amenity: query.amenity } : {}),
          ...(query.minFreeSeats !== undefined ? { minFreeSeats: query.minFreeSeats } : {}),
          limit: query.limit,
        },
        new Date(),
      );
      return { items: items.map((item) => locatedIn(item, query.coordSystem)) };
    },

    async getStation({ identity, params, query }) {
      const state = await requireStationState(params.stationId);
      const view = locatedIn(await stationView(identity, state, new Date()), query.coordSystem);
      return reply(view, { headers: { etag: etagOf(state.station.version) } });
    },

    async updateStation({ identity, params, body, headers }) {
      const state = await requireStationState(params.stationId);
      assertIfMatch(headers['if-match'], state.station.version);
      const now = new Date();
      const next = planStationPatch(identity, state.station, body, now);
      if (body.managers) await assertUsersExist(next.managers, 'body.managers');
      const after = await saveStation(next, state.station.version, [
        makeEvent(stationUpdated, {
          stationId: next.id,
          version: next.version,
          fields: Object.keys(body).filter((field) => body[field as keyof typeof body] !== undefined),
          updatedBy: identity.userId,
          ...(body.managers ? { managers: next.managers, previousManagers: state.station.managers } : {}),
        }),
      ]);
      // Fewer walk-in seats can make the station full (or more, available) without any check-in.
      if (body.seats) await syncFullFlag(after);
      return reply(await stationView(identity, after, now), { headers: { etag: etagOf(after.station.version) } });
    },

    async addStationPhotos({ identity, params, body }) {
      const now = new Date();
      const after = await addStationPhotos(identity, params.stationId, body.photos, now);
      return reply(await stationView(identity, after, now), { headers: { etag: etagOf(after.station.version) } });
    },

    async removeStationPhoto({ identity, params }) {
      const now = new Date();
      const after = await removeStationPhoto(identity, params.stationId, params.photoId, now);
      return reply(await stationView(identity, after, now), { headers: { etag: etagOf(after.station.version) } });
    },

    async listCommunityStations({ params, query }) {
      const page = await listStationsOfCommunity(params.communityId, query);
      const now = new Date();
      const views = await Promise.all(page.items.map((state) => withThumbnail(viewOf(state, now), state.station.photos)));
      return { ...page, items: views.map((view) => locatedIn(view, query.coordSystem)) };
    },

    async listStationSlots({ params, query }) {
      const { station } = await requireStationState(params.stationId);
      const now = new Date();
      const date = query.date ?? localDateOf(now);
      return { items: await slotsOfDay(station, instantAt(date, 0), instantAt(date, 24 * 60), now) };
    },

    async checkIn({ identity, params }) {
      const { visit, created } = await checkIn(params.stationId, identity.userId, new Date());
      return created ? visit : reply(visit, { status: 200 });
    },

    async checkOut({ identity, params }) {
      return checkOut(params.stationId, identity.userId, new Date());
    },

    async getMyVisit({ identity }) {
      const visit = await currentVisit(identity.userId, new Date());
      if (!visit) throw notFound('not checked in anywhere');
      return visit;
    },

    async createReservation({ identity, params, body, creation }) {
      const { station } = await requireStationState(params.stationId);
      const { reservation, replayed: again } = await reserveOnce({
        station,
        userId: identity.userId,
        reservationId: creation.id,
        ...(creation.fingerprint ? { fingerprint: creation.fingerprint } : {}),
        start: new Date(body.start),
        seats: body.seats,
        waitlist: body.waitlist,
        now: new Date(),
      });
      return again ? replayed(reservation) : reservation;
    },

    async moveReservation({ identity, params, body, creation }) {
      const { reservation, replayed: again } = await moveReservation({
        userId: identity.userId,
        reservationId: params.reservationId,
        newReservationId: creation.id,
        ...(creation.fingerprint ? { fingerprint: creation.fingerprint } : {}),
        ...(body.stationId ? { stationId: body.stationId } : {}),
        start: new Date(body.start),
        now: new Date(),
      });
      return again ? replayed(reservation) : reservation;
    },

    async listMyReservations({ identity, query }) {
      return listMyReservations(identity.userId, query, new Date());
    },

    async getReservation({ identity, params }) {
      return getMyReservation(identity.userId, params.reservationId, new Date());
    },

    async cancelReservation({ identity, params, query }) {
      return cancelReservation(identity.userId, params.reservationId, new Date(), cancellationOf(query.reason, query.note));
    },
  },
  { idempotencyKeys: idempotencyKeyGuard },
);
