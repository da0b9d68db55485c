/**
 * Issue 5's figures, on an in-memory runtime through the sign-up use case (shared/shifts/sign-ups.ts:
 * claim on the volunteer's day, then the seat on the shift): (a) a burst of concurrent sign-ups for a few seats, until every
 * one is settled (seated or waitlisted); (b) sequential sign-ups; (c) a micro-grid's monthly hours
 * from the log (a Query, summed on read).
 */
import { startRuntime } from '../infra/local/runtime';
import { saveMember } from '../shared/organisation/repository';
import { hoursEntryOf, summariseUnitHours } from '../shared/shifts/domain/hours';
import { planShift } from '../shared/shifts/domain/shift';
import { hoursOfMicroGrid, putHoursEntry } from '../shared/shifts/repository/hours';
import { createShift } from '../shared/shifts/repository/shifts';
import { signUp } from '../shared/shifts/sign-ups';
import { addDays, instantAt } from '../shared/time/local';
import type { Bench, BenchRow } from './types';

const BURST = Number(process.env.BENCH_SHIFT_BURST ?? 200);
const SEATS = 20;
const SEQUENTIAL = Number(process.env.BENCH_SHIFT_SEQUENTIAL ?? 100);
const LOG_LINES = 600;
const MICRO_GRID = 'lushan-g1-m1';
const NOW = new Date('2030-01-01T00:00:00.000Z');
/** A local date's clock time as stored (an ISO instant). */
const storedAt = (date: string, minute: number) => instantAt(date, minute).toISOString();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (value: number) => Math.round(value * 10) / 10;

let counter = 0;
async function aShift(date: string, headcount: number) {
  counter += 1;
  const shift = planShift(
    {
      id: `bench-shift-${counter}`,
      microGridId: MICRO_GRID,
      kind: 'patrol',
      title: '巡查',
      start: storedAt(date, 9 * 60),
      end: storedAt(date, 11 * 60),
      headcount,
      createdAt: NOW.toISOString(),
      createdBy: 'demo-grid-worker',
    },
    NOW,
  );
  await createShift(shift, NOW);
  return shift;
}

export const bench: Bench = async () => {
  const runtime = await startRuntime({ port: 0, timers: false });
  const rows: BenchRow[] = [];
  try {
    const volunteers = Array.from({ length: Math.max(BURST, SEQUENTIAL) }, (_, n) => `bench-v${n}`);
    for (let start = 0; start < volunteers.length; start += 25) {
      await Promise.all(
        volunteers.slice(start, start + 25).map((userId) =>
          saveMember({ unitId: MICRO_GRID, userId, memberRole: 'volunteer', joinedAt: NOW.toISOString(), addedBy: 'bench' }, []),
        ),
      );
    }

    // (a) A burst: everyone at once for a few seats.
    const burstShift = await aShift('2030-02-01', SEATS);
    const burstStart = performance.now();
    const results = await Promise.all(volunteers.slice(0, BURST).map((userId) => signUp(burstShift.id, userId, NOW)));
    const burstMs = performance.now() - burstStart;
    const seated = results.filter((result) => result.status === 'signed_up').length;
    rows.push({
      name: `shifts: ${BURST} concurrent sign-ups for ${SEATS} seats, all settled`,
      value: Math.round(burstMs),
      unit: 'ms',
      note: `${seated} seated, ${BURST - seated} waitlisted (must be ${SEATS} / ${BURST - SEATS})`,
    });

    // (b) One after another, each a free seat on its own day: the uncontended path (2 reads, claim, seat).
    const sequentialShifts = [];
    for (let n = 0; n < SEQUENTIAL; n += 1) sequentialShifts.push(await aShift(addDays('2030-03-01', n), 1));
    const sequentialStart = performance.now();
    for (let n = 0; n < SEQUENTIAL; n += 1) await signUp(sequentialShifts[n]!.id, volunteers[n]!, NOW);
    const perSecond = SEQUENTIAL / ((performance.now() - sequentialStart) / 1000);
    rows.push({ name: 'shifts: sequential sign-ups (free seat)', value: round(perSecond), unit: '/s', note: `${SEQUENTIAL} sign-ups` });

    // (c) A month of a micro-grid's hours log, summed on read.
    const month = '2030-04';
    for (let start = 0; start < LOG_LINES; start += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, LOG_LINES - start) }, (_, k) => {
          const n = start + k;
          const date = `${month}-${String((n % 28) + 1).padStart(2, '0')}`;
          const shift = { id: `bench-log-${n}`, microGridId: MICRO_GRID, title: '巡查', date };
          return putHoursEntry(
            hoursEntryOf(shift, volunteers[n % 12]!, { checkedInAt: storedAt(date, 540), checkedOutAt: storedAt(date, 660), minutes: 120 }),
          );
        }),
      );
    }
    const timings: number[] = [];
    for (let run = 0; run < 9; run += 1) {
      const started = performance.now();
      summariseUnitHours(MICRO_GRID, month, await hoursOfMicroGrid(MICRO_GRID, month));
      timings.push(performance.now() - started);
    }
    rows.push({ name: `shifts: monthly hours of a micro-grid (${LOG_LINES} log lines)`, value: round(median(timings)), unit: 'ms', note: 'median of 9' });
  } finally {
    await runtime.close();
  }
  return rows;
};
