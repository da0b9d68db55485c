import { describe, expect, it } from 'vitest';
import { textIn } from '../../../shared/events/notices';
import type { PendingEvent } from '../../../shared/events/outbox';
import { announceAutoClose, announceTransition } from '../../../shared/requests/announcements';
import { CONFIRM_WITHIN_HOURS, planAutoClose } from '../../../shared/requests/confirmation';
import { hoursAfter, nextDeadline, nextDueAt } from '../../../shared/requests/deadlines';
import { planTransition } from '../../../shared/requests/lifecycle';
import type { Request } from '../../../shared/requests/model';
import { requestsNotificationRules } from '../../../shared/requests/notifications';
import { timelineIn } from '../../../shared/requests/timeline';
import { NOW, after, resident, submitted, worker } from './fixtures';

describe('the confirmation window', () => {
  /** Accepted at NOW, resolved an hour later. */
  const resolvedAt = after(1);
  const resolved = (): Request => {
    const accepted = planTransition(submitted(), { action: 'accept' }, worker, NOW).request;
    return planTransition(accepted, { action: 'resolve', note: '已修' }, worker, resolvedAt).request;
  };
  const confirmDueAt = hoursAfter(resolvedAt, CONFIRM_WITHIN_HOURS);

  /** What the notifications consumer makes of an event's data. */
  const noticesOf = async (event: PendingEvent) => {
    const rule = requestsNotificationRules.find((candidate) => candidate.event.detailType === event.detailType)!;
    return rule.notices(JSON.parse(event.detail).data as never, { id: event.id, version: 1, occurredAt: NOW.toISOString() });
  };

  it('gives a resolved request a week to be confirmed or reopened, and makes that its next due time', () => {
    // Act
    const request = resolved();
    // Assess
    expect(CONFIRM_WITHIN_HOURS).toBe(7 * 24);
    expect(request).toMatchObject({ status: 'resolved', confirmDueAt: confirmDueAt.toISOString() });
    expect(nextDeadline(request)).toBeUndefined();
    expect(nextDueAt(request)).toEqual(confirmDueAt);
  });

  it('does nothing before the window ends, and closes an unanswered request unrated, by the system, once it has', () => {
    // Prepare
    const request = resolved();
    // Act
    const early = planAutoClose(request, hoursAfter(confirmDueAt, -0.01));
    const change = planAutoClose(request, hoursAfter(confirmDueAt, 0.01))!;
    const again = planAutoClose(change.request, hoursAfter(confirmDueAt, 1));
    // Assess
    expect(early).toBeUndefined();
    expect(change.request).toMatchObject({
      status: 'closed',
      closedAutomatically: true,
      closedAt: hoursAfter(confirmDueAt, 0.01).toISOString(),
      version: request.version + 1,
      overdue: false,
    });
    expect(change.request.rating).toBeUndefined();
    expect(change.entry).toMatchObject({ actorId: 'system', actorRole: 'system', action: 'auto-close', from: 'resolved', to: 'closed' });
    expect(change.entry).toMatchObject({ noteCode: 'auto-closed', noteParams: { confirmDueAt: confirmDueAt.toISOString() } });
    expect(timelineIn([change.entry], 'zh')[0]!.note).toContain('系统自动关闭');
    expect(change.request.timeline.at(-1)).toEqual(change.entry);
    expect(nextDueAt(change.request)).toBeUndefined();
    expect(again).toBeUndefined();
  });

  it('leaves a confirmed or reopened request alone, and gives the next resolution a fresh window', () => {
    // Prepare
    const request = resolved();
    const later = hoursAfter(confirmDueAt, 24);
    // Act
    const confirmed = planTransition(request, { action: 'confirm', rating: 5 }, resident, hoursAfter(resolvedAt, 2)).request;
    const reopened = planTransition(request, { action: 'reopen', note: '又坏了' }, resident, hoursAfter(resolvedAt, 2)).request;
    const resolvedAgain = planTransition(reopened, { action: 'resolve', note: '换了新灯' }, worker, hoursAfter(resolvedAt, 100)).request;
    // Assess
    expect(planAutoClose(confirmed, later)).toBeUndefined();
    expect(reopened.confirmDueAt).toBeUndefined();
    expect(planAutoClose(reopened, later)).toBeUndefined();
    expect(resolvedAgain.confirmDueAt).toBe(hoursAfter(resolvedAt, 100 + CONFIRM_WITHIN_HOURS).toISOString());
    expect(planAutoClose(resolvedAgain, later)).toBeUndefined();
    expect(planAutoClose(resolvedAgain, new Date(resolvedAgain.confirmDueAt!))?.request.status).toBe('closed');
  });

  it('still takes the resident’s answer after the deadline until the schedule has closed the request', () => {
    // Prepare
    const request = resolved();
    // Act
    const late = planTransition(request, { action: 'confirm', rating: 3 }, resident, hoursAfter(confirmDueAt, 0.01)).request;
    // Assess
    expect(late).toMatchObject({ status: 'closed', rating: 3 });
    expect(late.closedAutomatically).toBeUndefined();
  });

  it('announces the close as a confirmation marked automatic, which tells the resident why and the worker nothing', async () => {
    // Prepare
    const request = resolved();
    const change = planAutoClose(request, hoursAfter(confirmDueAt, 0.01))!;
    const confirmation = planTransition(request, { action: 'confirm', rating: 5 }, resident, hoursAfter(resolvedAt, 2));
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
      confirmDueAt: confirmDueAt.toISOString(),
      version: change.request.version,
    });
    expect(JSON.parse(event!.detail).data.rating).toBeUndefined();
    expect(notices).toEqual([
      expect.objectContaining({ userIds: ['resident-a'], kind: 'request.auto-close', body: expect.objectContaining({ zh: expect.stringContaining('系统已自动关闭') }) }),
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
    expect(JSON.parse(event!.detail).data.confirmDueAt).toBe(confirmDueAt.toISOString());
    // 2026-08-17T03:00Z is 11:00 in Beijing.
    expect(textIn(notices[0]!.body, 'zh')).toContain('08-17 11:00 前确认');
  });
});
