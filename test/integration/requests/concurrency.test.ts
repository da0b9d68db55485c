import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import { ProblemError } from '../../../shared/http/errors';
import { announceSubmission, announceTransition } from '../../../shared/requests/announcements';
import { canSee } from '../../../shared/requests/access';
import { type TransitionInput, planTransition } from '../../../shared/requests/lifecycle';
import { createRequest, getRequest, transitionRequest } from '../../../shared/requests/repository/request';
import { useEngine } from '../../support/engine';
import { aRequest, resident, worker } from './fixtures';

useEngine();
const bus = mockClient(EventBridgeClient);

beforeAll(() => {
  bus.on(PutEventsCommand).callsFake((input) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_: unknown, index: number) => ({ EventId: `e${index}` })),
  }));
});

/** The handler's path for one transition: visibility, version, decision, one conditional write. */
const attempt = (identity: Identity, requestId: string, input: TransitionInput, expectedVersion?: number) =>
  transitionRequest(requestId, { canSee: (request) => canSee(identity, request), ...(expectedVersion ? { expectedVersion } : {}) }, (current) => {
    const change = planTransition(current, input, identity, new Date());
    return { change, events: announceTransition(current, change, identity) };
  });

/** Runs 100 attempts at once and sorts the outcomes into wins and refusal statuses. */
async function race(attempts: (() => Promise<unknown>)[]) {
  const results = await Promise.allSettled(attempts.map((run) => run()));
  const refusals = results
    .filter((result): result is PromiseRejectedResult => result.status === 'rejected')
    .map((result) => (result.reason instanceof ProblemError ? result.reason.status : String(result.reason)));
  return { wins: results.filter((result) => result.status === 'fulfilled').length, refusals: [...new Set(refusals)] };
}

const times = <T>(n: number, make: (index: number) => T): T[] => Array.from({ length: n }, (_, index) => make(index));

describe('100 concurrent transitions on one request', () => {
  it('lets exactly one win each step, refuses the rest (412 stale, 409 wrong state), and loses no timeline step', async () => {
    // Prepare
    const request = aRequest();
    await createRequest(request, announceSubmission(request));

    // Act
    const accept = await race(times(100, (i) => () => attempt(worker, request.id, { action: 'accept', note: `第${i}个` }, 1)));
    const start = await race(times(100, () => () => attempt(worker, request.id, { action: 'start' })));
    const resolve = await race(times(100, (i) => () => attempt(worker, request.id, { action: 'resolve', note: `办结${i}` }, 3)));
    const closeOrReopen = await race(
      times(100, (i) =>
        i % 2
          ? () => attempt(resident, request.id, { action: 'confirm', rating: 5 })
          : () => attempt(resident, request.id, { action: 'reopen', note: '没修好' }),
      ),
    );
    const final = (await getRequest(request.id))!;

    // Assess
    expect(accept).toEqual({ wins: 1, refusals: [412] });
    expect(start).toEqual({ wins: 1, refusals: [409] });
    expect(resolve).toEqual({ wins: 1, refusals: [412] });
    expect(closeOrReopen).toEqual({ wins: 1, refusals: [409] });
    expect(final.version).toBe(5);
    expect(final.timeline.map((step) => step.version)).toEqual([1, 2, 3, 4, 5]);
    expect(final.timeline.map((step) => step.action).slice(0, 4)).toEqual(['submit', 'accept', 'start', 'resolve']);
    // Each step starts where the previous one left the request.
    final.timeline.slice(1).forEach((step, index) => expect(step.from).toBe(final.timeline[index]!.to));
    expect(final.timeline.at(-1)!.to).toBe(final.status);
    const announced = bus
      .commandCalls(PutEventsCommand)
      .flatMap((call) => call.args[0].input.Entries!.map((entry) => JSON.parse(entry.Detail!).data))
      .filter((data) => data.requestId === request.id && data.version);
    expect(announced.map((data) => data.version)).toEqual([2, 3, 4, 5]);
  });

  it('keeps a gap-free timeline when accept and reject race on many requests at once', async () => {
    // Prepare: many requests at once, each raced by an accept and a reject.
    const requests = times(20, () => aRequest());
    await Promise.all(requests.map((request) => createRequest(request, [])));
    // Act
    const outcomes = await Promise.all(
      requests.map((request) =>
        race([
          () => attempt(worker, request.id, { action: 'accept' }),
          () => attempt(worker, request.id, { action: 'reject', reason: '不属于本网格' }),
          ...times(3, () => () => attempt(worker, request.id, { action: 'accept' }, 1)),
        ]),
      ),
    );
    const finals = await Promise.all(requests.map((request) => getRequest(request.id)));
    // Assess: one of the first two won (and maybe the other went on to act on the new state).
    for (const [index, final] of finals.entries()) {
      expect(final!.timeline.map((step) => step.version)).toEqual(times(final!.version, (i) => i + 1));
      expect(outcomes[index]!.wins).toBe(final!.version - 1);
    }
  });
});
