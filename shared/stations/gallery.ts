import type { Identity } from '../auth/identity';
import { notFound } from '../http/errors';
import { assertPhotoRoom } from '../photos/attach';
import type { PhotoRef } from '../photos/model';
import { assertCanManageStation } from './domain';
import type { Station } from './model';
import { STATION_GALLERY_MAX } from './terms';

/**
 * A station's pictures (its gallery): who may change them and what a change leaves. Plain functions
 * over plain data, apart from domain.ts so that the many modules reading stations do not carry the
 * photo code. The caller writes the result conditioned on the version it read.
 */

/**
 * The station with pictures added, by those who maintain it (403 otherwise: stations are public);
 * at most {@link STATION_GALLERY_MAX} in all (409 `photo_limit_reached`, nothing added). A photo it
 * already has is not added twice (a resent request). Undefined when nothing is new: nothing to write.
 */
export function planStationPhotos(identity: Identity, station: Station, photos: readonly PhotoRef[], now: Date): Station | undefined {
  assertCanManageStation(identity, station);
  const held = station.photos ?? [];
  const fresh = photos.filter((photo) => !held.some((kept) => kept.id === photo.id));
  if (fresh.length === 0) return undefined;
  assertPhotoRoom(held.length, fresh.length, STATION_GALLERY_MAX);
  return { ...station, photos: [...held, ...fresh], updatedAt: now.toISOString(), version: station.version + 1 };
}

/** The station without one of its pictures (those who maintain it); a photo it does not have is a 404. */
export function planStationPhotoRemoval(identity: Identity, station: Station, photoId: string, now: Date): Station {
  assertCanManageStation(identity, station);
  const held = station.photos ?? [];
  if (!held.some((photo) => photo.id === photoId)) throw notFound(`photo ${photoId} of station ${station.id}`);
  return { ...station, photos: held.filter((photo) => photo.id !== photoId), updatedAt: now.toISOString(), version: station.version + 1 };
}
