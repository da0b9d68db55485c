import type { Identity } from '../auth/identity';
import { assertReaches } from '../auth/scope';
import { fieldProblem, notFound } from '../http/errors';
import { getMember, getOrgUnit, listGridWorkers } from '../organisation/repository';
import { getUser } from '../users/repository';
import { findGridAt } from './grid-cells';
import type { Request } from './model';
import type { RoutedGrid } from './submission';

/**
 * Who a request goes to: on submission, the grid containing its location (grid-cells.ts), else the
 * resident's home grid, and within the grid its on-duty grid worker; on reassignment, the grid and
 * grid worker an admin names.
 */

/** Where a submission goes: the grid containing its location, else the resident's home grid. */
export async function routeSubmission(
  identity: Identity,
  location: { lat: number; lng: number } | undefined,
): Promise<{ grid: RoutedGrid; routedBy: Request['routedBy'] }> {
  if (location) {
    const grid = await findGridAt(location);
    if (!grid) throw fieldProblem('body.location', 'this place is not inside any grid we serve', 'outside_grids');
    return { grid, routedBy: 'location' };
  }
  const homeGridId = (await getUser(identity.userId))?.homeGridId;
  const home = homeGridId ? await getOrgUnit(homeGridId) : undefined;
  if (!home) throw fieldProblem('body.location', 'send a location: you have no home grid to send it to', 'required');
  return { grid: { id: home.id, ancestors: home.ancestors }, routedBy: 'home-grid' };
}

/**
 * The grid's on-duty worker: its member with member role `grid_worker` (the first by user id), if
 * any. One Query of one item on the grid's workers (byPlace, kept on the membership items), so a
 * submission costs the same however many residents the grid has.
 */
export async function onDutyWorkerOf(gridId: string): Promise<string | null> {
  const [worker] = await listGridWorkers(gridId, 1);
  return worker ?? null;
}

/**
 * The grid a request is reassigned to, checked: a grid within the admin's scope (404 otherwise) of
 * which the new assignee is a grid worker (400 otherwise).
 */
export async function reassignmentTarget(identity: Identity, gridId: string, assigneeId: string): Promise<RoutedGrid> {
  const grid = await getOrgUnit(gridId);
  if (!grid || grid.kind !== 'grid') throw notFound(`grid ${gridId}`);
  assertReaches(identity, grid);
  const member = await getMember(grid.id, assigneeId);
  if (member?.memberRole !== 'grid_worker') {
    throw fieldProblem('body.assigneeId', `${assigneeId} is not a grid worker of ${grid.id}`, 'not_a_grid_worker');
  }
  return { id: grid.id, ancestors: grid.ancestors };
}
