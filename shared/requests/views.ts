import { type Located, fromWgs84 } from '../geo/coordinates';
import type { Language } from '../http/errors';
import type { Page } from '../http/pagination';
import type { PhotoRef } from '../photos/model';
import { firstThumbnail, photoViews } from '../photos/views';
import type { Request, RequestSummary, RequestSummaryView, RequestView } from './model';
import { categoryLabel } from './texts';
import { timelineIn } from './timeline';

/**
 * Requests as the API shows them: photos with URLs signed for a while, the category's label and the
 * timeline's notes in the reader's language. Only a caller who may see the request is ever answered
 * with one, so whoever holds a URL was shown the request.
 */

/** Photos stored before uploads existed were plain URLs: they are not shown. */
const refsOf = (photos: readonly unknown[]): PhotoRef[] => photos.filter((photo): photo is PhotoRef => typeof photo === 'object' && photo !== null);

/** With its stored WGS-84 location saying so (a route asked for GCJ-02 converts it: `locatedIn`). */
function locationStated<T extends Pick<Request, 'location'>>({ location, ...rest }: T): Omit<T, 'location'> & { location?: Located } {
  return location ? { ...rest, location: fromWgs84(location, 'wgs84') } : rest;
}

/** The category's name in `language`, from the names the request kept when it was submitted. */
const labelled = <T extends Pick<Request, 'categoryName' | 'categoryNameEn'>>(request: T, language: Language) => ({
  ...request,
  categoryLabel: categoryLabel({ name: request.categoryName, nameEn: request.categoryNameEn }, language),
});

/** A request as `language` reads it: its category's label and its timeline's notes in that language. */
export async function requestView(request: Request, now: Date, language: Language = 'zh'): Promise<RequestView> {
  const view = { ...labelled(locationStated(request), language), timeline: timelineIn(request.timeline, language) };
  return { ...view, photos: await photoViews(refsOf(request.photos), now) };
}

/** A page of requests, each with its first photo's thumbnail and its category's label in `language`. */
export async function summaryViews(page: Page<RequestSummary>, language: Language = 'zh'): Promise<Page<RequestSummaryView>> {
  const items = await Promise.all(
    page.items.map(async (summary) => {
      const thumbnailUrl = await firstThumbnail(refsOf(summary.photos));
      const view = labelled(locationStated(summary), language);
      return thumbnailUrl ? { ...view, thumbnailUrl } : view;
    }),
  );
  return { ...page, items };
}
