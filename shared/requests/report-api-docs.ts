import { type FieldDoc, type FieldDocs, apiDocsOf } from '../http/api-docs';
import { MONTH } from './api-examples';
import { monthParameter } from './api-docs';
import { iso } from './schema-docs';
import { figuresSchema, gridTableSchema, monthlyReportSchema } from './report-model';
import { reportRoutes } from './report-routes';

/**
 * The words of the monthly reports (shared/http/api-docs.ts), beside the requests' own words
 * (./api-docs.ts), whose month parameter and time phrasing they share.
 */

const reportScopeParameter: FieldDoc = {
  description:
    'Whose figures: a grid, community, subdistrict or district within your scope (an org unit id), or `city` for the whole city (city-wide admins only). A unit beyond your scope answers 404; a micro-grid 400.',
  example: 'gulou-hunan',
};

/** A rate's fields under `path`: what it counts, of how many. */
const rateDocs = (path: string, what: string, count: string, of: string): FieldDocs => ({
  [path]: what,
  [`${path}.count`]: { description: count, example: 38 },
  [`${path}.of`]: { description: of, example: 40 },
  [`${path}.rate`]: { description: '`count` / `of`, from 0 to 1, to 4 decimals; null when `of` is 0.', example: 0.95 },
});

/** The unit a report is about. */
const reportScopeDocs = (holder: string): FieldDocs => ({
  scope: `The unit the ${holder} is about.`,
  'scope.id': { description: 'Its org unit id, or `city` for the whole city.', example: 'gulou-hunan' },
  'scope.kind': { description: 'What kind of unit it is: `grid`, `community`, `subdistrict`, `district`, or `city`.', example: 'community' },
  'scope.name': { description: 'Its name, in Chinese as the city names it.', example: '湖南路社区' },
});

const overallFigures = {
  total: 42,
  byStatus: { accepted: 1, in_progress: 3, resolved: 4, closed: 31, rejected: 2, duplicate: 1 },
  acceptedOnTime: { count: 38, of: 40, rate: 0.95 },
  resolvedOnTime: { count: 33, of: 37, rate: 0.8919 },
  reopened: { count: 3, of: 35, rate: 0.0857 },
  satisfied: { count: 24, of: 27, rate: 0.8889 },
  averageRating: 4.48,
  medianHoursToResolve: 24,
  medianHoursToResolveBucket: { from: 12, to: 24 },
};

/** The catalogue's ten categories, in its order: the columns of a grid table. */
const tableCategories = [
  { id: 'property', name: '物业服务' },
  { id: 'sanitation', name: '环境卫生' },
  { id: 'street-order', name: '市容秩序' },
  { id: 'public-security', name: '治安防控' },
  { id: 'disputes', name: '矛盾纠纷' },
  { id: 'food-safety', name: '食品安全' },
  { id: 'illegal-construction', name: '违章建筑' },
  { id: 'facility-repair', name: '设施维修' },
  { id: 'livelihood', name: '民生服务' },
  { id: 'safety-hazard', name: '安全隐患' },
];

/** The words of the monthly reports of requests: the figures and the table per grid. */
export const reportDocs = apiDocsOf(reportRoutes, {
  schemas: [
    [
      figuresSchema,
      {
        name: 'RequestFigures',
        description: 'Figures of the requests submitted in a month: how many, where they stand, how promptly and how well they were handled.',
        fields: {
          total: { description: 'How many requests were submitted.', example: 42 },
          byStatus: { description: 'How many of them are in each status now, by status; a status with none is left out.', example: overallFigures.byStatus },
          ...rateDocs(
            'acceptedOnTime',
            'Accepted by the accept deadline, among those accepted or still waiting past it.',
            'Requests accepted by their accept deadline.',
            'Requests accepted, or still waiting past their accept deadline.',
          ),
          ...rateDocs(
            'resolvedOnTime',
            'Resolved by the resolve deadline (and not reopened since), among those resolved or still open past it; rejected and duplicate requests count for neither.',
            'Requests resolved by their resolve deadline.',
            'Requests resolved, or still open past their resolve deadline.',
          ),
          ...rateDocs('reopened', 'Reopened at least once, among those ever resolved.', 'Requests reopened at least once.', 'Requests ever resolved.'),
          ...rateDocs(
            'satisfied',
            'Rated 4 or 5 stars, among those rated (a request closed automatically is unrated and not counted).',
            'Requests rated 4 or 5.',
            'Requests rated.',
          ),
          averageRating: { description: 'The average rating, 1 to 5, to 2 decimals; null when none was rated.', example: 4.48 },
          medianHoursToResolve: {
            description:
              'The median time from submission to the latest resolution, in hours, among those resolved or closed: the upper edge of the bucket holding it (at least half were resolved within it), 720 for the open last bucket; null when none was resolved.',
            example: 24,
          },
          medianHoursToResolveBucket: {
            description:
              'The bucket of hours holding that median (edges at 1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336 and 720 hours); null when none was resolved.',
            example: { from: 12, to: 24 },
          },
          'medianHoursToResolveBucket.from': { description: 'Its lower edge in hours, inclusive.', example: 12 },
          'medianHoursToResolveBucket.to': { description: 'Its upper edge in hours, exclusive; null for the last bucket (720 hours or more).', example: 24 },
        },
        example: overallFigures,
      },
    ],
    [
      monthlyReportSchema,
      {
        name: 'MonthlyReport',
        description:
          'The monthly figures of a grid, community, subdistrict, district or the whole city: overall and by category, counted from rollups the service updates after every change to a request (so a change shows shortly after it is made, not at once).',
        fields: {
          ...reportScopeDocs('report'),
          month: { description: 'The month, `YYYY-MM`, Beijing time: the requests submitted in it.', example: MONTH },
          timeZone: 'The time zone months are counted in: always `Asia/Shanghai` (Beijing time).',
          overall: 'The figures of every request submitted in the month in the scope.',
          byCategory: 'The figures per category, the busiest first (then by id); a category without requests that month is left out.',
          'byCategory.categoryId': { description: 'The category.', example: 'sanitation' },
          'byCategory.categoryName': { description: 'Its Chinese name in the catalogue now (its id when it is no longer there).', example: '环境卫生' },
          'byCategory.figures': 'The figures of its requests.',
          generatedAt: { description: iso('When the report was put together'), example: '2026-08-01T01:00:00.000Z' },
        },
        example: {
          scope: { id: 'gulou-hunan', kind: 'community', name: '湖南路社区' },
          month: MONTH,
          timeZone: 'Asia/Shanghai',
          overall: overallFigures,
          byCategory: [
            {
              categoryId: 'sanitation',
              categoryName: '环境卫生',
              figures: {
                total: 17,
                byStatus: { in_progress: 1, resolved: 2, closed: 14 },
                acceptedOnTime: { count: 16, of: 17, rate: 0.9412 },
                resolvedOnTime: { count: 14, of: 16, rate: 0.875 },
                reopened: { count: 1, of: 16, rate: 0.0625 },
                satisfied: { count: 11, of: 12, rate: 0.9167 },
                averageRating: 4.58,
                medianHoursToResolve: 12,
                medianHoursToResolveBucket: { from: 8, to: 12 },
              },
            },
          ],
          generatedAt: '2026-08-01T01:00:00.000Z',
        },
      },
    ],
    [
      gridTableSchema,
      {
        name: 'GridTable',
        description:
          'The ten-category table per grid of a month (the 小栖 monthly database): a row per grid that had requests submitted that month, ordered by community then grid; a column per category of the catalogue, in its order (a category no longer in it comes last).',
        fields: {
          ...reportScopeDocs('table'),
          month: { description: 'The month, `YYYY-MM`, Beijing time: the requests submitted in it.', example: MONTH },
          timeZone: 'The time zone months are counted in: always `Asia/Shanghai` (Beijing time).',
          categories: 'The columns: the categories, in the catalogue’s order.',
          'categories.id': { description: 'The category’s id.', example: 'sanitation' },
          'categories.name': { description: 'Its Chinese name (its id when it is no longer in the catalogue).', example: '环境卫生' },
          rows: 'A row per grid with requests that month; empty when there were none.',
          'rows.gridId': { description: 'The grid (网格).', example: 'gulou-hunan-g1' },
          'rows.gridName': { description: 'Its name.', example: '湖南路社区第1网格' },
          'rows.communityId': { description: 'Its community (社区).', example: 'gulou-hunan' },
          'rows.communityName': { description: 'Its community’s name.', example: '湖南路社区' },
          'rows.counts': { description: 'Requests per category, in the order of `categories`.', example: [2, 9, 3, 0, 1, 0, 0, 2, 1, 0] },
          'rows.total': { description: 'The grid’s requests in all.', example: 18 },
          totals: { description: 'Requests per category over every row, in the order of `categories`.', example: [5, 17, 6, 1, 4, 1, 0, 4, 3, 1] },
          total: { description: 'Requests in all.', example: 42 },
          generatedAt: { description: iso('When the table was put together'), example: '2026-08-01T01:00:00.000Z' },
        },
        example: {
          scope: { id: 'gulou-hunan', kind: 'community', name: '湖南路社区' },
          month: MONTH,
          timeZone: 'Asia/Shanghai',
          categories: tableCategories,
          rows: [
            { gridId: 'gulou-hunan-g1', gridName: '湖南路社区第1网格', communityId: 'gulou-hunan', communityName: '湖南路社区', counts: [2, 9, 3, 0, 1, 0, 0, 2, 1, 0], total: 18 },
            { gridId: 'gulou-hunan-g2', gridName: '湖南路社区第2网格', communityId: 'gulou-hunan', communityName: '湖南路社区', counts: [3, 8, 3, 1, 3, 1, 0, 2, 2, 1], total: 24 },
          ],
          totals: [5, 17, 6, 1, 4, 1, 0, 4, 3, 1],
          total: 42,
          generatedAt: '2026-08-01T01:00:00.000Z',
        },
      },
    ],
  ],
  operations: {
    monthlyReport: { parameters: { scope: reportScopeParameter, month: monthParameter } },
    monthlyGridTable: {
      parameters: {
        scope: reportScopeParameter,
        month: monthParameter,
        format: {
          description: '`json` (the default) or `csv`: the same table as a CSV download for Excel (UTF-8 with a byte-order mark, a header row in Chinese, a total row).',
          example: 'csv',
        },
      },
      errors: ['search_too_broad'],
    },
  },
});
