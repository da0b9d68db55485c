import { mapLimit } from '../../shared/concurrency';
import type { Member, OrgUnit, OrgUnitKind } from '../../shared/organisation/model';
import { createOrgUnit, saveMember } from '../../shared/organisation/repository';

/**
 * A made-up city written straight through the organisation repository (no events, no boundaries):
 * `districts` × `subdistricts` × `communities` × `grids`, each grid with one grid worker, a second
 * one in every `secondWorkerEvery`-th grid, and a few workers who also serve the grid `sharedAcross`
 * grids further on (a worker of two grids). Also what a walk must step over: a subdistrict with no
 * community, a community with no grid, micro-grids under the first grid (with a grid worker), and a
 * resident and a volunteer in grids (not grid workers). Ids start with `prefix`, so two cities can
 * share a table.
 */
export interface SmallCityShape {
  prefix: string;
  districts: number;
  subdistricts: number;
  communities: number;
  grids: number;
  secondWorkerEvery: number;
  /** How many workers also serve another grid, and how far on (in grids) that grid is. */
  sharedWorkers: number;
  sharedAcross: number;
}

export interface SmallCity {
  districts: string[];
  grids: string[];
  /** Each grid's grid workers. */
  workersOf: Map<string, string[]>;
  /** Every grid worker of a grid, each once. */
  gridWorkers: string[];
  /** Grid workers of the grids under a unit, each once. */
  gridWorkersUnder: (unitId: string) => string[];
}

const NOW = '2026-08-01T02:00:00.000Z';

export async function buildSmallCity(shape: SmallCityShape): Promise<SmallCity> {
  const units: OrgUnit[] = [];
  const unit = (id: string, kind: OrgUnitKind, parent: OrgUnit | null, name = id): OrgUnit => {
    const made: OrgUnit = {
      id,
      kind,
      name,
      parentId: parent?.id ?? null,
      ancestors: parent ? [...parent.ancestors, parent.id] : [],
      createdAt: NOW,
      createdBy: 'test',
    };
    units.push(made);
    return made;
  };
  const grids: OrgUnit[] = [];
  const two = (n: number) => String(n).padStart(2, '0');
  for (let d = 1; d <= shape.districts; d += 1) {
    const district = unit(`${shape.prefix}-d${two(d)}`, 'district', null);
    for (let s = 1; s <= shape.subdistricts; s += 1) {
      const subdistrict = unit(`${district.id}-s${two(s)}`, 'subdistrict', district);
      for (let c = 1; c <= shape.communities; c += 1) {
        const community = unit(`${subdistrict.id}-c${two(c)}`, 'community', subdistrict);
        for (let g = 1; g <= shape.grids; g += 1) grids.push(unit(`${community.id}-g${two(g)}`, 'grid', community));
      }
    }
    // Branches with nothing to find, named to sort first and among the others: a subdistrict with
    // no community, and one whose only community has no grid.
    unit(`${district.id}-s99`, 'subdistrict', district, `${district.id}-s01a`);
    unit(`${district.id}-s98-c01`, 'community', unit(`${district.id}-s98`, 'subdistrict', district, `${district.id}-s00`));
  }
  const micro = [unit(`${grids[0]!.id}-m1`, 'micro_grid', grids[0]!), unit(`${grids[0]!.id}-m2`, 'micro_grid', grids[0]!)];

  const workersOf = new Map<string, string[]>(grids.map((grid) => [grid.id, []]));
  const members: Member[] = [];
  const member = (unitId: string, userId: string, memberRole: Member['memberRole']) =>
    members.push({ unitId, userId, memberRole, joinedAt: NOW, addedBy: 'test' });
  grids.forEach((grid, index) => {
    const first = `${grid.id}-w1`;
    member(grid.id, first, 'grid_worker');
    workersOf.get(grid.id)!.push(first);
    if (index % shape.secondWorkerEvery === 0) {
      member(grid.id, `${grid.id}-w2`, 'grid_worker');
      workersOf.get(grid.id)!.push(`${grid.id}-w2`);
    }
    if (index % 7 === 3) member(grid.id, `${grid.id}-resident`, 'resident');
  });
  for (let n = 0; n < shape.sharedWorkers; n += 1) {
    const from = grids[(n * 13) % grids.length]!;
    const to = grids[((n * 13) % grids.length + shape.sharedAcross) % grids.length]!;
    const worker = `${from.id}-w1`;
    if (!workersOf.get(to.id)!.includes(worker)) {
      member(to.id, worker, 'grid_worker');
      workersOf.get(to.id)!.push(worker);
    }
  }
  member(micro[0]!.id, `${grids[0]!.id}-w1`, 'grid_worker');
  member(micro[0]!.id, `${grids[0]!.id}-volunteer`, 'volunteer');

  // Parents before children: each level written before the next.
  for (const kind of ['district', 'subdistrict', 'community', 'grid', 'micro_grid'] as const) {
    await mapLimit(units.filter((u) => u.kind === kind), 16, (u) => createOrgUnit(u, []));
  }
  await mapLimit(members, 16, (m) => saveMember(m, []));

  const under = (unitId: string) => grids.filter((grid) => grid.id === unitId || grid.ancestors.includes(unitId));
  const gridWorkersUnder = (unitId: string) => [...new Set(under(unitId).flatMap((grid) => workersOf.get(grid.id)!))];
  return {
    districts: units.filter((u) => u.kind === 'district').map((u) => u.id),
    grids: grids.map((grid) => grid.id),
    workersOf,
    gridWorkers: [...new Set(grids.flatMap((grid) => workersOf.get(grid.id)!))],
    gridWorkersUnder,
  };
}
