import * as z from 'zod/mini';
import { idSchema } from '../http/common';
import { defineRoute } from '../http/route';
import { gridTableSchema, monthlyReportSchema } from './report-model';

/**
 * The monthly reports' routes, served by the `reports` function: apart from the requests' routes so
 * that function builds only its own schemas when it loads.
 */

/** A month of the reports, `2026-08`: the months the service has run in. */
export const monthSchema = z.string().check(z.regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'a month like 2026-08'));

/** `query.scope` of a report: a unit id, or `city` for the whole city (city-wide admins only). */
const reportScope = idSchema;

export const reportRoutes = {
  monthlyReport: defineRoute({
    method: 'GET',
    path: '/reports/monthly',
    function: 'reports',
    tag: 'requests',
    summary:
      'Monthly figures of a grid, community, subdistrict, district, or the whole city (scope=city; city-wide admins) within scope: by category, on-time rates, reopen and satisfaction rates, median time to resolve (exact to its bucket), from rollups kept as requests change',
    access: ['admin'],
    query: z.strictObject({ scope: reportScope, month: monthSchema }),
    success: { status: 200, description: 'The report', schema: monthlyReportSchema },
    errors: [404],
  }),
  monthlyGridTable: defineRoute({
    method: 'GET',
    path: '/reports/monthly/grids',
    function: 'reports',
    tag: 'requests',
    summary:
      "The ten-category table per grid of a month (the 小栖 monthly database): a row per grid with requests, a column per category; format=csv for Excel (UTF-8 with BOM)",
    access: ['admin'],
    query: z.strictObject({ scope: reportScope, month: monthSchema, format: z._default(z.enum(['json', 'csv']), 'json') }),
    success: { status: 200, description: 'The table (text/csv with format=csv)', schema: gridTableSchema, alsoAs: 'text/csv' },
    errors: [404],
  }),
};
