import { ProblemError } from '../http/errors';
import { CITY_SCOPE, type Identity } from './identity';

/**
 * Scope, as one rule (SECURITY.md has the table of roles × powers).
 *
 * Everything an admin or grid worker acts on is *placed* in the organisation: an org unit, or a
 * thing under one (a station under its grid, a request under its grid, a person under the units
 * that place them). A caller reaches a placed thing when one of their units is the thing itself or
 * one of its ancestors; the city-wide scope (`city`) reaches everything. Nothing else grants scope:
 * every feature asks these functions, and a refusal answers 404, so ids outside one's scope reveal
 * nothing.
 */

/** Something placed in the organisation: its id and the ids above it, from the district down. */
export interface Placed {
  id: string;
  ancestors: readonly string[];
}

/** Whether a caller's scope is the whole city. */
export const isCityWide = (identity: Pick<Identity, 'units'>): boolean => identity.units.includes(CITY_SCOPE);

/** Whether a caller's units reach a placed thing: the thing itself or one of its ancestors is in scope. */
export function reaches(identity: Pick<Identity, 'units'>, placed: Placed): boolean {
  if (isCityWide(identity)) return true;
  return identity.units.includes(placed.id) || placed.ancestors.some((id) => identity.units.includes(id));
}

/** Throws 404 (not 403: we do not confirm what exists outside someone's scope) unless the caller reaches it. */
export function assertReaches(identity: Pick<Identity, 'units'>, placed: Placed): void {
  if (!reaches(identity, placed)) throw new ProblemError('not_found');
}

/**
 * Whether an admin reaches a person, given the places that put the person in the organisation
 * (the units their role holds, their home grid, the grids of the stations they manage):
 * - to *see* them, one reached place is enough;
 * - to *change* them (role, scope, deactivation), every place must be reached, so no admin takes
 *   away what another, outside their scope, gave.
 * A person placed nowhere (a new WeChat user, an outdoor worker) is reached by city-wide admins only.
 */
export function reachesPerson(admin: Pick<Identity, 'units'>, places: readonly Placed[], purpose: 'see' | 'change'): boolean {
  if (isCityWide(admin)) return true;
  if (places.length === 0) return false;
  return purpose === 'see' ? places.some((place) => reaches(admin, place)) : places.every((place) => reaches(admin, place));
}
