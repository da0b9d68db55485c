import type { Identity } from '../../../shared/auth/identity';
import type { OrgUnit } from '../../../shared/organisation/model';
import type { User } from '../../../shared/users/model';

/** A unit fixture; `ancestors` from the district down. */
export const unit = (id: string, kind: OrgUnit['kind'], ancestors: string[]): OrgUnit => ({
  id,
  kind,
  name: id,
  parentId: ancestors[ancestors.length - 1] ?? null,
  ancestors,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'seed',
});

/** Two communities A and B in one subdistrict, a grid in each. */
export const units = {
  district: unit('district-1', 'district', []),
  subdistrict: unit('sub-1', 'subdistrict', ['district-1']),
  communityA: unit('community-a', 'community', ['district-1', 'sub-1']),
  communityB: unit('community-b', 'community', ['district-1', 'sub-1']),
  gridA1: unit('grid-a1', 'grid', ['district-1', 'sub-1', 'community-a']),
  gridA2: unit('grid-a2', 'grid', ['district-1', 'sub-1', 'community-a']),
  gridB1: unit('grid-b1', 'grid', ['district-1', 'sub-1', 'community-b']),
};

export const admins = {
  communityA: { userId: 'admin-a', role: 'admin', units: ['community-a'] } satisfies Identity,
  communityB: { userId: 'admin-b', role: 'admin', units: ['community-b'] } satisfies Identity,
  subdistrict: { userId: 'admin-sub', role: 'admin', units: ['sub-1'] } satisfies Identity,
  city: { userId: 'admin-city', role: 'admin', units: ['city'] } satisfies Identity,
};

const user = (id: string, fields: Partial<User>): User => ({
  id,
  displayName: id,
  role: 'resident',
  units: [],
  stations: [],
  createdAt: '2026-01-02T00:00:00.000Z',
  // What every profile the API shows says when the person never chose: Chinese.
  language: 'zh',
  ...fields,
});

export const people = {
  workerA: user('worker-a', { role: 'grid_worker', units: ['grid-a1'] }),
  workerB: user('worker-b', { role: 'grid_worker', units: ['grid-b1'] }),
  workerAB: user('worker-ab', { role: 'grid_worker', units: ['grid-a2', 'grid-b1'] }),
  residentA: user('resident-a', { homeGridId: 'grid-a1' }),
  residentB: user('resident-b', { homeGridId: 'grid-b1' }),
  newcomer: user('newcomer', {}),
  adminA: user('admin-a', { role: 'admin', units: ['community-a'] }),
  adminB: user('admin-b', { role: 'admin', units: ['community-b'] }),
  adminCity: user('admin-city', { role: 'admin', units: ['city'] }),
};

export const unitMap = (...list: OrgUnit[]) => new Map(list.map((u) => [u.id, u]));
