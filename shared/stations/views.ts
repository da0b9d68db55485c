import type { Identity } from '../auth/identity';
import type { PhotoRef } from '../photos/model';
import { firstThumbnail, photoViews } from '../photos/views';
import { type StationState, viewFor } from './domain';
import type { StationDetailView, StationView } from './model';

/**
 * Stations as the API shows them, with their pictures' URLs signed for a while (signing is local: no
 * call). Stations are public to everyone signed in, and their pictures are meant to be seen by all.
 */

/** One station for a caller (domain.ts `viewFor`), with all its pictures. */
export async function stationView(identity: Identity, state: StationState, now: Date): Promise<StationDetailView> {
  return { ...viewFor(identity, state, now), photos: await photoViews(state.station.photos ?? [], now) };
}

/** A station in a list, with its first picture's thumbnail when it has pictures. */
export async function withThumbnail(view: StationView, photos: readonly PhotoRef[] | undefined): Promise<StationView> {
  const thumbnailUrl = await firstThumbnail(photos);
  return thumbnailUrl ? { ...view, thumbnailUrl } : view;
}
