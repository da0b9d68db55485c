import { describe, expect, it } from 'vitest';
import { escalationUnitsOf, nextDeadline, planOverdue } from '../../../shared/requests/deadlines';
import { planTransition } from '../../../shared/requests/lifecycle';
import { after, submitted, worker } from './fixtures';

describe('deadlines', () => {
  it('escalates a missed deadline to the community at the deadline and to the subdistrict one window later, then stops', () => {
    // Prepare
    const request = submitted();
    // Act
    const notYet = planOverdue(request, after(3.9));
    const first = planOverdue(request, after(4.1))!;
    const tooSoon = planOverdue(first.request, after(7.9));
    const second = planOverdue(first.request, after(8.1))!;
    // Assess
    expect(notYet).toBeUndefined();
    expect(first).toMatchObject({ kind: 'accept', level: 1, request: { acceptOverdueLevel: 1, overdue: true, version: 2 } });
    expect(escalationUnitsOf(request, 1)).toEqual(['community-a', 'subdistrict-a', 'district-a', 'city']);
    expect(tooSoon).toBeUndefined();
    expect(second.level).toBe(2);
    expect(escalationUnitsOf(request, 2)).toEqual(['subdistrict-a', 'district-a', 'city']);
    expect(nextDeadline(second.request)).toBeUndefined();
  });

  it('moves on to the resolve deadline once accepted, and clears the overdue flag', () => {
    const late = planOverdue(submitted(), after(5))!.request;
    const accepted = planTransition(late, { action: 'accept' }, worker, after(5)).request;
    expect(accepted.overdue).toBe(false);
    expect(nextDeadline(accepted)).toMatchObject({ kind: 'resolve', level: 0, at: after(77) });
  });
});
