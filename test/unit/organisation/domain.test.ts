import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import { ProblemError } from '../../../shared/http/errors';
import { reaches } from '../../../shared/auth/scope';
import { planMembership, planNewUnit } from '../../../shared/organisation/domain';
import type { OrgUnit } from '../../../shared/organisation/model';
import { demoUnits } from '../../../infra/local/seeds/organisation';

const unit = (id: string): OrgUnit => demoUnits.find((candidate) => candidate.id === id)!;
const admin = (units: string[]): Identity => ({ userId: 'a', role: 'admin', units });
const now = new Date('2026-11-25T00:00:00.000Z');

const statusOf = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    return (error as ProblemError).status;
  }
  return undefined;
};

describe('reaches', () => {
  it('lets an admin reach their unit and everything beneath it, and nothing beside it', () => {
    const communityAdmin = admin(['lushan']);
    expect(reaches(communityAdmin, unit('lushan'))).toBe(true);
    expect(reaches(communityAdmin, unit('lushan-g1-m2'))).toBe(true);
    expect(reaches(communityAdmin, unit('nanyuan'))).toBe(false);
  });

  it('lets a city-wide admin reach every unit', () => {
    expect(reaches(admin(['city']), unit('jianye'))).toBe(true);
  });
});

describe('planNewUnit', () => {
  it('places a grid under a community, with the community and its ancestors as ancestors', () => {
    // Act
    const grid = planNewUnit(admin(['lushan']), { id: 'g9', kind: 'grid', name: '第9网格' }, unit('lushan'), now);
    // Assess
    expect(grid).toMatchObject({ parentId: 'lushan', ancestors: ['jianye', 'nanyuan', 'lushan'], createdBy: 'a' });
  });

  it('refuses a unit under a parent of the wrong kind', () => {
    expect(statusOf(() => planNewUnit(admin(['city']), { id: 'x', kind: 'grid', name: 'x' }, unit('nanyuan'), now))).toBe(400);
  });

  it('refuses a unit under a parent outside the admin’s scope as if the parent did not exist', () => {
    const otherAdmin = admin(['some-other-community']);
    expect(statusOf(() => planNewUnit(otherAdmin, { id: 'x', kind: 'grid', name: 'x' }, unit('lushan'), now))).toBe(404);
  });

  it('lets only city-wide admins create districts', () => {
    expect(statusOf(() => planNewUnit(admin(['jianye']), { id: 'x', kind: 'district', name: 'x' }, null, now))).toBe(403);
    expect(planNewUnit(admin(['city']), { id: 'x', kind: 'district', name: '秦淮区' }, null, now).ancestors).toEqual([]);
  });
});

describe('planMembership', () => {
  const gridWorker: Identity = { userId: 'gw', role: 'grid_worker', units: ['lushan-g1'] };

  it('lets a grid worker add a volunteer to a micro-grid of their grid', () => {
    const member = planMembership(gridWorker, unit('lushan-g1-m2'), 'v1', 'volunteer', now);
    expect(member).toMatchObject({ unitId: 'lushan-g1-m2', userId: 'v1', addedBy: 'gw' });
  });

  it('keeps the appointment of grid workers to admins', () => {
    expect(statusOf(() => planMembership(gridWorker, unit('lushan-g1'), 'x', 'grid_worker', now))).toBe(403);
  });

  it('refuses members on a community, which has none of its own', () => {
    expect(statusOf(() => planMembership(admin(['city']), unit('lushan'), 'x', 'volunteer', now))).toBe(400);
  });

  it('hides another grid from a grid worker', () => {
    expect(statusOf(() => planMembership(gridWorker, unit('lushan-g2'), 'x', 'volunteer', now))).toBe(404);
  });
});
