import * as z from 'zod/mini';
import { idSchema } from '../../http/common';

/** What the shifts' route declarations share: their function, their tag, who may call them, common parameters. */

/** The function that serves them (functions/http/shifts.ts) and their OpenAPI tag. */
export const fn = 'shifts';
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
