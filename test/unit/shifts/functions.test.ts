import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../../infra/bundling';
import { shiftPlanningRoutes } from '../../../shared/shifts/routes/planning';
import { shiftSeatRoutes } from '../../../shared/shifts/routes/seats';

const root = resolve(import.meta.dirname, '../../..');

/** The files of ours and the packages a function's bundle carries (house settings, as CDK builds it). */
async function carriedBy(entry: string): Promise<string[]> {
  const { metafile } = await build({ ...esbuildOptions(resolve(root, entry), 'out.mjs', undefined, root), metafile: true, write: false, logLevel: 'silent' });
  const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint)!;
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => (path.includes('node_modules/') ? path.split('node_modules/').at(-1)!.split('/').slice(0, 2).join('/') : path));
}

describe('the two functions that serve shifts', () => {
  it('serve the plan from shift-planning and every seat from shift-seats, each route once', () => {
    // Assess
    expect(Object.values(shiftPlanningRoutes).map((route) => route.function)).toEqual(Object.keys(shiftPlanningRoutes).map(() => 'shift-planning'));
    expect(Object.values(shiftSeatRoutes).map((route) => route.function)).toEqual(Object.keys(shiftSeatRoutes).map(() => 'shift-seats'));
    expect(Object.keys(shiftPlanningRoutes).filter((operationId) => operationId in shiftSeatRoutes)).toEqual([]);
  });

  it('keep the seat code, the outbox and EventBridge out of the shift-planning bundle, which is what keeps it small', async () => {
    // Act
    const carried = await carriedBy('functions/http/shift-planning.ts');
    // Assess: each of these would bring its share of the other function back (see bench/COLD-START.md).
    const seatCode = ['seats', 'claims', 'sign-ups', 'waitlist', 'cancellation', 'generation', 'swaps', 'attendance', 'my-shifts'].map((name) => `shared/shifts/${name}.ts`);
    expect(carried.filter((path) => [...seatCode, 'shared/shifts/routes/seats.ts', 'shared/events/outbox.ts', '@aws-sdk/client-eventbridge'].includes(path))).toEqual([]);
    expect(carried).toContain('shared/shifts/routes/planning.ts');
  });

  it('keep the plan-only routes out of the shift-seats bundle', async () => {
    // Act
    const carried = await carriedBy('functions/http/shift-seats.ts');
    // Assess
    expect(carried.filter((path) => ['shared/shifts/routes/planning.ts', 'shared/shifts/suggestions.ts', 'shared/shifts/station-duty.ts'].includes(path))).toEqual([]);
    expect(carried).toContain('shared/shifts/routes/seats.ts');
  });

  it('write the calendar feed from shift-seats with a writer of our own, without ical-generator in its bundle', async () => {
    // Act
    const { metafile } = await build({ ...esbuildOptions(resolve(root, 'functions/http/shift-seats.ts'), 'out.mjs', undefined, root), metafile: true, write: false, logLevel: 'silent' });
    // Assess: not an input at all, not merely tree-shaken to nothing (35.6 KiB when it was carried).
    expect(Object.keys(metafile.inputs).filter((path) => path.includes('node_modules/ical-generator/'))).toEqual([]);
    expect(Object.keys(metafile.inputs)).toContain('shared/shifts/domain/icalendar.ts');
  });
});
