import { describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../../../shared/http/route';
import { MAX_GENERATION_WEEKS } from '../../../shared/shifts/domain/generation';
import { shiftRoutes } from '../../../shared/shifts/routes';

/** The paths of the problems a route's body schema finds in `body`, or [] when it accepts it. */
function problemsOf(route: Pick<RouteDefinition, 'body'>, body: unknown): string[] {
  const result = route.body!.safeParse(body);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

const weekly = { frequency: 'weekly', days: ['MO', 'WE'], start: '09:00', end: '11:00' };

describe('what the shift routes accept', () => {
  it('takes a duty at a station only as station duty, and station duty only with its station', () => {
    // Prepare
    const duty = { title: '驿站值守', recurrence: weekly };
    // Act
    const withoutStation = problemsOf(shiftRoutes.createDuty, { ...duty, kind: 'station_duty' });
    const patrolAtStation = problemsOf(shiftRoutes.createDuty, { ...duty, kind: 'patrol', stationId: 'lushan-station' });
    const stationDuty = problemsOf(shiftRoutes.createDuty, { ...duty, kind: 'station_duty', stationId: 'lushan-station' });
    // Assess
    expect(withoutStation).toEqual(['stationId']);
    expect(patrolAtStation).toEqual(['stationId']);
    expect(stationDuty).toEqual([]);
  });

  it('takes a weekly recurrence whose window lies within one day, on days that do not repeat', () => {
    // Act
    const overnight = problemsOf(shiftRoutes.createDuty, { title: '夜巡', kind: 'patrol', recurrence: { ...weekly, start: '22:00', end: '02:00' } });
    const untilMidnight = problemsOf(shiftRoutes.createDuty, { title: '夜巡', kind: 'patrol', recurrence: { ...weekly, start: '20:00', end: '24:00' } });
    const twiceMonday = problemsOf(shiftRoutes.createDuty, { title: '巡查', kind: 'patrol', recurrence: { ...weekly, days: ['MO', 'MO'] } });
    // Assess
    expect(overnight).toEqual(['recurrence']);
    expect(untilMidnight).toEqual([]);
    expect(twiceMonday).toEqual(['recurrence.days']);
  });

  it(`generates one week unless told, and at most ${MAX_GENERATION_WEEKS}`, () => {
    // Act
    const byDefault = shiftRoutes.generateShifts.body!.safeParse({});
    const longest = problemsOf(shiftRoutes.generateShifts, { weeks: MAX_GENERATION_WEEKS });
    const tooLong = problemsOf(shiftRoutes.generateShifts, { weeks: MAX_GENERATION_WEEKS + 1 });
    const none = problemsOf(shiftRoutes.generateShifts, { weeks: 0 });
    // Assess
    expect(byDefault).toMatchObject({ success: true, data: { weeks: 1 } });
    expect(longest).toEqual([]);
    expect(tooLong).toEqual(['weeks']);
    expect(none).toEqual(['weeks']);
  });

  it('takes an invitation code of 4 to 16 letters or digits, and nothing else in the body', () => {
    // Act
    const accepted = ['ABCD', 'abcd2345', 'A'.repeat(16)].map((code) => problemsOf(shiftRoutes.joinMicroGrid, { code }));
    const refused = ['ABC', 'A'.repeat(17), 'AB-CD', 'ABCD '].map((code) => problemsOf(shiftRoutes.joinMicroGrid, { code }));
    const extra = problemsOf(shiftRoutes.joinMicroGrid, { code: 'ABCD', unitId: 'someone-else' });
    // Assess
    expect(accepted).toEqual([[], [], []]);
    expect(refused).toEqual([['code'], ['code'], ['code'], ['code']]);
    expect(extra).toEqual(['']);
  });
});
