import * as z from 'zod/mini';
import type { Language } from '../http/errors';
import { roleSchema } from '../auth/identity';
import { languageSchema } from '../http/identity';

/** A person as the API shows them. The WeChat openid and session key are never shown. */
export const userSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  role: roleSchema,
  /** Org units the role reaches (an admin's administered units, a grid worker's grids). */
  units: z.array(z.string()),
  /**
   * Stations a station manager runs, as the stations' own `managers` lists say (the one truth;
   * an admin changes it on the station). Empty for other roles.
   */
  stations: z.array(z.string()),
  /** The grid a resident lives in, for requests sent without a location. */
  homeGridId: z.optional(z.string()),
  createdAt: z.string(),
  /**
   * The person's mainland mobile number, when known: imported with a staff account, or confirmed
   * with WeChat's phone-number button (POST /auth/wechat/phone). Shown only to the person and to
   * the admins whose scope reaches them, as the rest of the profile.
   */
  phone: z.optional(z.string()),
  /** Set while an admin has deactivated the account: it cannot sign in, and its tokens stop working. */
  deactivatedAt: z.optional(z.string()),
  /**
   * The language the person reads the service in: notices, request timelines, category labels, error
   * titles (`zh` unless they chose `en` with PUT /me/language). A request's `Accept-Language` wins over
   * it; pushes sent without a request (WeChat subscribe messages) follow it. Always in GET /me (zh when
   * they never chose); elsewhere only once chosen.
   */
  language: z.optional(languageSchema),
});
export type User = z.infer<typeof userSchema>;

/**
 * What the authorizer needs of a user to accept a token: their current role and scope (not the
 * token's), the token version (signing out everywhere moves it on) and whether they are active.
 */
export interface Access {
  role: User['role'];
  units: string[];
  tokenVersion: number;
  active: boolean;
  /** The language they chose, if they did (read in the same GetItem, so answers follow it at no cost). */
  language?: Language;
}
