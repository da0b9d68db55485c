/**
 * Issue 12, part 3: an announcement to every grid worker of the city. The generated Nanjing's
 * units down to its 10,198 grids and the memberships of its 11,220 grid workers (a second worker
 * in 1,022 grids) are written straight through the organisation repository (no boundaries, no
 * micro-grids, no staff accounts: the delivery reads none of them); then a city-wide admin
 * announces over HTTP and the backend delivers it as deployed — the `announcement-delivery`
 * consumer, one bounded batch per event through the local bus — until it reads `sent`. Then the
 * delivery is started again from the start (`restartDelivery`) and must write nothing new.
 */
import { type Runtime, startRuntime } from '../infra/local/runtime';
import { mapLimit } from '../shared/concurrency';
import { BATCH_LIMITS } from '../shared/notifications/announcements-delivery';
import { getAnnouncement, restartDelivery } from '../shared/notifications/announcements-store';
import { countUnread } from '../shared/notifications/inbox';
import type { Member, OrgUnit } from '../shared/organisation/model';
import { createOrgUnit, saveMember } from '../shared/organisation/repository';
import { saveUser } from '../shared/users/repository';
import { generateCity } from '../scripts/city/generate';
import type { Bench, BenchRow } from './types';

const ADMIN = 'bench-city-admin';
const WRITES_IN_FLIGHT = 32;
const round = (value: number) => Math.round(value * 100) / 100;

/** The generated Nanjing's units down to grids and its grid workers' memberships, written directly. */
async function writeCity(): Promise<{ grids: number; gridWorkers: string[]; seconds: number }> {
  const started = performance.now();
  const city = generateCity({ scale: 'nanjing' });
  const now = new Date().toISOString();
  const byId = new Map<string, OrgUnit>();
  const levels = ['district', 'subdistrict', 'community', 'grid'] as const;
  for (const kind of levels) {
    const units = city.units
      .filter((unit) => unit.kind === kind)
      .map((unit): OrgUnit => {
        const parent = unit.parentId ? byId.get(unit.parentId) : undefined;
        const made: OrgUnit = {
          id: unit.id,
          kind: unit.kind,
          name: unit.name,
          parentId: unit.parentId,
          ancestors: parent ? [...parent.ancestors, parent.id] : [],
          createdAt: now,
          createdBy: 'bench',
        };
        byId.set(made.id, made);
        return made;
      });
    await mapLimit(units, WRITES_IN_FLIGHT, (unit) => createOrgUnit(unit, []));
  }
  const members: Member[] = city.staff
    .filter((staff) => staff.role === 'grid_worker')
    .flatMap((staff) => staff.units.map((unitId) => ({ unitId, userId: `gw-${staff.phone}`, memberRole: 'grid_worker' as const, joinedAt: now, addedBy: 'bench' })));
  await mapLimit(members, WRITES_IN_FLIGHT, (member) => saveMember(member, []));
  return {
    grids: city.units.filter((unit) => unit.kind === 'grid').length,
    gridWorkers: [...new Set(members.map((member) => member.userId))],
    seconds: (performance.now() - started) / 1000,
  };
}

async function api(runtime: Runtime, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Waits for the bus to deliver every batch, then reads the announcement over HTTP. */
async function untilSent(runtime: Runtime, token: string, id: string) {
  for (;;) {
    await runtime.bus.idle();
    const read = await api(runtime, 'GET', `/announcements/${id}`, token);
    if (read.status !== 200) throw new Error(`GET /announcements/${id}: ${read.status} ${JSON.stringify(read.body)}`);
    if (read.body.status === 'sent') return read.body;
  }
}

export const bench: Bench = async () => {
  const runtime = await startRuntime({ port: 0, timers: false, seed: false, separateEngineProcess: true });
  try {
    const city = await writeCity();
    await saveUser({ id: ADMIN, displayName: '全市管理员', role: 'admin', units: ['city'], stations: [], createdAt: new Date().toISOString() });
    const signIn = await api(runtime, 'POST', '/auth/wechat', undefined, { code: `dev:${ADMIN}` });
    const token = signIn.body.token as string;

    const started = performance.now();
    const made = await api(runtime, 'POST', '/announcements', token, { title: '全市网格员通知', body: '请各网格员于本周内完成辖区安全隐患排查。', scope: 'city', audience: 'grid_workers' });
    if (made.status !== 202) throw new Error(`POST /announcements: ${made.status} ${JSON.stringify(made.body)}`);
    const sent = await untilSent(runtime, token, made.body.id);
    const seconds = (performance.now() - started) / 1000;
    if (sent.progress.recipientsWritten !== city.gridWorkers.length || sent.progress.unitsDone !== city.grids) {
      throw new Error(`sent to ${sent.progress.recipientsWritten} of ${city.gridWorkers.length} grid workers, ${sent.progress.unitsDone} of ${city.grids} grids`);
    }
    // Each grid worker has exactly one unread item: this announcement's.
    const unread = await mapLimit(city.gridWorkers, WRITES_IN_FLIGHT, (userId) => countUnread(userId, new Date()));
    const notOne = unread.filter((count) => count !== 1).length;
    if (notOne > 0) throw new Error(`${notOne} grid workers have not exactly one inbox item`);

    const rerunStarted = performance.now();
    if (!(await restartDelivery((await getAnnouncement(made.body.id))!, new Date()))) throw new Error('the delivery could not be started again');
    const rerun = await untilSent(runtime, token, made.body.id);
    const rerunSeconds = (performance.now() - rerunStarted) / 1000;
    const rerunWritten = rerun.progress.recipientsWritten - sent.progress.recipientsWritten;
    if (rerunWritten !== 0 || rerun.progress.unitsDone !== city.grids) throw new Error(`the re-run wrote ${rerunWritten} items over ${rerun.progress.unitsDone} grids`);

    const items = sent.progress.recipientsWritten as number;
    const limits = `batches of ≤ ${BATCH_LIMITS.units} grids / ≤ ${BATCH_LIMITS.recipients.toLocaleString('en')} people, one consumer invocation each`;
    return [
      { name: 'city setup: units to grids + grid-worker memberships', value: round(city.seconds), unit: 's', note: `${city.grids.toLocaleString('en')} grids, ${city.gridWorkers.length.toLocaleString('en')} grid workers, written through the repository` },
      { name: 'announcement to every grid worker: POST to sent', value: round(seconds), unit: 's', note: `${sent.progress.batches} batches (${limits})` },
      { name: 'announcement: inbox items written', value: items, unit: 'items', note: `${city.gridWorkers.length.toLocaleString('en')} grid workers, each exactly one unread item (checked)` },
      { name: 'announcement: items per second', value: Math.round(items / seconds), unit: 'items/s', note: 'local engine in its own process, consumer in process, bus in memory' },
      { name: 'announcement re-run from the start: items written', value: rerunWritten, unit: 'items', note: `${rerun.progress.batches} batches over ${rerun.progress.unitsDone.toLocaleString('en')} grids in ${round(rerunSeconds)} s` },
    ] satisfies BenchRow[];
  } finally {
    await runtime.close();
  }
};
