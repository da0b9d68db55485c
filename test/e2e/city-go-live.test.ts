import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../scripts/city/cli';
import { readCityFolder } from '../../scripts/city/formats/folder';
import type { CityData, CityUnit } from '../../scripts/city/model';
import { useRuntime } from '../support/runtime';

/**
 * A city goes live as its operator would take it: a city folder on disk (made by `generate`),
 * `validate`, `import` into a data folder, then the backend started on that folder serves it. Its
 * staff have never opened the mini-program: each signs in with WeChat (the local stand-in) and
 * confirms their number with the phone-number button, and is then who the files said.
 */

const scratch = mkdtempSync(join(tmpdir(), 'city-go-live-'));
const cityDir = join(scratch, 'city');
const dataDir = join(scratch, 'data');
const quiet = { out: { write: () => true }, err: { write: () => true } };
let city: CityData;
let importCode: number | undefined;

// Before the runtime opens the data folder (hooks run in the order they are registered).
beforeAll(async () => {
  expect(await runCli(['generate', '--scale', 'demo', '--out', cityDir], quiet)).toBe(EXIT.ok);
  expect(await runCli(['validate', cityDir], quiet)).toBe(EXIT.ok);
  importCode = await runCli(['import', cityDir, '--data-dir', dataDir, '--quiet'], quiet);
  city = (await readCityFolder(cityDir)).city;
});
const { api, runtime } = useRuntime({ dataDir, wechatStandIn: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Signs in as a new WeChat user, then confirms `phone` with the phone-number button: the session it ends with. */
async function staffSignsIn(wxCode: string, phone: string) {
  const signedIn = await api<{ token: string }>('POST', '/auth/wechat', { body: { code: wxCode } });
  const bound = await api<{ token: string; bound: boolean; user: { id: string; role: string; units: string[] } }>('POST', '/auth/wechat/phone', {
    token: signedIn.body.token,
    body: { code: `phone:${phone}` },
  });
  expect(bound.status).toBe(200);
  return bound.body;
}

/** The middle of a unit's (rectangular) boundary. */
function middleOf(unit: CityUnit): { lat: number; lng: number } {
  const ring = unit.boundary!.coordinates[0]!;
  const lngs = ring.map((point) => point[0]!);
  const lats = ring.map((point) => point[1]!);
  return { lng: (Math.min(...lngs) + Math.max(...lngs)) / 2, lat: (Math.min(...lats) + Math.max(...lats)) / 2 };
}

describe('a city imported from its files, served by the local backend', () => {
  it('was imported without the demo data on top of it', () => {
    // Assess
    expect(importCode).toBe(EXIT.ok);
    expect(runtime().seeded).toBe(false);
  });

  it("lets a district's admin, bound by phone, list the district's subdistricts", async () => {
    // Prepare
    const district = city.units.find((unit) => unit.kind === 'district')!;
    const admin = city.staff.find((person) => person.role === 'admin' && person.units.includes(district.id))!;
    const session = await staffSignsIn('wx-district-admin', admin.phone);

    // Act
    const children = await api<{ items: { id: string; kind: string }[] }>('GET', `/org-units/${district.id}/children`, { token: session.token });

    // Assess
    expect(session).toMatchObject({ bound: true, user: { role: 'admin', units: [district.id] } });
    expect(children.status).toBe(200);
    const subdistricts = city.units.filter((unit) => unit.parentId === district.id).map((unit) => unit.id);
    expect(children.body.items.map((unit) => unit.id).sort()).toEqual(subdistricts.sort());
  });

  it("routes a resident's request located in an imported grid to that grid's imported worker, who sees it in their queue", async () => {
    // Prepare
    const grid = city.units.find((unit) => unit.kind === 'grid')!;
    const worker = city.staff.find((person) => person.role === 'grid_worker' && person.units.includes(grid.id))!;
    const resident = await api<{ token: string }>('POST', '/auth/wechat', { body: { code: 'wx-a-resident' } });

    // Act
    const submitted = await api<{ id: string; gridId: string; assigneeId: string }>('POST', '/requests', {
      token: resident.body.token,
      body: { categoryId: 'sanitation', description: '楼道里堆了很多杂物，影响通行', location: middleOf(grid) },
      headers: { 'idempotency-key': 'go-live-request-0001' },
    });
    const session = await staffSignsIn('wx-grid-worker', worker.phone);
    const queue = await api<{ items: { id: string }[] }>('GET', '/me/queue?status=submitted', { token: session.token });

    // Assess
    expect(submitted.status).toBe(201);
    expect(submitted.body.gridId).toBe(grid.id);
    expect(submitted.body.assigneeId).toBe(session.user.id);
    expect(session).toMatchObject({ bound: true, user: { role: 'grid_worker', units: [grid.id] } });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((request) => request.id)).toContain(submitted.body.id);
  });

  it('leaves someone whose number is in no file a resident', async () => {
    // Act
    const session = await staffSignsIn('wx-passer-by', '13900000000');

    // Assess
    expect(session).toMatchObject({ bound: false, user: { role: 'resident' } });
  });
});
