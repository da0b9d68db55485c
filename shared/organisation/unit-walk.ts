import { MAX_PAGE_SIZE, encodeCursor } from '../http/pagination';
import { indexAttributes, organisationKeys as keys, tableDesign } from '../table/design';
import { queryPage } from '../table/query';
import type { OrgUnitKind } from './model';
import { orgUnitKinds } from './terms';

/**
 * Every unit of one kind under a unit or under the whole city (every grid of a district, the
 * city's 10,198 grids), a bounded page at a time: a depth-first walk of the tree on byParent whose
 * position is a cursor, so a job that visits them all (an announcement to every grid worker) can
 * stop after any of them and go on later, in another invocation, from exactly there.
 *
 * The position is the path from the root down to where the walk is: for each unit on it, where its
 * children's listing stands (at most five levels, a few hundred bytes). Above the kind sought the
 * walk lists one child at a time and goes down into it; at the level of that kind it lists up to a
 * page. Children are read in byParent's order (name#id) and only their id and kind (a projection,
 * so boundaries are not carried): a unit added behind the walk's position while it runs is
 * visited, one added before it is not, and none is visited twice.
 */

/** Where a walk starts: a unit, or the whole city (`kind: 'city'`, the districts' parent). */
export interface WalkRoot {
  id: string;
  kind: OrgUnitKind | 'city';
}

export interface UnitWalkPage {
  /** Units of the kind sought, in walk order, each with the walk's position right after it. */
  units: { id: string; next: string | undefined }[];
  /** Where the walk goes on after the last of them; absent when the walk is done. */
  next?: string;
}

export interface UnitWalkOptions {
  /** At most this many units are returned. */
  limit: number;
  /**
   * At most this many Queries are made (empty branches cost reads and find nothing): a page may
   * then hold fewer units than `limit`, even none, and still have a `next`.
   */
  maxReads: number;
  /** A `next` of an earlier page; absent to start. */
  cursor?: string | undefined;
}

/** One unit on the walk's path: its id (null: the city) and kind, and where its children's listing stands. */
interface Frame {
  unit: string | null;
  kind: OrgUnitKind | 'city';
  after?: string;
}

const depthOf = (kind: OrgUnitKind | 'city'): number => (kind === 'city' ? -1 : orgUnitKinds.indexOf(kind));
const childKindOf = (kind: OrgUnitKind | 'city'): OrgUnitKind | undefined => orgUnitKinds[depthOf(kind) + 1];

const [PARENT_KEY, PARENT_SORT] = indexAttributes('byParent');
/** What the walk reads of each child: its id and kind, and the keys its position is made of. */
const ATTRIBUTES = ['id', 'kind', tableDesign.partitionKey, tableDesign.sortKey, PARENT_KEY, PARENT_SORT];

/** The listing position right after a child (what queryPage's cursor would be had the page ended there). */
const positionAfter = (item: Record<string, unknown>): string =>
  encodeCursor({
    [tableDesign.partitionKey]: item[tableDesign.partitionKey],
    [tableDesign.sortKey]: item[tableDesign.sortKey],
    [PARENT_KEY]: item[PARENT_KEY],
    [PARENT_SORT]: item[PARENT_SORT],
  })!;

const encodeWalk = (path: readonly Frame[]): string =>
  Buffer.from(JSON.stringify(path.map((frame) => [frame.unit, frame.kind, frame.after ?? null]))).toString('base64url');

function decodeWalk(cursor: string): Frame[] {
  let frames: unknown;
  try {
    frames = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new Error('not a cursor of a unit walk');
  }
  const valid =
    Array.isArray(frames) &&
    frames.every(
      (frame) =>
        Array.isArray(frame) &&
        frame.length === 3 &&
        (frame[0] === null || typeof frame[0] === 'string') &&
        (frame[1] === 'city' || orgUnitKinds.includes(frame[1])) &&
        (frame[2] === null || typeof frame[2] === 'string'),
    );
  if (!valid) throw new Error('not a cursor of a unit walk');
  return (frames as [string | null, Frame['kind'], string | null][]).map(([unit, kind, after]) => ({ unit, kind, ...(after ? { after } : {}) }));
}

/**
 * The next units of `kind` under `root`, after `cursor`. A root of that very kind is its own only
 * unit; a root below it has none.
 */
export async function unitsUnder(root: WalkRoot, kind: OrgUnitKind, options: UnitWalkOptions): Promise<UnitWalkPage> {
  if (root.kind === kind) return { units: [{ id: root.id, next: undefined }] };
  if (depthOf(root.kind) > depthOf(kind)) return { units: [] };
  const path: Frame[] = options.cursor ? decodeWalk(options.cursor) : [{ unit: root.kind === 'city' ? null : root.id, kind: root.kind }];
  const units: UnitWalkPage['units'] = [];
  let reads = 0;
  while (path.length > 0 && units.length < options.limit && reads < options.maxReads) {
    const frame = path[path.length - 1]!;
    const collecting = childKindOf(frame.kind) === kind;
    const page = await queryPage({
      index: 'byParent',
      partition: keys.orgUnitChildren(frame.unit),
      // Above the kind sought, one child at a time: the walk goes down into each before the next.
      limit: collecting ? Math.min(MAX_PAGE_SIZE, options.limit - units.length) : 1,
      ...(frame.after ? { cursor: frame.after } : {}),
      attributes: ATTRIBUTES,
    });
    reads += 1;
    let descended = false;
    for (const item of page.items) {
      frame.after = positionAfter(item);
      const childKind = item.kind as OrgUnitKind;
      if (childKind === kind) {
        units.push({ id: item.id as string, next: encodeWalk(path) });
      } else if (depthOf(childKind) < depthOf(kind)) {
        path.push({ unit: item.id as string, kind: childKind });
        descended = true;
        break;
      }
    }
    if (!descended && !page.nextCursor) path.pop();
  }
  return { units, ...(path.length > 0 ? { next: encodeWalk(path) } : {}) };
}
