import { describe, expect, it } from 'vitest';
import { planTransition } from '../../../shared/requests/lifecycle';
import { MAX_TIMELINE } from '../../../shared/requests/timeline';
import { NOW, after, communityAdmin, neighbour, otherAdmin, otherWorker, resident, statusOf, submitted, worker } from './fixtures';

describe('submission', () => {
  it('starts a request at version 1 with its accept deadline from the category and one timeline step', () => {
    const request = submitted();
    expect(request).toMatchObject({ status: 'submitted', version: 1, communityId: 'community-a', subdistrictId: 'subdistrict-a', districtId: 'district-a' });
    expect(request.acceptDueAt).toBe(after(4).toISOString());
    expect(request.resolveDueAt).toBeUndefined();
    expect(request.timeline).toHaveLength(1);
  });
});

describe('the closed loop', () => {
  it('answers 404 to who may not see the request, 403 to who may see but not act, 409 to a move the state forbids', () => {
    const request = submitted();
    expect(statusOf(() => planTransition(request, { action: 'accept' }, neighbour, NOW))).toBe(404);
    expect(statusOf(() => planTransition(request, { action: 'accept' }, otherWorker, NOW))).toBe(404);
    expect(statusOf(() => planTransition(request, { action: 'accept' }, otherAdmin, NOW))).toBe(404);
    expect(statusOf(() => planTransition(request, { action: 'accept' }, resident, NOW))).toBe(403);
    expect(statusOf(() => planTransition(request, { action: 'confirm', rating: 5 }, worker, NOW))).toBe(403);
    expect(statusOf(() => planTransition(request, { action: 'reassign', grid: { id: 'grid-a', ancestors: ['district-a', 'subdistrict-a', 'community-a'] }, assigneeId: 'w' }, worker, NOW))).toBe(403);
    expect(statusOf(() => planTransition(request, { action: 'start' }, worker, NOW))).toBe(409);
    expect(statusOf(() => planTransition(request, { action: 'accept' }, communityAdmin, NOW))).toBe('ok');
  });

  it('sets the resolve deadline on acceptance, keeps it on a reopen, and records every step with its version', () => {
    // Act
    const accepted = planTransition(submitted(), { action: 'accept' }, worker, NOW).request;
    const resolved = planTransition(accepted, { action: 'resolve', note: '已修' }, worker, after(5)).request;
    const reopened = planTransition(resolved, { action: 'reopen', note: '又坏了' }, resident, after(6)).request;
    const resolvedAgain = planTransition(reopened, { action: 'resolve', note: '换了新灯' }, worker, after(8)).request;
    const closed = planTransition(resolvedAgain, { action: 'confirm', rating: 4, comment: '好' }, resident, after(9)).request;
    // Assess
    expect(accepted.resolveDueAt).toBe(after(72).toISOString());
    expect(reopened).toMatchObject({ status: 'in_progress', reopenCount: 1, resolveDueAt: after(72).toISOString() });
    expect(closed).toMatchObject({ status: 'closed', rating: 4, ratingComment: '好', version: 6, resolvedAt: after(8).toISOString() });
    expect(closed.timeline.map((step) => `${step.version}:${step.from ?? ''}>${step.to}`)).toEqual([
      '1:>submitted',
      '2:submitted>accepted',
      '3:accepted>resolved',
      '4:resolved>in_progress',
      '5:in_progress>resolved',
      '6:resolved>closed',
    ]);
  });

  it('refuses to mark a request a duplicate of itself or of another duplicate', () => {
    const request = submitted();
    const duplicate = { ...submitted(), id: 'req-2', status: 'duplicate' as const };
    expect(statusOf(() => planTransition(request, { action: 'mark-duplicate', original: request }, worker, NOW))).toBe(400);
    expect(statusOf(() => planTransition(request, { action: 'mark-duplicate', original: duplicate }, worker, NOW))).toBe(400);
  });

  it('keeps the timeline bounded, keeping the first step and the latest ones', () => {
    // Prepare
    let request = planTransition(submitted(), { action: 'accept' }, worker, NOW).request;
    for (let round = 0; request.timeline.length < MAX_TIMELINE; round += 1) {
      request = planTransition(request, { action: 'escalate', department: 'police' }, worker, NOW).request;
      request = planTransition(request, { action: 'return', result: `第${round}次` }, worker, NOW).request;
    }
    // Act
    const change = planTransition(request, { action: 'resolve', note: '终于好了' }, worker, NOW);
    // Assess
    expect(change.trimmed).toBe(true);
    expect(change.request.timeline).toHaveLength(MAX_TIMELINE);
    expect(change.request.timeline[0]!.action).toBe('submit');
    expect(change.request.timeline.at(-1)!.version).toBe(change.request.version);
    expect(change.request.timelineDropped).toBe(request.timeline.length + 1 - MAX_TIMELINE);
  });
});
