import { CITY_SCOPE, type Identity } from '../auth/identity';
import { assertReaches } from '../auth/scope';
import { fieldProblem } from '../http/errors';
import { TIME_ZONE } from '../time/local';
import { listCategoryNames } from './categories/repository';
import { type TallyByCategory, monthlyFigures } from './figures';
import type { MonthlyReport } from './report-model';
import { CITY_UNIT, type RollupUnit, gridTallies, parentTallies, readCityRollup, readGridRollup, readParentRollup } from './repository/rollups';
import { scopeUnitOf } from './scope';

/**
 * The monthly report of a grid, community, subdistrict, district or the whole city: one read of
 * the scope's rollup item (kept by the `request-rollups` consumer, see monthly-rollups.ts) — for
 * the city, which keeps no item, a Query of its districts and one BatchGetItem of their items —
 * and one of the category names, however many requests the month had.
 */

/**
 * The unit a monthly report is about: a grid, community, subdistrict or district within the
 * admin's scope, or `city`, the whole city, which only city-wide admins reach (404 for anyone else,
 * as for any unit beyond one's scope).
 */
export async function reportScopeOf(identity: Identity, scopeId: string): Promise<RollupUnit> {
  if (scopeId === CITY_SCOPE) {
    assertReaches(identity, { id: CITY_SCOPE, ancestors: [] });
    return CITY_UNIT;
  }
  const unit = await scopeUnitOf(identity, scopeId);
  if (unit.kind === 'micro_grid') throw fieldProblem('query.scope', 'a grid, community, subdistrict, district, or city');
  return { id: unit.id, kind: unit.kind, name: unit.name, parentId: unit.parentId ?? CITY_SCOPE };
}

/** A unit's tallies of a month, by category: a grid's contributions summed, or a parent's snapshots (the city's: its districts'). */
export async function talliesOfMonth(unit: RollupUnit, month: string): Promise<TallyByCategory> {
  if (unit.kind === 'grid') {
    const grid = await readGridRollup(unit.id, month);
    return grid ? gridTallies(grid) : new Map();
  }
  const parent = unit.kind === 'city' ? await readCityRollup(month) : await readParentRollup(unit.id, month);
  return parent ? parentTallies(parent) : new Map();
}

/** Category names by id, from the catalogue. */
export async function categoryNamesById(): Promise<Map<string, string>> {
  return new Map((await listCategoryNames()).map((category) => [category.id, category.name]));
}

/**
 * The monthly report of a unit within the admin's scope (or the city, for city-wide admins):
 * figures overall and by category, of the requests submitted in that Beijing month.
 */
export async function monthlyReportOf(identity: Identity, scopeId: string, month: string, now: Date): Promise<MonthlyReport> {
  const unit = await reportScopeOf(identity, scopeId);
  const [tallies, names] = await Promise.all([talliesOfMonth(unit, month), categoryNamesById()]);
  return {
    scope: { id: unit.id, kind: unit.kind, name: unit.name },
    month,
    timeZone: TIME_ZONE,
    ...monthlyFigures(tallies, (categoryId) => names.get(categoryId) ?? categoryId),
    generatedAt: now.toISOString(),
  };
}
