import { type Located, fromWgs84 } from '../geo/coordinates';
import type { Page } from '../http/pagination';
import type { PhotoRef } from '../photos/model';
import { firstThumbnail, photoViews } from '../photos/views';
import type { Request, RequestSummary, RequestSummaryView, RequestView } from './model';

/**
 * Requests as the API shows them: photos with URLs signed for a while. Only a caller who may see
 * the request is ever answered with one, so whoever holds a URL was shown the request.
 */

/** Photos stored before uploads existed were plain URLs: they are not shown. */
const refsOf = (photos: readonly unknown[]): PhotoRef[] => photos.filter((photo): photo is PhotoRef => typeof photo === 'object' && photo !== null);

/** With its stored WGS-84 location saying so (a route asked for GCJ-02 converts it: `locatedIn`). */
function locationStated<T extends Pick<Request, 'location'>>({ location, ...rest }: T): Omit<T, 'location'> & { location?: Located } {
  return location ? { ...rest, location: fromWgs84(location, 'wgs84') } : rest;
}

export async function requestView(request: Request, now: Date): Promise<RequestView> {
  return { ...locationStated(request), photos: await photoViews(refsOf(request.photos), now) };
}

/** A page of requests, each with its first photo's thumbnail. */
export async function summaryViews(page: Page<RequestSummary>): Promise<Page<RequestSummaryView>> {
  const items = await Promise.all(
    page.items.map(async (summary) => {
      const thumbnailUrl = await firstThumbnail(refsOf(summary.photos));
      const view = locationStated(summary);
      return thumbnailUrl ? { ...view, thumbnailUrl } : view;
    }),
  );
  return { ...page, items };
}
