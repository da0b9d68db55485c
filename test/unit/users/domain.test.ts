import { describe, expect, it } from 'vitest';
import { isCityWide } from '../../../shared/auth/scope';
import { ProblemError } from '../../../shared/http/errors';
import { assertCanChange, assertCanSee, assertNotSelf, placesOf, placingUnitIdsOf, planRoleAssignment } from '../../../shared/users/domain';
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

const allUnits = unitMap(...Object.values(units));
/** A station in grid A1, as the stations' managers lists place a manager. */
const stationA = { id: 'station-a', ancestors: ['district-1', 'sub-1', 'community-a', 'grid-a1'] };
const stationB = { id: 'station-b', ancestors: ['district-1', 'sub-1', 'community-b', 'grid-b1'] };

describe('placingUnitIdsOf and placesOf', () => {
  it('lists the units of a role and the home grid, once each', () => {
    // Act
    const ids = placingUnitIdsOf({ units: ['grid-a1', 'grid-a2'], homeGridId: 'grid-a1' });

    // Assess
    expect(ids).toEqual(['grid-a1', 'grid-a2']);
  });

  it('places a person by their units, their home grid and the stations they run', () => {
    // Act
    const places = placesOf({ units: ['grid-a2'], homeGridId: 'grid-a1' }, allUnits, [stationB]);

    // Assess
    expect(places.map((place) => place.id)).toEqual(['grid-a2', 'grid-a1', 'station-b']);
  });

  it('makes the city scope and unknown unit ids places only city-wide admins reach', () => {
    // Act
    const places = placesOf({ units: ['city', 'no-such-unit'] }, allUnits, []);

    // Assess
    expect(() => assertCanSee(admins.subdistrict, places)).toThrow(ProblemError);
    expect(() => assertCanSee({ units: ['no-such-unit'] }, places)).toThrow(ProblemError);
    expect(() => assertCanSee(admins.city, places)).not.toThrow();
  });
});

describe('who an admin sees', () => {
  it('lets a community admin see a grid worker of one of its grids, and hides community B’s', () => {
    // Act & Assess
    expect(() => assertCanSee(admins.communityA, placesOf(people.workerA, allUnits, []))).not.toThrow();
    expect(problemOf(() => assertCanSee(admins.communityA, placesOf(people.workerB, allUnits, []))).status).toBe(404);
  });

  it('lets an admin see a user with one place in scope and one outside', () => {
    // Act & Assess
    expect(() => assertCanSee(admins.communityA, placesOf(people.workerAB, allUnits, []))).not.toThrow();
  });

  it('reaches a station manager through the stations they run', () => {
    // Prepare
    const manager = { ...people.newcomer, role: 'station_manager' as const };

    // Act & Assess
    expect(() => assertCanSee(admins.communityA, placesOf(manager, allUnits, [stationA]))).not.toThrow();
    expect(problemOf(() => assertCanSee(admins.communityB, placesOf(manager, allUnits, [stationA]))).status).toBe(404);
  });

  it('hides a user placed nowhere from everyone but city-wide admins', () => {
    // Act & Assess
    expect(problemOf(() => assertCanSee(admins.subdistrict, [])).status).toBe(404);
    expect(() => assertCanSee(admins.city, [])).not.toThrow();
    expect(isCityWide(admins.city)).toBe(true);
  });
});

describe('who an admin changes', () => {
  it('forbids an admin to change themselves', () => {
    // Act
    const problem = problemOf(() => assertCanChange(admins.communityA, people.adminA, placesOf(people.adminA, allUnits, [])));

    // Assess
    expect(problem.status).toBe(403);
    expect(() => assertNotSelf(admins.communityA, 'admin-a')).toThrow(ProblemError);
    expect(() => assertNotSelf(admins.communityA, 'worker-a')).not.toThrow();
  });

  it('answers 404 for a person placed nowhere, unless city-wide', () => {
    // Act & Assess
    expect(problemOf(() => assertCanChange(admins.communityA, people.newcomer, [])).status).toBe(404);
    expect(() => assertCanChange(admins.city, people.newcomer, [])).not.toThrow();
  });

  it('answers 404 when the person is placed partly outside the scope: units, home grid or a station', () => {
    // Act
    const partlyByUnits = problemOf(() => assertCanChange(admins.communityA, people.workerAB, placesOf(people.workerAB, allUnits, [])));
    const residentOfB = problemOf(() => assertCanChange(admins.communityA, people.residentB, placesOf(people.residentB, allUnits, [])));
    const runsBsStation = problemOf(() => assertCanChange(admins.communityA, people.residentA, placesOf(people.residentA, allUnits, [stationB])));

    // Assess
    expect([partlyByUnits.status, residentOfB.status, runsBsStation.status]).toEqual([404, 404, 404]);
  });

  it('lets a subdistrict admin change a person placed across its communities', () => {
    // Act & Assess
    expect(() => assertCanChange(admins.subdistrict, people.workerAB, placesOf(people.workerAB, allUnits, [stationA]))).not.toThrow();
  });

  it('keeps anyone but city-wide admins from changing a person whose stations could not all be read', () => {
    // Act & Assess
    expect(problemOf(() => assertCanChange(admins.communityA, people.workerA, placesOf(people.workerA, allUnits, []), false)).status).toBe(404);
    expect(() => assertCanChange(admins.city, people.workerA, [], false)).not.toThrow();
  });

  it('keeps community admins from demoting a city-wide admin', () => {
    // Act & Assess
    expect(problemOf(() => assertCanChange(admins.subdistrict, people.adminCity, placesOf(people.adminCity, allUnits, []))).status).toBe(404);
  });
});

describe('planRoleAssignment', () => {
  it('gives units the admin reaches, once each', () => {
    // Act
    const assignment = planRoleAssignment(admins.communityA, { role: 'grid_worker', units: ['grid-a1', 'grid-a1'] }, unitMap(units.gridA1));

    // Assess
    expect(assignment).toEqual({ role: 'grid_worker', units: ['grid-a1'] });
  });

  it('names every unit that does not exist as body.units.N', () => {
    // Act
    const problem = problemOf(() =>
      planRoleAssignment(admins.communityA, { role: 'grid_worker', units: ['grid-a1', 'no-such-grid', 'nor-this'] }, unitMap(units.gridA1)),
    );

    // Assess
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e) => e.field)).toEqual(['body.units.1', 'body.units.2']);
  });

  it('answers 404 for a unit the admin does not reach', () => {
    // Act
    const problem = problemOf(() => planRoleAssignment(admins.communityA, { role: 'grid_worker', units: ['grid-b1'] }, unitMap(units.gridB1)));

    // Assess
    expect(problem.status).toBe(404);
  });

  it('lets only a city-wide admin give the city scope', () => {
    // Prepare
    const request = { role: 'admin' as const, units: ['city'] };

    // Act
    const problem = problemOf(() => planRoleAssignment(admins.subdistrict, request, unitMap()));
    const assignment = planRoleAssignment(admins.city, request, unitMap());

    // Assess
    expect(problem.status).toBe(404);
    expect(assignment.units).toEqual(['city']);
  });
});
