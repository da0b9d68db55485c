import type { Identity } from '../auth/identity';
import { ProblemError } from '../http/errors';
import { TIME_ZONE } from '../time/local';
import { listCategoryNames } from './categories/repository';
import type { TallyByCategory } from './figures';
import type { GridTable } from './report-model';
import { type ParentRollup, type RollupUnit, gridTallies, readDistrictRollups, readGridRollup, readParentRollup, readParentRollups } from './repository/rollups';
import { reportScopeOf } from './monthly-report';

/**
 * The ten-category table per grid (the 小栖 monthly database: rows the grids, columns the
 * categories' counts), as JSON and as CSV for Excel. Read from the rollups, never the requests: a
 * grid's row from its own item, a community's rows from its item (a snapshot per grid), and a
 * subdistrict's, district's or the city's from the community items below it, found level by level
 * through each item's children (BatchGetItem, 100 a call). The city keeps no item (see
 * repository/rollups.ts): its table starts from its districts' items, read in one BatchGetItem.
 */

/**
 * At most this many units are read at one level of a table (else 400 `search_too_broad`): the
 * generated Nanjing's city table reads 12 + 101 + 1,200 items (its districts, subdistricts and
 * communities; about 0.7 KB a grid in a community item, some 7 MB in all).
 */
export const MAX_TABLE_COMMUNITIES = 2_000;

type Row = GridTable['rows'][number] & { tallies: TallyByCategory };

const rowsOfCommunity = (community: ParentRollup): Row[] =>
  [...community.children].map(([gridId, snapshot]) => ({
    gridId,
    gridName: snapshot.name,
    communityId: community.unit.id,
    communityName: community.unit.name,
    counts: [],
    total: 0,
    tallies: snapshot.tallies,
  }));

/** The community items under `top`, from `level` (its items of one kind: its own, or the city's districts') down, one level of children at a time. */
async function communitiesUnder(top: RollupUnit, level: readonly ParentRollup[], month: string): Promise<readonly ParentRollup[]> {
  while (level.length > 0 && level[0]!.unit.kind !== 'community') {
    const childIds = level.flatMap((parent) => [...parent.children.keys()]);
    if (childIds.length > MAX_TABLE_COMMUNITIES) {
      throw new ProblemError('search_too_broad', `more than ${MAX_TABLE_COMMUNITIES} units below ${top.id}: ask for a district or a subdistrict`);
    }
    level = await readParentRollups(childIds, month);
  }
  return level;
}

async function rowsOf(unit: RollupUnit, month: string): Promise<Row[]> {
  if (unit.kind === 'grid') {
    const grid = await readGridRollup(unit.id, month);
    if (!grid) return [];
    const community = grid.chain[1];
    return [{ gridId: unit.id, gridName: grid.chain[0].name, communityId: community?.id ?? '', communityName: community?.name ?? '', counts: [], total: 0, tallies: gridTallies(grid) }];
  }
  // The city keeps no item: its table starts from its districts' items (one BatchGetItem), which
  // readCityRollup would read only to sum them.
  const top = unit.kind === 'city' ? await readDistrictRollups(month) : await readParentRollup(unit.id, month).then((item) => (item ? [item] : []));
  return (await communitiesUnder(unit, top, month)).flatMap(rowsOfCommunity);
}

/**
 * The table of a unit within the admin's scope (or the city, for city-wide admins): a row per grid
 * with requests submitted that Beijing month, grouped by community; a column per category, the
 * catalogue's first in its order.
 */
export async function monthlyGridTableOf(identity: Identity, scopeId: string, month: string, now: Date): Promise<GridTable> {
  const unit = await reportScopeOf(identity, scopeId);
  const [rows, catalogue] = await Promise.all([rowsOf(unit, month), listCategoryNames()]);
  const listed = new Set(catalogue.map((category) => category.id));
  const unlisted = [...new Set(rows.flatMap((row) => [...row.tallies.keys()]))].filter((id) => !listed.has(id)).sort();
  const categories = [...catalogue, ...unlisted.map((id) => ({ id, name: id }))];
  const counted = rows
    .map(({ tallies, ...row }) => {
      const counts = categories.map((category) => tallies.get(category.id)?.total ?? 0);
      return { ...row, counts, total: counts.reduce((sum, n) => sum + n, 0) };
    })
    .filter((row) => row.total > 0)
    .sort((a, b) => a.communityId.localeCompare(b.communityId) || a.gridId.localeCompare(b.gridId));
  const totals = categories.map((_, column) => counted.reduce((sum, row) => sum + row.counts[column]!, 0));
  return {
    scope: { id: unit.id, kind: unit.kind, name: unit.name },
    month,
    timeZone: TIME_ZONE,
    categories,
    rows: counted,
    totals,
    total: totals.reduce((sum, n) => sum + n, 0),
    generatedAt: now.toISOString(),
  };
}

/** A CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ is kept from being a formula. */
function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The table as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Chinese as
 * mojibake), CRLF line ends, a header row in Chinese, a row per grid, and a total row.
 */
export function gridTableCsv(table: GridTable): string {
  const lines = [
    ['网格编号', '网格', '社区编号', '社区', ...table.categories.map((category) => category.name), '合计'],
    ...table.rows.map((row) => [row.gridId, row.gridName, row.communityId, row.communityName, ...row.counts, row.total]),
    ['合计', '', '', '', ...table.totals, table.total],
  ];
  return `\uFEFF${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}
