import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { holdsStep, stepOf } from '../../../shared/departments/callbacks';
import { departmentActsOnCase } from '../../../shared/requests/act-on-request';
import { createRequest, getRequest } from '../../../shared/requests/repository/request';
import { requestView } from '../../../shared/requests/views';
import { useEngine } from '../../support/engine';
import { aRequest } from '../requests/fixtures';

/** A department's resolution with photos by URL: stored as links on the case's timeline step, and shown so. */
useEngine();
const bus = mockClient(EventBridgeClient);
beforeEach(() => {
  bus.reset();
  bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
});

describe('a department’s photos of its result', () => {
  it('are kept as links on the resolve step, apart from its note, and shown in the case’s timeline', async () => {
    // Prepare
    const now = new Date();
    const request = { ...aRequest({ now }), status: 'escalated' as const, escalatedAt: now.toISOString(), department: 'urban_management' as const };
    await createRequest(request, []);
    const photos = ['https://cg.example.cn/p/1.jpg', 'https://cg.example.cn/p/2.jpg'];
    const step = stepOf({ schemaVersion: 1, messageId: 'cg-links-1', caseId: request.id, action: 'resolve', note: '已清理', photoUrls: photos });
    const markedAt = now.toISOString();
    // Act
    const acted = await departmentActsOnCase('urban_management', request.id, step, (current) => holdsStep(current, 'urban_management', step, markedAt));
    const again = await departmentActsOnCase('urban_management', request.id, step, (current) => holdsStep(current, 'urban_management', step, markedAt));
    const stored = await getRequest(request.id);
    const view = await requestView(stored!, now, 'en');
    // Assess
    expect([acted.applied, again.applied]).toEqual([true, false]);
    expect(stored!.timeline.at(-1)).toMatchObject({ actorRole: 'department', action: 'resolve', note: '已清理', links: photos });
    expect(view.timeline.at(-1)).toMatchObject({ action: 'resolve', links: photos });
    expect(view.timeline.at(-1)!.note).not.toContain('https://');
  });
});
