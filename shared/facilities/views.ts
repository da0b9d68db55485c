import { firstThumbnail, photoViews } from '../photos/views';
import type { Facility, FacilityListView, FacilityView, LogEntry } from './model';

/**
 * Facilities as the API shows them: photos with URLs signed for a while (signing is local: no call).
 * A facility, its log and so its fault and repair photos are shown to everyone signed in (as its
 * fault descriptions are): what breaks in a public station is no secret, and whoever goes there to
 * fix it sees what was reported.
 */

/** A log line with its photos' URLs. */
async function lineView(line: LogEntry, now: Date): Promise<FacilityView['log'][number]> {
  const { photos, ...words } = line;
  return photos?.length ? { ...words, photos: await photoViews(photos, now) } : words;
}

/**
 * One facility: its gallery and its log's photos, each with signed URLs. At most
 * `FACILITY_GALLERY_MAX` + `FACILITY_LOG_PHOTOS_MAX` photos (model.ts), so the signing is bounded.
 */
export async function facilityView(facility: Facility, now: Date): Promise<FacilityView> {
  const [photos, log] = await Promise.all([
    photoViews(facility.photos ?? [], now),
    Promise.all(facility.log.map((line) => lineView(line, now))),
  ]);
  return { ...facility, photos, log };
}

/** A facility in a list: photos as references, and its gallery's first thumbnail. */
export async function facilityListView(facility: Facility): Promise<FacilityListView> {
  const photos = facility.photos ?? [];
  const thumbnailUrl = await firstThumbnail(photos);
  return { ...facility, photos, ...(thumbnailUrl ? { thumbnailUrl } : {}) };
}
