import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import { documents } from '../../../shared/aws/clients';
import { ProblemError } from '../../../shared/http/errors';
import { announceTransition } from '../../../shared/requests/announcements';
import { canSee } from '../../../shared/requests/access';
import { CONFIRM_WITHIN_HOURS } from '../../../shared/requests/confirmation';
import { actOnDueRequests } from '../../../shared/requests/deadline-sweep';
import { hoursAfter } from '../../../shared/requests/deadlines';
import { type TransitionInput, planTransition } from '../../../shared/requests/lifecycle';
import type { Request } from '../../../shared/requests/model';
import { dueRequestIds } from '../../../shared/requests/repository/due';
import { createRequest, getRequest, transitionRequest } from '../../../shared/requests/repository/request';
import { keys } from '../../../shared/table/design';
import { useAcceptingBus } from '../../support/bus';
import { useEngine } from '../../support/engine';
import { aRequest, resident, worker } from './fixtures';

useEngine();
const { eventsSent } = useAcceptingBus();

const closings = (requestId: string) =>
  eventsSent('request.status-changed').filter((data) => data.requestId === requestId && data.to === 'closed');

/** A transition as the handler makes it, at a chosen time. */
const step = (identity: Identity, requestId: string, input: TransitionInput, at: Date) =>
  transitionRequest(requestId, { canSee: (request) => canSee(identity, request) }, (current) => {
    const change = planTransition(current, input, identity, at);
    return { change, events: announceTransition(current, change, identity) };
  });

/** A request accepted at `base` + 1 h and resolved at `base` + `resolveAfterHours`. */
async function resolvedRequest(base: Date, resolveAfterHours = 2): Promise<Request> {
  const request = aRequest({ now: base });
  await createRequest(request, []);
  await step(worker, request.id, { action: 'accept' }, hoursAfter(base, 1));
  return step(worker, request.id, { action: 'resolve', note: '已修好' }, hoursAfter(base, resolveAfterHours));
}

/**
 * Makes `meanwhile` happen between someone's read of a request and their conditional write: it runs
 * (to the end) right after the next read of the request, before the reader sees what it read.
 */
function landBetweenReadAndWrite(requestId: string, meanwhile: () => Promise<unknown>): void {
  const client = documents();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const spy = vi.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    const output = await send(command);
    if (command instanceof GetCommand && command.input.Key?.pk === keys.request(requestId).pk) {
      spy.mockRestore();
      await meanwhile();
    }
    return output;
  }) as never);
}

describe('closing resolved requests nobody confirmed', () => {
  it('closes a request once its window passes, unrated and announced once, however often the schedule runs', async () => {
    // Prepare
    const base = new Date('2026-08-01T00:00:00.000Z');
    const request = await resolvedRequest(base);
    const dueAt = new Date(request.confirmDueAt!);
    // Act
    const early = await actOnDueRequests(hoursAfter(dueAt, -0.1));
    const first = await actOnDueRequests(hoursAfter(dueAt, 0.1));
    const second = await actOnDueRequests(hoursAfter(dueAt, 0.2));
    const final = (await getRequest(request.id))!;
    // Assess
    expect(request.confirmDueAt).toBe(hoursAfter(base, 2 + CONFIRM_WITHIN_HOURS).toISOString());
    expect([early.closed, first.closed, second.closed]).toEqual([0, 1, 0]);
    expect(final).toMatchObject({ status: 'closed', closedAutomatically: true, closedAt: hoursAfter(dueAt, 0.1).toISOString(), version: request.version + 1 });
    expect(final.rating).toBeUndefined();
    expect(final.timeline.map((entry) => `${entry.action}:${entry.actorId}`)).toEqual([
      `submit:${resident.userId}`,
      `accept:${worker.userId}`,
      `resolve:${worker.userId}`,
      'auto-close:system',
    ]);
    expect(closings(request.id)).toEqual([expect.objectContaining({ action: 'confirm', automatic: true, actorId: 'system', version: final.version })]);
    expect(await dueRequestIds(hoursAfter(dueAt, 1000), 500)).not.toContain(request.id);
  });

  it('gives a request reopened and resolved again a fresh window, counted from the new resolution', async () => {
    // Prepare
    const base = new Date('2026-09-01T00:00:00.000Z');
    const request = await resolvedRequest(base);
    const firstWindowEnds = new Date(request.confirmDueAt!);
    await step(resident, request.id, { action: 'reopen', note: '又坏了' }, hoursAfter(base, 3));
    const again = await step(worker, request.id, { action: 'resolve', note: '换了新灯' }, hoursAfter(base, 10));
    // Act
    const atFirstWindow = await actOnDueRequests(hoursAfter(firstWindowEnds, 0.1));
    const betweenWindows = (await getRequest(request.id))!;
    const atSecondWindow = await actOnDueRequests(hoursAfter(new Date(again.confirmDueAt!), 0.1));
    const final = (await getRequest(request.id))!;
    // Assess
    expect(again.confirmDueAt).toBe(hoursAfter(base, 10 + CONFIRM_WITHIN_HOURS).toISOString());
    expect(atFirstWindow.closed).toBe(0);
    expect(betweenWindows).toMatchObject({ status: 'resolved', version: again.version });
    expect(atSecondWindow.closed).toBe(1);
    expect(final).toMatchObject({ status: 'closed', closedAutomatically: true, reopenCount: 1 });
  });

  it('lets exactly one of the resident’s confirmation and the schedule close each request when they race', async () => {
    // Prepare: many requests whose windows have passed, each confirmed by its resident just as two
    // runs of the schedule (two invocations at once) come to close them all.
    const base = new Date('2026-10-01T00:00:00.000Z');
    const requests = await Promise.all(Array.from({ length: 20 }, () => resolvedRequest(base)));
    const later = hoursAfter(base, 2 + CONFIRM_WITHIN_HOURS + 1);
    // Act
    const [runs, confirmations] = await Promise.all([
      Promise.all([actOnDueRequests(later), actOnDueRequests(later)]),
      Promise.allSettled(requests.map((request) => step(resident, request.id, { action: 'confirm', rating: 5 }, later))),
    ]);
    const finals = await Promise.all(requests.map((request) => getRequest(request.id)));
    // Assess
    let confirmed = 0;
    for (const [index, final] of finals.entries()) {
      const outcome = confirmations[index]!;
      expect(final!.status).toBe('closed');
      expect(final!.version).toBe(requests[index]!.version + 1);
      expect(final!.timeline.filter((entry) => entry.to === 'closed')).toHaveLength(1);
      expect(closings(final!.id)).toHaveLength(1);
      if (outcome.status === 'fulfilled') {
        confirmed += 1;
        expect(final).toMatchObject({ rating: 5 });
        expect(final!.closedAutomatically).toBeUndefined();
      } else {
        expect(outcome.reason).toBeInstanceOf(ProblemError);
        expect((outcome.reason as ProblemError).status).toBe(409);
        expect(final).toMatchObject({ closedAutomatically: true });
        expect(final!.rating).toBeUndefined();
      }
    }
    expect(confirmed + runs[0].closed + runs[1].closed).toBe(requests.length);
  });

  it('keeps the resident’s confirmation when it lands between the schedule’s read and its write', async () => {
    // Prepare
    const base = new Date('2026-10-10T00:00:00.000Z');
    const request = await resolvedRequest(base);
    const later = hoursAfter(new Date(request.confirmDueAt!), 0.1);
    let confirmed: Request | undefined;
    landBetweenReadAndWrite(request.id, async () => {
      confirmed = await step(resident, request.id, { action: 'confirm', rating: 5 }, later);
    });
    // Act
    const run = await actOnDueRequests(later);
    const again = await actOnDueRequests(later);
    const final = (await getRequest(request.id))!;
    // Assess
    expect(run).toMatchObject({ closed: 0 });
    expect(again).toMatchObject({ closed: 0 });
    expect(final).toEqual(confirmed);
    expect(final).toMatchObject({ status: 'closed', rating: 5, version: request.version + 1 });
    expect(final.closedAutomatically).toBeUndefined();
    expect(closings(request.id)).toEqual([expect.objectContaining({ action: 'confirm', rating: 5, actorId: resident.userId })]);
  });

  it('answers a reopen 409 when the schedule closed the request between the resident’s read and write', async () => {
    // Prepare
    const base = new Date('2026-10-20T00:00:00.000Z');
    const request = await resolvedRequest(base);
    const later = hoursAfter(new Date(request.confirmDueAt!), 0.1);
    landBetweenReadAndWrite(request.id, () => actOnDueRequests(later));
    // Act
    const reopen = await step(resident, request.id, { action: 'reopen', note: '没修好' }, later).catch((error: unknown) => error);
    const final = (await getRequest(request.id))!;
    // Assess
    expect(reopen).toBeInstanceOf(ProblemError);
    expect(reopen).toMatchObject({ status: 409 });
    expect(final).toMatchObject({ status: 'closed', closedAutomatically: true, version: request.version + 1, reopenCount: 0 });
    expect(closings(request.id)).toEqual([expect.objectContaining({ automatic: true })]);
  });

  it('leaves a request the resident confirmed before the deadline closed with its rating', async () => {
    // Prepare
    const base = new Date('2026-11-01T00:00:00.000Z');
    const request = await resolvedRequest(base);
    const confirmed = await step(resident, request.id, { action: 'confirm', rating: 4, comment: '修得好' }, hoursAfter(base, 5));
    // Act
    const run = await actOnDueRequests(hoursAfter(new Date(request.confirmDueAt!), 1));
    const final = (await getRequest(request.id))!;
    // Assess
    expect(run.closed).toBe(0);
    expect(final).toEqual(confirmed);
    expect(final).toMatchObject({ status: 'closed', rating: 4, ratingComment: '修得好' });
  });
});
