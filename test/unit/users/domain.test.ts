import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../../shared/http/errors';
import {
  assertNotSelf,
  assertWithinScope,
  isCityWide,
  isWithinScope,
  placingUnitIdsOf,
  planRoleAssignment,
} from '../../../shared/users/domain';
import { admins, people, unitMap, units } from './fixtures';

/** The problem a function threw. */
function problemOf(act: () => unknown): ProblemError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemError);
    return error as ProblemError;
  }
  throw new Error('expected a ProblemError');
}

describe('placingUnitIdsOf', () => {
  it('lists the units of a role and the home grid, once each', () => {
    // Act
    const ids = placingUnitIdsOf({ units: ['grid-a1', 'grid-a2'], homeGridId: 'grid-a1' });

    // Assess
    expect(ids).toEqual(['grid-a1', 'grid-a2']);
  });

  it('leaves out the city scope, which is not a unit', () => {
    // Act
    const ids = placingUnitIdsOf({ units: ['city'] });

    // Assess
    expect(ids).toEqual([]);
  });
});

describe('isWithinScope', () => {
  it('lets a community admin see a grid worker of one of its grids', () => {
    // Act & Assess
    expect(isWithinScope(admins.communityA, [units.gridA1])).toBe(true);
  });

  it('hides a user of community B from the admin of community A', () => {
    // Act & Assess
    expect(isWithinScope(admins.communityA, [units.gridB1])).toBe(false);
  });

  it('lets an admin see a user with one unit in scope and one outside', () => {
    // Act & Assess
    expect(isWithinScope(admins.communityA, [units.gridA2, units.gridB1])).toBe(true);
  });

  it('lets a subdistrict admin see users of every community under it', () => {
    // Act & Assess
    expect(isWithinScope(admins.subdistrict, [units.gridA1])).toBe(true);
    expect(isWithinScope(admins.subdistrict, [units.gridB1])).toBe(true);
  });

  it('hides a user placed nowhere from everyone but city-wide admins', () => {
    // Act & Assess
    expect(isWithinScope(admins.subdistrict, [])).toBe(false);
    expect(isWithinScope(admins.city, [])).toBe(true);
    expect(isCityWide(admins.city)).toBe(true);
  });

  it('answers 404 for a user outside the scope', () => {
    // Act
    const problem = problemOf(() => assertWithinScope(admins.communityA, [units.gridB1]));

    // Assess
    expect(problem.status).toBe(404);
  });
});

describe('planRoleAssignment', () => {
  it('lets a community admin appoint a newcomer as grid worker of one of its grids', () => {
    // Act
    const assignment = planRoleAssignment(
      admins.communityA,
      people.newcomer,
      { role: 'grid_worker', units: ['grid-a1'], stations: [] },
      unitMap(units.gridA1),
    );

    // Assess
    expect(assignment).toEqual({ role: 'grid_worker', units: ['grid-a1'], stations: [] });
  });

  it('drops repeated units and stations', () => {
    // Act
    const assignment = planRoleAssignment(
      admins.communityA,
      people.workerA,
      { role: 'station_manager', units: ['grid-a1', 'grid-a1'], stations: ['s1', 's1'] },
      unitMap(units.gridA1),
    );

    // Assess
    expect(assignment).toEqual({ role: 'station_manager', units: ['grid-a1'], stations: ['s1'] });
  });

  it('forbids an admin to change their own role', () => {
    // Act
    const problem = problemOf(() =>
      planRoleAssignment(
        admins.communityA,
        people.adminA,
        { role: 'admin', units: ['city'], stations: [] },
        unitMap(units.communityA),
      ),
    );

    // Assess
    expect(problem.status).toBe(403);
    expect(() => assertNotSelf(admins.communityA, 'admin-a')).toThrow(ProblemError);
    expect(() => assertNotSelf(admins.communityA, 'worker-a')).not.toThrow();
  });

  it('names every unit that does not exist as body.units.N', () => {
    // Act
    const problem = problemOf(() =>
      planRoleAssignment(
        admins.communityA,
        people.newcomer,
        { role: 'grid_worker', units: ['grid-a1', 'no-such-grid', 'nor-this'], stations: [] },
        unitMap(units.gridA1),
      ),
    );

    // Assess
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e) => e.field)).toEqual(['body.units.1', 'body.units.2']);
  });

  it('answers 404 for a unit the admin does not reach', () => {
    // Act
    const problem = problemOf(() =>
      planRoleAssignment(
        admins.communityA,
        people.newcomer,
        { role: 'grid_worker', units: ['grid-b1'], stations: [] },
        unitMap(units.gridB1),
      ),
    );

    // Assess
    expect(problem.status).toBe(404);
  });

  it('lets only a city-wide admin give the city scope', () => {
    // Prepare
    const request = { role: 'admin' as const, units: ['city'], stations: [] };

    // Act
    const problem = problemOf(() => planRoleAssignment(admins.subdistrict, people.newcomer, request, unitMap()));
    const assignment = planRoleAssignment(admins.city, people.newcomer, request, unitMap());

    // Assess
    expect(problem.status).toBe(404);
    expect(assignment.units).toEqual(['city']);
  });

  it('answers 404 when the user holds units of another community', () => {
    // Act
    const problem = problemOf(() =>
      planRoleAssignment(
        admins.communityA,
        people.workerB,
        { role: 'resident', units: [], stations: [] },
        unitMap(units.gridB1),
      ),
    );

    // Assess
    expect(problem.status).toBe(404);
  });

  it('answers 404 when the user holds units partly outside the scope', () => {
    // Act
    const problem = problemOf(() =>
      planRoleAssignment(
        admins.communityA,
        people.workerAB,
        { role: 'grid_worker', units: ['grid-a2'], stations: [] },
        unitMap(units.gridA2, units.gridB1),
      ),
    );

    // Assess
    expect(problem.status).toBe(404);
  });

  it('keeps community admins from demoting a city-wide admin', () => {
    // Act
    const problem = problemOf(() =>
      planRoleAssignment(admins.subdistrict, people.adminCity, { role: 'resident', units: [], stations: [] }, unitMap()),
    );

    // Assess
    expect(problem.status).toBe(404);
  });

  it('lets a subdistrict admin move a grid worker between its communities', () => {
    // Act
    const assignment = planRoleAssignment(
      admins.subdistrict,
      people.workerAB,
      { role: 'grid_worker', units: ['grid-a1'], stations: [] },
      unitMap(units.gridA1, units.gridA2, units.gridB1),
    );

    // Assess
    expect(assignment.units).toEqual(['grid-a1']);
  });

  it('gives stations only to station managers', () => {
    // Act
    const problem = problemOf(() =>
      planRoleAssignment(
        admins.communityA,
        people.newcomer,
        { role: 'volunteer', units: ['grid-a1'], stations: ['station-1'] },
        unitMap(units.gridA1),
      ),
    );

    // Assess
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'body.stations' })]);
  });
});
