import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DAY_MS,
  TIME_ZONE,
  addDays,
  instantAt,
  intlZoneClock,
  localTimeOf,
  processKeepsServiceZone,
  processZoneClock,
  zoneClockFor,
} from '../../../shared/time/local';

const HOUR_MS = 60 * 60_000;

/** Years the sweeps cover: China's daylight saving (1986–1991) and the service's own. */
const SPANS = [
  { from: '1985-01-01', to: '1993-01-01' },
  { from: '2024-01-01', to: '2028-01-01' },
];

/** Every hour of the spans, as instants. */
const everyHour = (): number[] =>
  SPANS.flatMap(({ from, to }) => {
    const instants: number[] = [];
    for (let ms = Date.parse(`${from}T00:00:00Z`); ms < Date.parse(`${to}T00:00:00Z`); ms += HOUR_MS) instants.push(ms);
    return instants;
  });

/** Every local date of the spans. */
const everyDate = (): string[] =>
  SPANS.flatMap(({ from, to }) => {
    const dates: string[] = [];
    for (let date = from; date < to; date = addDays(date, 1)) dates.push(date);
    return dates;
  });

/** Every minute of the 3 hours around each local month's first midnight (Beijing's offset, give or take its hour of daylight saving). */
const aroundMonthStarts = (): number[] =>
  everyDate()
    .filter((date) => date.endsWith('-01'))
    .flatMap((date) => {
      const midnight = Date.parse(`${date}T00:00:00+08:00`);
      return Array.from({ length: 181 }, (_, index) => midnight + (index - 90) * 60_000);
    });

/** The local dates whose length is not 24 hours, read through Intl: the days the clocks changed. */
const changeDays = (): string[] => {
  const intl = intlZoneClock(TIME_ZONE);
  return everyDate().filter((date) => intl.instantAt(date, 1440).getTime() - intl.instantAt(date, 0).getTime() !== DAY_MS);
};

const originalTz = process.env.TZ;
const restoreTz = () => {
  // Node applies an assignment (and a deletion) of process.env.TZ to the process's zone at once.
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
};

describe("the clock in a process whose zone is the service's (TZ=Asia/Shanghai, as deployed)", () => {
  beforeEach(() => {
    process.env.TZ = TIME_ZONE;
  });
  afterEach(restoreTz);

  it("reads local time through V8's Date, not an Intl formatter", () => {
    // Act
    const chosen = zoneClockFor(TIME_ZONE);
    // Assess
    expect(processKeepsServiceZone()).toBe(true);
    expect(chosen).toBe(processZoneClock);
  });

  it('reads the same local date, weekday and minute as Intl, every hour over years with daylight saving and every minute around month starts', () => {
    // Prepare
    const intl = intlZoneClock(TIME_ZONE);
    const instants = [...everyHour(), ...aroundMonthStarts()];
    // Act
    const differing = instants.filter((ms) => {
      const fast = processZoneClock.localTimeOf(ms);
      const slow = intl.localTimeOf(ms);
      return fast.date !== slow.date || fast.weekday !== slow.weekday || fast.minute !== slow.minute;
    });
    // Assess
    expect(instants.length).toBeGreaterThan(100_000);
    expect(differing.map((ms) => new Date(ms).toISOString())).toEqual([]);
  });

  it('finds the same instant of a local date and minute as Intl, every hour of every day and every minute of the days the clocks changed', () => {
    // Prepare
    const intl = intlZoneClock(TIME_ZONE);
    const changes = changeDays();
    const times = [
      ...everyDate().flatMap((date) => Array.from({ length: 25 }, (_, hour) => [date, hour * 60] as const)),
      ...changes.flatMap((date) => Array.from({ length: 1441 }, (_, minute) => [date, minute] as const)),
    ];
    // Act
    const differing = times.filter(([date, minute]) => processZoneClock.instantAt(date, minute).getTime() !== intl.instantAt(date, minute).getTime());
    // Assess: 1986–1991, a spring and an autumn change each year.
    expect(changes).toHaveLength(12);
    expect(differing.map(([date, minute]) => `${date} minute ${minute}`)).toEqual([]);
  });

  it("keeps the daylight saving of 1986–1991 on both paths (UTC+9 in the summer of 1988)", () => {
    // Prepare
    const summer = Date.UTC(1988, 6, 1, 0, 0);
    // Act
    const local = localTimeOf(summer);
    const back = instantAt('1988-07-01', 9 * 60);
    // Assess
    expect(local).toEqual({ date: '1988-07-01', weekday: 'fri', minute: 9 * 60 });
    expect(back.getTime()).toBe(summer);
    expect(intlZoneClock(TIME_ZONE).localTimeOf(summer)).toEqual(local);
  });
});

describe('the clock in a process whose zone is another', () => {
  beforeEach(() => {
    process.env.TZ = 'UTC';
  });
  afterEach(restoreTz);

  it('reads local time through Intl, and still in the service zone', () => {
    // Act
    const chosen = zoneClockFor(TIME_ZONE);
    const local = localTimeOf(Date.UTC(2026, 6, 1, 17, 31));
    // Assess
    expect(processKeepsServiceZone()).toBe(false);
    expect(chosen).toBe(intlZoneClock(TIME_ZONE));
    expect(local).toEqual({ date: '2026-07-02', weekday: 'thu', minute: 91 });
  });

  it('reads any other zone through Intl, even where the process is in the service zone', () => {
    // Prepare
    process.env.TZ = TIME_ZONE;
    // Act
    const chosen = zoneClockFor('Europe/Berlin');
    // Assess
    expect(chosen).toBe(intlZoneClock('Europe/Berlin'));
    expect(localTimeOf(Date.UTC(2026, 6, 1, 17, 32), 'Europe/Berlin')).toEqual({ date: '2026-07-01', weekday: 'wed', minute: 19 * 60 + 32 });
  });

  it('reads through Intl in a worker thread given TZ=Asia/Shanghai in its env, whose zone stays the process’s (the local bundle mode)', async () => {
    // Prepare: the clock bundled as a script a worker can run; this process in UTC.
    const { outputFiles } = await build({
      entryPoints: [new URL('../../../shared/time/local.ts', import.meta.url).pathname],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      write: false,
    });
    const script = `${outputFiles[0]!.text}
      const clock = module.exports;
      require('node:worker_threads').parentPort.postMessage({
        tz: process.env.TZ,
        offset: new Date(Date.UTC(1988, 6, 1)).getTimezoneOffset(),
        keeps: clock.processKeepsServiceZone(),
        local: clock.localTimeOf(Date.UTC(1988, 6, 1, 0, 0)),
      });`;
    // Act
    const answer = await new Promise((resolve, reject) => {
      const worker = new Worker(script, { eval: true, env: { TZ: TIME_ZONE } });
      worker.once('message', (message) => void worker.terminate().then(() => resolve(message)));
      worker.once('error', reject);
    });
    // Assess
    expect(answer).toEqual({ tz: TIME_ZONE, offset: 0, keeps: false, local: { date: '1988-07-01', weekday: 'fri', minute: 9 * 60 } });
  });
});
