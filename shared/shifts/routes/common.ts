import * as z from 'zod/mini';
import { idSchema } from '../../http/common';
import { fieldProblem } from '../../http/errors';
import { type LocalDate, addDays, localDateOf } from '../../time/local';

/**
 * What the shifts' route declarations share: their tag, who may call them, common parameters. Each
 * file names its own function (`planning.ts`: shift-planning, `seats.ts`: shift-seats).
 */

/** Their OpenAPI tag. */
export const tag = 'shifts';

export const unitParams = z.strictObject({ unitId: idSchema });
export const shiftParams = z.strictObject({ shiftId: idSchema });
/** Grid workers and admins: who plans and manages shifts. */
export const staff = ['admin', 'grid_worker'] as const;
/** Who is a micro-grid member: volunteers, and residents who joined with an invitation code. */
export const members = ['volunteer', 'resident'] as const;
export const inMicroGrids = ['admin', 'grid_worker', 'volunteer', 'resident'] as const;

const monthSchema = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'));
export const monthQuery = z.strictObject({ month: z.optional(monthSchema) });
export const dateRangeQuery = {
  /** First local date (Asia/Shanghai), default today. */
  from: z.optional(z.iso.date()),
  /** Last local date, inclusive. */
  to: z.optional(z.iso.date()),
};

/** A {@link dateRangeQuery}'s range, checked and bounded: `defaultDays` from today unless said, at most `maxDays`. */
export function dateRangeOf(query: { from?: LocalDate; to?: LocalDate }, now: Date, defaultDays: number, maxDays: number) {
  const from = query.from ?? localDateOf(now);
  const to = query.to ?? addDays(from, defaultDays - 1);
  if (to < from) throw fieldProblem('query.to', 'to must not be before from');
  if (addDays(from, maxDays - 1) < to) throw fieldProblem('query.to', `at most ${maxDays} days`);
  return { from, to };
}
