import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import { announceSubmission, announceTransition } from '../../../shared/requests/announcements';
import { canSee } from '../../../shared/requests/access';
import { type TransitionInput, planTransition } from '../../../shared/requests/lifecycle';
import { MAX_TIMELINE_BYTES } from '../../../shared/requests/timeline';
import { createRequest, transitionRequest } from '../../../shared/requests/repository/request';
import { keys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';
import { DYNAMODB_ITEM_LIMIT_BYTES, itemBytes, storedItem } from '../../support/item-size';
import { aRequest, resident, worker } from './fixtures';

useEngine();
mockClient(EventBridgeClient)
  .on(PutEventsCommand)
  .callsFake((input) => ({ FailedEntryCount: 0, Entries: (input.Entries ?? []).map((_: unknown, index: number) => ({ EventId: `e${index}` })) }));

const attempt = (identity: Identity, requestId: string, input: TransitionInput) =>
  transitionRequest(requestId, { canSee: (request) => canSee(identity, request) }, (current) => {
    const change = planTransition(current, input, identity, new Date());
    return { change, events: announceTransition(current, change, identity) };
  });

describe('a resident and a worker resolving and reopening one request over and over', () => {
  it('keeps the request item bounded, far below DynamoDB’s item limit, however many rounds they go', { timeout: 120_000 }, async () => {
    // Prepare: notes as long as allowed, in Chinese (three bytes a character).
    const request = { ...aRequest(), description: '灯'.repeat(1000) };
    await createRequest(request, announceSubmission(request));
    await attempt(worker, request.id, { action: 'accept' });
    const round = async () => {
      await attempt(worker, request.id, { action: 'resolve', note: '修'.repeat(500) });
      await attempt(resident, request.id, { action: 'reopen', note: '没'.repeat(500) });
    };
    const size = async () => itemBytes((await storedItem(keys.request(request.id)))!);
    // Act
    for (let index = 0; index < 60; index += 1) await round();
    const after60 = await size();
    for (let index = 0; index < 40; index += 1) await round();
    const after100 = await size();
    // Assess
    expect(after100).toBeLessThanOrEqual(after60 + 4 * 1024);
    expect(after100).toBeLessThan(MAX_TIMELINE_BYTES + 32 * 1024);
    expect(after100).toBeLessThan(DYNAMODB_ITEM_LIMIT_BYTES / 2);
  });
});
