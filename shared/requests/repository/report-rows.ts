import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import { mapLimit } from '../../concurrency';
import { requestKeys as keys } from '../../table/design';
import { queryAll } from '../../table/query';
import { monthBounds } from '../../time/local';
import type { ReportRow } from '../figures';
import type { Request } from '../model';

/**
 * What the monthly figures read of requests: one request for its contribution (GetItem), or a
 * month's requests to rebuild the rollups from (Queries on `byArea`, see item.ts). Only the
 * figures' attributes are read, never the timeline.
 */

/** A report row, the request it is (id and version) and where it is placed. */
export type AreaReportRow = ReportRow & Pick<Request, 'id' | 'version' | 'gridId' | 'communityId' | 'subdistrictId' | 'districtId'>;

const REPORT_FIELDS = [
  'id',
  'version',
  'categoryId',
  'categoryName',
  'status',
  'createdAt',
  'acceptDueAt',
  'acceptedAt',
  'resolveDueAt',
  'resolvedAt',
  'rating',
  'reopenCount',
  'acceptOverdueLevel',
  'resolveOverdueLevel',
  'gridId',
  'communityId',
  'subdistrictId',
  'districtId',
] as const satisfies readonly (keyof AreaReportRow)[];

/** One request's report row, strongly consistent (its contribution is decided on it); undefined if there is none. */
export async function reportRowOf(requestId: string): Promise<AreaReportRow | undefined> {
  const names = Object.fromEntries(REPORT_FIELDS.map((name, index) => [`#a${index}`, name]));
  const output = await documents().send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.request(requestId),
      ConsistentRead: true,
      ProjectionExpression: Object.keys(names).join(', '),
      ExpressionAttributeNames: names,
    }),
  );
  return output.Item as AreaReportRow | undefined;
}

/** How many slices of the month a community's rows are read in, in parallel. */
const REPORT_SLICES = 4;
/** At most this many of these Queries in flight: a subdistrict of 30 communities is 120 slices. */
const REPORT_CONCURRENCY = 16;
/** Rows are a few hundred bytes: a page of this many stays well under DynamoDB's 1 MB a page. */
const ROWS_PER_PAGE = 1_000;

/**
 * Everything the monthly figures need of a month's requests in a subdistrict (or some communities
 * of it): Queries on `byArea` reading only the report's attributes. A community's month is read as a
 * few time slices in parallel (the sort key is community#createdAt); a subdistrict's as one slice
 * per community when `communityIds` are given, else the whole partition.
 */
export async function reportRows(area: { subdistrictId: string; communityIds?: readonly string[] }, month: string): Promise<AreaReportRow[]> {
  const partition = keys.requestArea(area.subdistrictId, month);
  if (!area.communityIds) return rowsIn(partition);
  const { from, to } = monthBounds(month);
  const sliceStart = (slice: number) => new Date(from.getTime() + ((to.getTime() - from.getTime()) * slice) / REPORT_SLICES).toISOString();
  const ranges = area.communityIds.flatMap((communityId) =>
    Array.from({ length: REPORT_SLICES }, (_, slice): [string, string] => {
      const prefix = keys.requestAreaCommunity(communityId);
      // The first and last slices are open-ended, so nothing at the month's edges falls between them.
      // Sort keys are community#createdAt#id, never exactly a slice bound, so no item is in two slices.
      const start = slice === 0 ? prefix : `${prefix}${sliceStart(slice)}`;
      const end = slice === REPORT_SLICES - 1 ? `${prefix}~` : `${prefix}${sliceStart(slice + 1)}`;
      return [start, end];
    }),
  );
  const pages = await mapLimit(ranges, REPORT_CONCURRENCY, (range) => rowsIn(partition, range));
  return pages.flat();
}

async function rowsIn(partition: string, range?: readonly [start: string, end: string]): Promise<AreaReportRow[]> {
  const items = await queryAll({
    index: 'byArea',
    partition,
    ...(range ? { sortBetween: range } : {}),
    attributes: REPORT_FIELDS,
    pageSize: ROWS_PER_PAGE,
  });
  return items as AreaReportRow[];
}
