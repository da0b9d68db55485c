import { CITY_SCOPE } from '../../shared/auth/identity';
import { getOrgUnit } from '../../shared/organisation/repository';
import { indexAdmin, indexedAdmins } from '../../shared/requests/escalation-targets';
import { getUser, openIdOf } from '../../shared/users/repository';
import { saveStaffAccount, staffUserOfPhone } from '../../shared/users/staff';
import { MOBILE_PHONE } from './model';

/**
 * The first admin of a city (or of a unit of it): a staff account for a phone, with role `admin`
 * over the unit, and its place in the escalation index (what the request-routing consumer would
 * have written on `role-assigned`). Written with the deployer's own credentials, straight to the
 * table: no route can do this, so there is no backdoor in the API. The person then signs in with
 * WeChat and confirms this phone number, which binds their WeChat to the account.
 */

export interface GrantAdminInput {
  phone: string;
  /** A unit id, or `city` for the whole city. */
  unit: string;
  /** Their display name; an existing account keeps its own when none is given. */
  name?: string | undefined;
}

export interface GrantAdminResult {
  userId: string;
  change: 'created' | 'updated' | 'unchanged';
  /** The units the account administers now. */
  units: string[];
  /** The unit's name (`全市` for the city). */
  unitName: string;
  /** Whether a WeChat account is already bound to the user (they have signed in). */
  bound: boolean;
  /** Whether the escalation index had to be written. */
  indexed: boolean;
}

/** Refusals the operator can act on: a bad phone, an unknown unit. */
export class GrantAdminError extends Error {
  override readonly name = 'GrantAdminError';
}

/** A name for an admin whose row gives none. */
const DEFAULT_ADMIN_NAME = '管理员';

/**
 * Makes the phone's account an admin of the unit. An admin keeps the units they had and gains this
 * one; anyone else (a grid worker, a new phone) becomes an admin of this unit only. Idempotent: run
 * again, it changes nothing and says so.
 */
export async function grantAdmin(input: GrantAdminInput, now: Date, by = 'grant-admin'): Promise<GrantAdminResult> {
  if (!MOBILE_PHONE.test(input.phone)) throw new GrantAdminError('--phone is a mainland mobile number of 11 digits (13812345678)');
  let unitName = '全市';
  if (input.unit !== CITY_SCOPE) {
    const unit = await getOrgUnit(input.unit);
    if (!unit) throw new GrantAdminError(`there is no unit ${input.unit} in the table: give a unit id of the imported city, or \`city\``);
    unitName = unit.name;
  }
  const existingId = await staffUserOfPhone(input.phone);
  const existing = existingId ? await getUser(existingId) : undefined;
  const units = existing?.role === 'admin' ? [...new Set([...existing.units, input.unit])] : [input.unit];
  const displayName = input.name ?? existing?.displayName ?? DEFAULT_ADMIN_NAME;
  const saved = await saveStaffAccount({ phone: input.phone, displayName, role: 'admin', units }, now, by);
  const indexed = await indexedAdmins(units.map((unitId) => ({ unitId, userId: saved.userId })));
  const missing = units.filter((unitId) => !indexed.has(`${unitId}/${saved.userId}`));
  if (missing.length > 0) await indexAdmin(saved.userId, missing, now);
  return {
    userId: saved.userId,
    change: saved.change,
    units,
    unitName,
    bound: (await openIdOf(saved.userId)) !== undefined,
    indexed: missing.length > 0,
  };
}
