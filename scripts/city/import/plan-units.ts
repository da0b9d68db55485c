/** The plan of the units: each unit of the files as an org unit, placed under units of the files or the table, never moved. */
import type { OrgUnit } from '../../../shared/organisation/model';
import { type TableCity, unitRowOf } from '../export';
import { type CityProblem, type CityUnit, cityFiles } from '../model';
import { problemAt } from '../validate/rows';
import { type Change, changeOf, same } from './compare';

/** One unit's plan. */
export interface UnitPlan {
  unit: OrgUnit;
  existing?: OrgUnit;
  change: Change;
}

/** How deep each kind sits: units are planned and written top-down, parents first. */
export const depthOf: Record<OrgUnit['kind'], number> = { district: 0, subdistrict: 1, community: 2, grid: 3, micro_grid: 4 };

/** Each unit of the files as an org unit, with its ancestors from its parents, and what to do with it. */
export function planUnits(rows: readonly CityUnit[], table: TableCity, now: Date, by: string, problems: CityProblem[]): UnitPlan[] {
  const fromFiles = new Map(rows.map((row) => [row.id, row]));
  const ancestors = new Map<string, string[] | null>();
  /** The ancestors of a unit of the files or the table (null: its chain is broken, said once). */
  const ancestorsOf = (id: string, seen: Set<string>): string[] | null => {
    if (ancestors.has(id)) return ancestors.get(id)!;
    const row = fromFiles.get(id);
    const parentId = row ? row.parentId : (table.units.get(id)?.parentId ?? null);
    let found: string[] | null;
    if (!row && !table.units.has(id)) found = null;
    else if (parentId === null) found = [];
    else if (seen.has(parentId)) found = null;
    else {
      const above = ancestorsOf(parentId, new Set([...seen, id]));
      found = above && (fromFiles.has(parentId) || table.units.has(parentId)) ? [...above, parentId] : null;
    }
    ancestors.set(id, found);
    return found;
  };
  const planned: UnitPlan[] = [];
  for (const row of [...rows].sort((a, b) => depthOf[a.kind] - depthOf[b.kind])) {
    const existing = table.units.get(row.id);
    if (existing && existing.kind !== row.kind) {
      problems.push(problemAt(row, cityFiles.units, `unit ${row.id} is a ${existing.kind} in the table, not a ${row.kind}: a unit's kind never changes`));
      continue;
    }
    if (existing && existing.parentId !== row.parentId) {
      problems.push(
        problemAt(
          row,
          cityFiles.units,
          `unit ${row.id} is under ${existing.parentId ?? 'no parent'} in the table, not ${row.parentId ?? 'no parent'}: ` +
            'the import does not move units (the ancestors of everything below it, its requests and reports would be left behind); ' +
            `keep ${existing.parentId ?? 'no parent'} as its parent, or give the unit a new id`,
        ),
      );
      continue;
    }
    const chain = ancestorsOf(row.id, new Set());
    if (!chain) {
      problems.push(problemAt(row, cityFiles.units, `unit ${row.id}: its parent ${row.parentId ?? ''} is neither in the files nor in the table`));
      continue;
    }
    const unit: OrgUnit = {
      id: row.id,
      kind: row.kind,
      name: row.name,
      parentId: row.parentId,
      ancestors: chain,
      ...(row.boundary ? { boundary: row.boundary } : {}),
      ...(row.households !== undefined ? { households: row.households } : {}),
      createdAt: existing?.createdAt ?? now.toISOString(),
      createdBy: existing?.createdBy ?? by,
    };
    const change = changeOf(existing, (existing) => same(unitRowOf(existing), unitRowOf(unit)) && same(existing.ancestors, unit.ancestors));
    planned.push({ unit, ...(existing ? { existing } : {}), change });
  }
  return planned;
}
