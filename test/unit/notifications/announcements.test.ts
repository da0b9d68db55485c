import { describe, expect, it } from 'vitest';
import { announcementView, cutBatch, planAnnouncement, scopeProblem } from '../../../shared/notifications/announcements-domain';

const page = (peopleCounts: number[], next?: string) => ({
  units: peopleCounts.map((_, index) => ({ id: `g${index}`, next: `after-g${index}` })),
  ...(next ? { next } : {}),
});
const peopleOf = (peopleCounts: number[]) => peopleCounts.map((count, index) => Array.from({ length: count }, (_, n) => `g${index}-w${n}`));

describe('cutting a batch of an announcement', () => {
  it("takes the whole page when its people fit, and goes on where the page's walk goes on", () => {
    // Act
    const batch = cutBatch(page([1, 2, 1], 'after-page'), peopleOf([1, 2, 1]), 10);
    // Assess
    expect(batch).toEqual({ units: 3, userIds: ['g0-w0', 'g1-w0', 'g1-w1', 'g2-w0'], next: 'after-page' });
  });

  it('stops before the unit whose people would pass the bound, and goes on right after the last unit taken', () => {
    // Act
    const batch = cutBatch(page([2, 2, 2, 2], 'after-page'), peopleOf([2, 2, 2, 2]), 5);
    // Assess
    expect(batch.units).toBe(2);
    expect(batch.userIds).toHaveLength(4);
    expect(batch.next).toBe('after-g1');
  });

  it('always takes the first unit, however many people it has', () => {
    // Act
    const batch = cutBatch(page([30, 1]), peopleOf([30, 1]), 5);
    // Assess
    expect(batch.units).toBe(1);
    expect(batch.userIds).toHaveLength(30);
    expect(batch.next).toBe('after-g0');
  });

  it('names a person of two units of the batch once, and ends the walk with the last page', () => {
    // Act
    const batch = cutBatch(page([1, 1]), [['ann'], ['ann']], 10);
    const empty = cutBatch({ units: [], next: 'further' }, [], 10);
    // Assess
    expect(batch).toEqual({ units: 2, userIds: ['ann'], next: undefined });
    expect(empty).toEqual({ units: 0, userIds: [], next: 'further' });
  });
});

describe('an announcement', () => {
  it('goes to grid workers of a grid or of anything above it, not of a micro-grid', () => {
    // Act
    const problems = (['city', 'district', 'community', 'grid', 'micro_grid'] as const).map((kind) => scopeProblem('grid_workers', kind));
    // Assess
    expect(problems.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(problems[4]).toMatch(/micro_grid has no grid/);
  });

  it('starts sending with nothing done, and shows its progress by the kind of unit it walks', () => {
    // Prepare
    const now = new Date('2026-08-01T02:00:00.000Z');
    // Act
    const announcement = planAnnouncement(
      { id: 'a1', title: '通知', body: '内容', audience: 'grid_workers', createdBy: 'admin' },
      { id: 'jianye', kind: 'district', ancestors: [] },
      now,
    );
    // Assess
    expect(announcementView(announcement)).toEqual({
      id: 'a1',
      title: '通知',
      body: '内容',
      scope: 'jianye',
      audience: 'grid_workers',
      status: 'sending',
      progress: { unitKind: 'grid', unitsDone: 0, recipientsWritten: 0, batches: 0 },
      createdBy: 'admin',
      startedAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
  });
});
