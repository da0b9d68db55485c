import { stationUpdated } from '../../events/stations';
import type { Identity } from '../auth/identity';
import { type PendingEvent, makeEvent } from '../events/outbox';
import { ProblemError, conflict } from '../http/errors';
import { photosToAttach } from '../photos/attach';
import type { StationState } from './domain';
import { planStationPhotoRemoval, planStationPhotos } from './gallery';
import type { Station } from './model';
import { requireStationState, saveStation } from './repository';

/**
 * Adding pictures to a station and taking one away, by its managers and the admins over it. Each is
 * one write of the station conditioned on the version read; when someone else changed the station
 * meanwhile (a check-in does not: it leaves the version alone), the change is decided again on the
 * fresh station, a few times, so that the limit is always judged on what is there.
 */

const ATTEMPTS = 3;

/** Writes `decide`'s station (if any) over the one read, again on a fresh read when another write came first. */
async function changeGallery(
  identity: Identity,
  stationId: string,
  decide: (station: Station) => Station | undefined,
  extraEvents: readonly PendingEvent[] = [],
): Promise<StationState> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const state = await requireStationState(stationId);
    const next = decide(state.station);
    if (!next) return state;
    const event = makeEvent(stationUpdated, { stationId, version: next.version, fields: ['photos'], updatedBy: identity.userId });
    try {
      return await saveStation(next, state.station.version, [event, ...extraEvents]);
    } catch (error) {
      if (error instanceof ProblemError && error.code === 'precondition_failed') continue;
      throw error;
    }
  }
  throw conflict(`station ${stationId} kept changing; try again`);
}

/**
 * Adds pictures (my uploads, processed) to a station's gallery: every upload is checked before
 * anything is read or written, and the station's write carries their `photos.attached` event. Answers with the station as written (or as it was, when every photo was there already).
 */
export async function addStationPhotos(identity: Identity, stationId: string, uploadIds: readonly string[], now: Date): Promise<StationState> {
  const attachment = await photosToAttach(identity.userId, uploadIds, `station/${stationId}`, 'gallery', now);
  return changeGallery(identity, stationId, (station) => planStationPhotos(identity, station, attachment.photos, now), attachment.events);
}

/**
 * Takes a picture out of a station's gallery. Its objects stay in the bucket (the function may not
 * delete them); nothing shows them any more, and their URLs signed before expire within minutes.
 */
export async function removeStationPhoto(identity: Identity, stationId: string, photoId: string, now: Date): Promise<StationState> {
  return changeGallery(identity, stationId, (station) => planStationPhotoRemoval(identity, station, photoId, now));
}
