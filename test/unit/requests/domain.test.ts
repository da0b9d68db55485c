import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import { ProblemError } from '../../../shared/http/errors';
import type { PendingEvent } from '../../../shared/events/outbox';
import { announceAutoClose, announceTransition } from '../../../shared/requests/announcements';
import {
  CONFIRM_WITHIN_HOURS,
  MAX_TIMELINE,
  type ReportRow,
  addHours,
  escalationUnitsOf,
  figuresOf,
  monthOf,
  monthRange,
  nextDeadline,
  nextDueAt,
  planAutoClose,
  planCategory,
  planOverdue,
  planSubmission,
  planTransition,
  validateAttributes,
} from '../../../shared/requests/domain';
import type { Category, Request } from '../../../shared/requests/model';
import { requestsNotificationRules } from '../../../shared/requests/notifications';
import { buildUpdate } from '../../../shared/table/update';

const NOW = '2026-08-10T02:00:00.000Z';
const resident: Identity = { userId: 'resident-a', role: 'resident', units: [] };
const neighbour: Identity = { ...resident, userId: 'resident-b' };
const worker: Identity = { userId: 'worker-a', role: 'grid_worker', units: ['grid-a'] };
const otherWorker: Identity = { userId: 'worker-b', role: 'grid_worker', units: ['grid-b'] };
const communityAdmin: Identity = { userId: 'admin-a', role: 'admin', units: ['community-a'] };
const otherAdmin: Identity = { userId: 'admin-b', role: 'admin', units: ['community-b'] };
const cityAdmin: Identity = { userId: 'admin-city', role: 'admin', units: ['city'] };

const category: Category = planCategory(
  cityAdmin,
  'facility-repair',
  {
    name: '设施维修',
    acceptWithinHours: 4,
    resolveWithinHours: 72,
    attributes: [
      { code: 'facility', label: '设施', datatype: 'singlevaluelist', required: true, order: 1, options: [{ key: 'streetlight', name: '路灯' }, { key: 'bench', name: '座椅' }] },
      { code: 'count', label: '数量', datatype: 'number', required: false, order: 2 },
      { code: 'who', label: '对象', datatype: 'multivaluelist', required: false, order: 3, options: [{ key: 'elderly', name: '老人' }, { key: 'children', name: '儿童' }] },
    ],
  },
  NOW,
);

const submitted = (): Request =>
  planSubmission({
    id: 'req-1',
    identity: resident,
    input: { categoryId: 'facility-repair', description: '路灯坏了', address: '庐山路', photos: [], attributes: { facility: 'streetlight' } },
    category,
    grid: { id: 'grid-a', ancestors: ['district-a', 'subdistrict-a', 'community-a'] },
    routedBy: 'location',
    assigneeId: 'worker-a',
    now: NOW,
  });

const statusOf = (run: () => unknown): number | 'ok' => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return (error as ProblemError).status;
  }
};

describe('months', () => {
  it('puts an instant in its Beijing month and gives a month’s UTC bounds', () => {
    expect(monthOf('2026-07-31T16:00:00.000Z')).toBe('2026-08');
    expect(monthOf('2026-07-31T15:59:59.999Z')).toBe('2026-07');
    expect(monthRange('2026-12')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
  });
});

describe('categories and their extra fields', () => {
  it('refuses catalogue changes by admins who are not city-wide, and list fields without options', () => {
    expect(statusOf(() => planCategory(communityAdmin, 'x', { name: 'x', acceptWithinHours: 1, resolveWithinHours: 1, attributes: [] }, NOW))).toBe(403);
    const missingOptions = () =>
      planCategory(cityAdmin, 'x', { name: 'x', acceptWithinHours: 1, resolveWithinHours: 1, attributes: [{ code: 'k', label: 'k', datatype: 'singlevaluelist', required: false, order: 0 }] }, NOW);
    expect(statusOf(missingOptions)).toBe(400);
  });

  it('checks a submission’s extra fields against the category, naming every bad one', () => {
    // Act
    let problem: ProblemError | undefined;
    try {
      validateAttributes(category, { count: 'three', who: ['elderly', 'pets'], colour: 'red' });
    } catch (error) {
      problem = error as ProblemError;
    }
    const kept = validateAttributes(category, { facility: 'bench', count: 2, who: [] });
    // Assess
    expect(problem?.errors.map((e) => `${e.field} ${e.code}`).sort()).toEqual([
      'body.attributes.colour unknown_field',
      'body.attributes.count invalid',
      'body.attributes.facility required',
      'body.attributes.who invalid',
    ]);
    expect(kept).toEqual({ facility: 'bench', count: 2 });
  });
});

describe('submission', () => {
  it('starts a request at version 1 with its accept deadline from the category and one timeline step', () => {
    const request = submitted();
    expect(request).toMatchObject({ status: 'submitted', version: 1, communityId: 'community-a', subdistrictId: 'subdistrict-a', districtId: 'district-a' });
    expect(request.acceptDueAt).toBe(addHours(NOW, 4));
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
    const resolved = planTransition(accepted, { action: 'resolve', note: '已修' }, worker, addHours(NOW, 5)).request;
    const reopened = planTransition(resolved, { action: 'reopen', note: '又坏了' }, resident, addHours(NOW, 6)).request;
    const resolvedAgain = planTransition(reopened, { action: 'resolve', note: '换了新灯' }, worker, addHours(NOW, 8)).request;
    const closed = planTransition(resolvedAgain, { action: 'confirm', rating: 4, comment: '好' }, resident, addHours(NOW, 9)).request;
    // Assess
    expect(accepted.resolveDueAt).toBe(addHours(NOW, 72));
    expect(reopened).toMatchObject({ status: 'in_progress', reopenCount: 1, resolveDueAt: addHours(NOW, 72) });
    expect(closed).toMatchObject({ status: 'closed', rating: 4, ratingComment: '好', version: 6, resolvedAt: addHours(NOW, 8) });
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

describe('deadlines', () => {
  it('escalates a missed deadline to the community at the deadline and to the subdistrict one window later, then stops', () => {
    // Prepare
    const request = submitted();
    // Act
    const notYet = planOverdue(request, addHours(NOW, 3.9));
    const first = planOverdue(request, addHours(NOW, 4.1))!;
    const tooSoon = planOverdue(first.request, addHours(NOW, 7.9));
    const second = planOverdue(first.request, addHours(NOW, 8.1))!;
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
    const late = planOverdue(submitted(), addHours(NOW, 5))!.request;
    const accepted = planTransition(late, { action: 'accept' }, worker, addHours(NOW, 5)).request;
    expect(accepted.overdue).toBe(false);
    expect(nextDeadline(accepted)).toMatchObject({ kind: 'resolve', level: 0, at: addHours(NOW, 77) });
  });
});

describe('the confirmation window', () => {
  /** Accepted at NOW, resolved an hour later. */
  const resolvedAt = addHours(NOW, 1);
  const resolved = (): Request => {
    const accepted = planTransition(submitted(), { action: 'accept' }, worker, NOW).request;
    return planTransition(accepted, { action: 'resolve', note: '已修' }, worker, resolvedAt).request;
  };
  const confirmDueAt = addHours(resolvedAt, CONFIRM_WITHIN_HOURS);

  /** What the notifications consumer makes of an event's data. */
  const noticesOf = async (event: PendingEvent) => {
    const rule = requestsNotificationRules.find((candidate) => candidate.event.detailType === event.detailType)!;
    return rule.notices(JSON.parse(event.detail).data as never, { id: event.id, version: 1, occurredAt: NOW });
  };

  it('gives a resolved request a week to be confirmed or reopened, and makes that its next due time', () => {
    // Act
    const request = resolved();
    // Assess
    expect(CONFIRM_WITHIN_HOURS).toBe(7 * 24);
    expect(request).toMatchObject({ status: 'resolved', confirmDueAt });
    expect(nextDeadline(request)).toBeUndefined();
    expect(nextDueAt(request)).toBe(confirmDueAt);
  });

  it('does nothing before the window ends, and closes an unanswered request unrated, by the system, once it has', () => {
    // Prepare
    const request = resolved();
    // Act
    const early = planAutoClose(request, addHours(confirmDueAt, -0.01));
    const change = planAutoClose(request, addHours(confirmDueAt, 0.01))!;
    const again = planAutoClose(change.request, addHours(confirmDueAt, 1));
    // Assess
    expect(early).toBeUndefined();
    expect(change.request).toMatchObject({
      status: 'closed',
      closedAutomatically: true,
      closedAt: addHours(confirmDueAt, 0.01),
      version: request.version + 1,
      overdue: false,
    });
    expect(change.request.rating).toBeUndefined();
    expect(change.entry).toMatchObject({ actorId: 'system', actorRole: 'system', action: 'auto-close', from: 'resolved', to: 'closed' });
    expect(change.entry.note).toContain('系统自动关闭');
    expect(change.request.timeline.at(-1)).toEqual(change.entry);
    expect(nextDueAt(change.request)).toBeUndefined();
    expect(again).toBeUndefined();
  });

  it('leaves a confirmed or reopened request alone, and gives the next resolution a fresh window', () => {
    // Prepare
    const request = resolved();
    const later = addHours(confirmDueAt, 24);
    // Act
    const confirmed = planTransition(request, { action: 'confirm', rating: 5 }, resident, addHours(resolvedAt, 2)).request;
    const reopened = planTransition(request, { action: 'reopen', note: '又坏了' }, resident, addHours(resolvedAt, 2)).request;
    const resolvedAgain = planTransition(reopened, { action: 'resolve', note: '换了新灯' }, worker, addHours(resolvedAt, 100)).request;
    // Assess
    expect(planAutoClose(confirmed, later)).toBeUndefined();
    expect(reopened.confirmDueAt).toBeUndefined();
    expect(planAutoClose(reopened, later)).toBeUndefined();
    expect(resolvedAgain.confirmDueAt).toBe(addHours(resolvedAt, 100 + CONFIRM_WITHIN_HOURS));
    expect(planAutoClose(resolvedAgain, later)).toBeUndefined();
    expect(planAutoClose(resolvedAgain, resolvedAgain.confirmDueAt!)?.request.status).toBe('closed');
  });

  it('still takes the resident’s answer after the deadline until the schedule has closed the request', () => {
    // Prepare
    const request = resolved();
    // Act
    const late = planTransition(request, { action: 'confirm', rating: 3 }, resident, addHours(confirmDueAt, 0.01)).request;
    // Assess
    expect(late).toMatchObject({ status: 'closed', rating: 3 });
    expect(late.closedAutomatically).toBeUndefined();
  });

  it('announces the close as a confirmation marked automatic, which tells the resident why and the worker nothing', async () => {
    // Prepare
    const request = resolved();
    const change = planAutoClose(request, addHours(confirmDueAt, 0.01))!;
    const confirmation = planTransition(request, { action: 'confirm', rating: 5 }, resident, addHours(resolvedAt, 2));
    // Act
    const [event] = announceAutoClose(change);
    const notices = await noticesOf(event!);
    const [confirmEvent] = announceTransition(request, confirmation, resident);
    const confirmNotices = await noticesOf(confirmEvent!);
    // Assess
    expect(event!.detailType).toBe('request.status-changed');
    expect(JSON.parse(event!.detail).data).toMatchObject({
      action: 'confirm',
      from: 'resolved',
      to: 'closed',
      actorId: 'system',
      automatic: true,
      confirmDueAt,
      version: change.request.version,
    });
    expect(JSON.parse(event!.detail).data.rating).toBeUndefined();
    expect(notices).toEqual([
      expect.objectContaining({ userIds: ['resident-a'], kind: 'request.auto-close', body: expect.stringContaining('系统已自动关闭') }),
    ]);
    expect(confirmNotices.map((notice) => notice.kind)).toEqual(['request.confirm', 'request.rated']);
  });

  it('tells the resident until when to answer when the request is resolved', async () => {
    // Prepare
    const accepted = planTransition(submitted(), { action: 'accept' }, worker, NOW).request;
    const resolution = planTransition(accepted, { action: 'resolve', note: '已修' }, worker, resolvedAt);
    // Act
    const [event] = announceTransition(accepted, resolution, worker);
    const notices = await noticesOf(event!);
    // Assess
    expect(JSON.parse(event!.detail).data.confirmDueAt).toBe(confirmDueAt);
    // 2026-08-17T03:00Z is 11:00 in Beijing.
    expect(notices[0]!.body).toContain('08-17 11:00 前确认');
  });
});

describe('monthly figures', () => {
  const row = (fields: Partial<ReportRow>): ReportRow => ({
    categoryId: 'c',
    categoryName: 'C',
    status: 'submitted',
    createdAt: '2026-08-01T00:00:00.000Z',
    acceptDueAt: '2026-08-01T04:00:00.000Z',
    reopenCount: 0,
    ...fields,
  });

  it('computes on-time, reopen and satisfaction rates and the median time to resolve from the requests themselves', () => {
    // Prepare
    const rows = [
      // Accepted and resolved on time, rated 5: 2 h to resolve.
      row({ status: 'closed', acceptedAt: '2026-08-01T01:00:00.000Z', resolveDueAt: '2026-08-04T01:00:00.000Z', resolvedAt: '2026-08-01T02:00:00.000Z', rating: 5 }),
      // Accepted late, resolved late after a reopen, rated 2: 100 h to resolve.
      row({ status: 'closed', acceptedAt: '2026-08-01T05:00:00.000Z', resolveDueAt: '2026-08-04T05:00:00.000Z', resolvedAt: '2026-08-05T04:00:00.000Z', rating: 2, reopenCount: 1 }),
      // Waiting past its accept deadline: late.
      row({ status: 'submitted' }),
      // Waiting, not yet due: undecided.
      row({ status: 'submitted', acceptDueAt: '2026-08-30T00:00:00.000Z' }),
      // Rejected before acceptance: neither.
      row({ status: 'rejected' }),
      // Resolved on time, not rated yet: 10 h.
      row({ status: 'resolved', acceptedAt: '2026-08-01T00:30:00.000Z', resolveDueAt: '2026-08-04T00:30:00.000Z', resolvedAt: '2026-08-01T10:00:00.000Z' }),
    ];
    // Act
    const figures = figuresOf(rows, '2026-08-20T00:00:00.000Z');
    // Assess
    expect(figures).toEqual({
      total: 6,
      byStatus: { closed: 2, submitted: 2, rejected: 1, resolved: 1 },
      acceptedOnTime: { count: 2, of: 4, rate: 0.5 },
      resolvedOnTime: { count: 2, of: 3, rate: 0.6667 },
      reopened: { count: 1, of: 3, rate: 0.3333 },
      satisfied: { count: 1, of: 2, rate: 0.5 },
      averageRating: 3.5,
      medianHoursToResolve: 10,
    });
  });

  it('counts a request closed automatically as closed and resolved, but not as rated, so satisfaction stays among ratings', () => {
    // Prepare: one rated 5, one rated 2, and one the schedule closed because nobody confirmed it.
    const accepted = planTransition(submitted(), { action: 'accept' }, worker, NOW).request;
    const resolved = planTransition(accepted, { action: 'resolve', note: '已修' }, worker, addHours(NOW, 1)).request;
    const rated = (rating: number) => planTransition(resolved, { action: 'confirm', rating }, resident, addHours(NOW, 2)).request;
    const autoClosed = planAutoClose(resolved, addHours(NOW, 1 + CONFIRM_WITHIN_HOURS))!.request;
    // Act
    const figures = figuresOf([rated(5), rated(2), autoClosed], addHours(NOW, 1000));
    // Assess
    expect(figures.byStatus).toEqual({ closed: 3 });
    expect(figures.satisfied).toEqual({ count: 1, of: 2, rate: 0.5 });
    expect(figures.averageRating).toBe(3.5);
    expect(figures.resolvedOnTime).toEqual({ count: 3, of: 3, rate: 1 });
  });

  it('gives null rates, not zero, when nothing was decided', () => {
    const figures = figuresOf([], '2026-08-20T00:00:00.000Z');
    expect(figures.acceptedOnTime).toEqual({ count: 0, of: 0, rate: null });
    expect(figures.medianHoursToResolve).toBeNull();
  });
});

describe('updates', () => {
  it('appends to a list in the same SET as the other changes, starting an absent list', () => {
    const update = buildUpdate('t', { key: { pk: 'p', sk: 's' }, set: { status: 'accepted' }, append: { timeline: [{ step: 1 }] } });
    expect(update.UpdateExpression).toBe('SET #u0 = :u0, #u1 = list_append(if_not_exists(#u1, :u1e), :u1)');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':u1': [{ step: 1 }], ':u1e': [] });
  });
});
