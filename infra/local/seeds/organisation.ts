import { CITY_SCOPE } from '../../../shared/auth/identity';
import type { Member, OrgUnit, Polygon } from '../../../shared/organisation/model';
import type { User } from '../../../shared/users/model';

/** The demo organisation, its people and their memberships, as `npm start` seeds them on first start. */

/** A lng/lat box as a closed GeoJSON polygon. */
export const box = (west: number, south: number, east: number, north: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ],
});

/** When every demo item says it was made. */
export const seededAt = '2026-01-01T00:00:00.000Z';
const unit = (u: Omit<OrgUnit, 'createdAt' | 'createdBy'>): OrgUnit => ({ ...u, createdAt: seededAt, createdBy: 'seed' });

/**
 * The demo organisation, after the Nanjing example: Jianye district → Nanyuan subdistrict →
 * Lushan community (where a 宁小蜂 station runs) → three grids → micro-grids of ~100 households.
 */
export const demoUnits: OrgUnit[] = [
  unit({ id: 'jianye', kind: 'district', name: '建邺区', parentId: null, ancestors: [] }),
  unit({ id: 'nanyuan', kind: 'subdistrict', name: '南苑街道', parentId: 'jianye', ancestors: ['jianye'] }),
  unit({
    id: 'lushan',
    kind: 'community',
    name: '庐山社区',
    parentId: 'nanyuan',
    ancestors: ['jianye', 'nanyuan'],
    boundary: box(118.74, 31.998, 118.752, 32.008),
    households: 1400,
  }),
  ...[1, 2, 3].map((n) =>
    unit({
      id: `lushan-g${n}`,
      kind: 'grid',
      name: `庐山社区第${n}网格`,
      parentId: 'lushan',
      ancestors: ['jianye', 'nanyuan', 'lushan'],
      boundary: box(118.74 + (n - 1) * 0.004, 31.998, 118.74 + n * 0.004, 32.008),
      households: 450,
    }),
  ),
  ...[1, 2].map((m) =>
    unit({
      id: `lushan-g1-m${m}`,
      kind: 'micro_grid',
      name: `第1网格第${m}微网格`,
      parentId: 'lushan-g1',
      ancestors: ['jianye', 'nanyuan', 'lushan', 'lushan-g1'],
      boundary: box(118.74, 31.998 + (m - 1) * 0.005, 118.744, 31.998 + m * 0.005),
      households: 100,
    }),
  ),
];

const person = (u: Omit<User, 'createdAt' | 'stations'>): User => ({ stations: [], ...u, createdAt: seededAt });

/** One demo user of every role; sign in locally with `{"code":"dev:<id>"}`. */
export const demoUsers: User[] = [
  person({ id: 'demo-admin', displayName: '王主任（市级管理员）', role: 'admin', units: [CITY_SCOPE] }),
  person({ id: 'demo-grid-worker', displayName: '李网格员', role: 'grid_worker', units: ['lushan-g1'] }),
  person({ id: 'demo-volunteer', displayName: '张阿姨（微网格员）', role: 'volunteer', units: ['lushan-g1-m1'] }),
  person({ id: 'demo-resident', displayName: '陈先生（居民）', role: 'resident', units: [], homeGridId: 'lushan-g1' }),
  person({ id: 'demo-outdoor-worker', displayName: '刘师傅（环卫工人）', role: 'outdoor_worker', units: [] }),
  person({
    id: 'demo-station-manager',
    displayName: '周站长（宁小蜂驿站）',
    role: 'station_manager',
    // Runs the Lushan station: the station's own managers list says so (seeds/stations.ts).
    units: ['lushan'],
  }),
];

const membership = (unitId: string, userId: string, memberRole: Member['memberRole']): Member => ({
  unitId,
  userId,
  memberRole,
  joinedAt: seededAt,
  addedBy: 'seed',
});

/** The demo grid lushan-g1's WeCom robot webhook key (not a real robot). */
export const DEMO_WECOM_ROBOT_KEY = 'demo0000-lushan-g1-robot-key';

export const demoMembers: Member[] = [
  membership('lushan-g1', 'demo-grid-worker', 'grid_worker'),
  membership('lushan-g1-m1', 'demo-grid-worker', 'grid_worker'),
  membership('lushan-g1-m1', 'demo-volunteer', 'volunteer'),
  membership('lushan-g1', 'demo-resident', 'resident'),
];

