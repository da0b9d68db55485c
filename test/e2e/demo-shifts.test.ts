import { describe, expect, it } from 'vitest';
import { DEMO_MICRO_GRID } from '../../infra/local/seeds/shifts';
import { addDays, localDateOf } from '../../shared/time/local';
import { useRuntime } from '../support/runtime';

// The demo data as npm start seeds it on first start (useRuntime seeds it, at the real time).
const { api, signIn } = useRuntime();

interface Shift {
  id: string;
  date: string;
  start: string;
  headcount: number;
  openSeats: number;
  signedUp: { userId: string }[];
}

describe('the demo volunteer on first start', () => {
  it('finds upcoming shifts of her micro-grid with open seats, in the next local days', async () => {
    // Prepare
    const volunteer = await signIn('demo-volunteer');
    const today = localDateOf(new Date());
    // Act
    const listed = await api<{ items: Shift[] }>('GET', `/micro-grids/${DEMO_MICRO_GRID}/shifts`, { token: volunteer });
    const options = await api<{ items: { shift: Shift; eligibility: { outcome: string } }[] }>('GET', '/me/shift-options', { token: volunteer });
    // Assess
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThanOrEqual(3);
    for (const shift of listed.body.items) {
      expect(Date.parse(shift.start)).toBeGreaterThan(Date.now());
      expect(shift.openSeats).toBe(shift.headcount);
      expect(shift.signedUp).toEqual([]);
    }
    // The three local days after the start's (today here, unless midnight in Shanghai passed since the start).
    const first = listed.body.items[0]!.date;
    expect([addDays(today, 1), today]).toContain(first);
    expect(new Set(listed.body.items.map((shift) => shift.date))).toEqual(new Set([0, 1, 2].map((days) => addDays(first, days))));
    expect(options.status).toBe(200);
    expect(options.body.items.map((option) => option.shift.id)).toEqual(listed.body.items.map((shift) => shift.id));
    expect(options.body.items.every((option) => option.eligibility.outcome === 'sign_up')).toBe(true);
  });

  it('signs her up for one right away, and it is among her shifts', async () => {
    // Prepare
    const volunteer = await signIn('demo-volunteer');
    const [first] = (await api<{ items: Shift[] }>('GET', `/micro-grids/${DEMO_MICRO_GRID}/shifts`, { token: volunteer })).body.items;
    // Act
    const signedUp = await api<{ status: string; shift: Shift }>('POST', `/shifts/${first!.id}/sign-ups`, { token: volunteer });
    const mine = await api<{ items: { shift: Shift; status: string }[] }>('GET', '/me/shifts', { token: volunteer });
    // Assess
    expect(signedUp.status).toBe(200);
    expect(signedUp.body.status).toBe('signed_up');
    expect(signedUp.body.shift).toMatchObject({ id: first!.id, openSeats: first!.headcount - 1, signedUp: [expect.objectContaining({ userId: 'demo-volunteer' })] });
    expect(mine.body.items.map((item) => [item.shift.id, item.status])).toEqual([[first!.id, 'signed_up']]);
  });
});
