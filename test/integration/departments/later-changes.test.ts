import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import { claimDelivery, getDelivery, listDeadDeliveries, listDeliveriesOf, redriveDelivery } from '../../../shared/departments/deliveries';
import { DELIVERY_LEASE_MS } from '../../../shared/departments/delivery-dispatch';
import { EscalationUnsettled, deliveryForChange } from '../../../shared/departments/outgoing-changes';
import { departmentActsOnCase } from '../../../shared/requests/act-on-request';
import type { Department } from '../../../shared/requests/model';
import { keys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';
import { HOUR, MINUTE, escalatedCase, fakeDepartment, metaAt } from './fake-department';

/**
 * Later changes of a case (`withdrawn`, `updated`) go to a department only once the case reached it:
 * they follow the case's latest escalation to that department (shared/departments/outgoing.ts `followUpOf`).
 */
useEngine();
const bus = mockClient(EventBridgeClient);
beforeEach(() => {
  bus.reset();
  bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
});

/** The case returned to its grid worker: no longer the department's. */
const returned = { action: 'return', from: 'escalated', to: 'in_progress' };
/** The case reassigned to another grid while still with the department. */
const reassigned = { action: 'reassign' };

/** What the department received, as (event, delivery id) pairs, in order. */
const arrivals = (department: ReturnType<typeof fakeDepartment>) =>
  department.received.map((arrival) => JSON.parse(arrival.body) as { event: string; deliveryId: string; case: { gridId: string } });

describe('later changes of a case sent to a department', () => {
  it('sends a department nothing about its own return of a case', async () => {
    // Prepare: the department took the case.
    const now = new Date('2026-08-31T02:00:00.000Z');
    const department = fakeDepartment();
    const { request, change } = await escalatedCase(department.departmentId, now);
    await deliveryForChange(request.id, change, metaAt(now), now, department.ports);
    await department.dispatchAt(now);
    bus.resetHistory();
    // Act: it sends the case back through its callback; its status change is what the consumer hears
    await departmentActsOnCase(department.departmentId as Department, request.id, { action: 'return', note: '不属于城管职责，请网格处理' }, () => false);
    const [statusChange] = bus
      .commandCalls(PutEventsCommand)
      .flatMap((call) => call.args[0].input.Entries!)
      .filter((entry) => entry.DetailType === 'request.status-changed')
      .map((entry) => JSON.parse(entry.Detail!).data);
    const later = new Date(now.getTime() + HOUR);
    const withdrawal = await deliveryForChange(request.id, statusChange, metaAt(later), later, department.ports);
    await department.dispatchAt(later);
    // Assess
    expect(statusChange).toMatchObject({ action: 'return', from: 'escalated', to: 'in_progress' });
    expect(withdrawal).toBeUndefined();
    expect(arrivals(department).map((message) => message.event)).toEqual(['escalated']);
  });

  it('sends the withdrawal of a case whose escalation the department took, after it', async () => {
    // Prepare
    const now = new Date('2026-09-01T02:00:00.000Z');
    const department = fakeDepartment();
    const { request, change } = await escalatedCase(department.departmentId, now);
    await deliveryForChange(request.id, change, metaAt(now), now, department.ports);
    await department.dispatchAt(now);
    const later = new Date(now.getTime() + HOUR);
    // Act
    const withdrawal = await deliveryForChange(request.id, returned, metaAt(later), later, department.ports);
    await department.dispatchAt(later);
    // Assess
    expect(withdrawal?.delivery.event).toBe('withdrawn');
    expect(arrivals(department).map((message) => message.event)).toEqual(['escalated', 'withdrawn']);
  });

  it('sends nothing about a case whose escalation no endpoint took at the time', async () => {
    // Prepare: the endpoint takes escalations only once the case was escalated.
    const now = new Date('2026-09-02T02:00:00.000Z');
    const department = fakeDepartment();
    department.endpoint.events = ['withdrawn', 'updated'];
    const { request, change } = await escalatedCase(department.departmentId, now);
    await deliveryForChange(request.id, change, metaAt(now), now, department.ports);
    department.endpoint.events = ['escalated', 'withdrawn', 'updated'];
    const later = new Date(now.getTime() + HOUR);
    // Act
    const update = await deliveryForChange(request.id, reassigned, metaAt(later), later, department.ports);
    const withdrawal = await deliveryForChange(request.id, returned, metaAt(later), later, department.ports);
    await department.dispatchAt(later);
    // Assess
    expect(update).toBeUndefined();
    expect(withdrawal).toBeUndefined();
    expect((await listDeliveriesOf(request.id, { limit: 10 })).items).toEqual([]);
    expect(department.received).toEqual([]);
  });

  it('cancels an escalation still waiting to be retried when the case is withdrawn, and sends neither', async () => {
    // Prepare: the department is down, so the escalation waits for its next attempt.
    const now = new Date('2026-09-03T02:00:00.000Z');
    let down = true;
    const department = fakeDepartment({ answer: () => (down ? { ok: false, reason: 'HTTP 503' } : { ok: true }) });
    const { request, change } = await escalatedCase(department.departmentId, now);
    const escalation = await deliveryForChange(request.id, change, metaAt(now), now, department.ports);
    await department.dispatchAt(now);
    const later = new Date(now.getTime() + 10 * MINUTE);
    // Act
    const withdrawal = await deliveryForChange(request.id, returned, metaAt(later), later, department.ports);
    down = false;
    for (let minute = 10; minute <= 120; minute += 10) await department.dispatchAt(new Date(now.getTime() + minute * MINUTE));
    const redrive = await redriveDelivery(request.id, escalation!.delivery.id, new Date(now.getTime() + 3 * HOUR));
    // Assess
    expect(withdrawal).toBeUndefined();
    expect((await getDelivery(request.id, escalation!.delivery.id))?.delivery).toMatchObject({ status: 'cancelled', cancelledAt: later.toISOString() });
    expect((await listDeliveriesOf(request.id, { limit: 10 })).items.map((delivery) => delivery.event)).toEqual(['escalated']);
    expect(department.received).toEqual([]);
    expect(redrive).toBe('not-dead');
  });

  it('cancels a dead escalation when the case is withdrawn, so that no admin redrives it', async () => {
    // Prepare: the department refused the escalation for good.
    const now = new Date('2026-09-04T02:00:00.000Z');
    const department = fakeDepartment({ answer: () => ({ ok: false, reason: 'HTTP 400', permanent: true }) });
    const { request, change } = await escalatedCase(department.departmentId, now);
    const escalation = await deliveryForChange(request.id, change, metaAt(now), now, department.ports);
    await department.dispatchAt(now);
    const later = new Date(now.getTime() + HOUR);
    // Act
    const withdrawal = await deliveryForChange(request.id, returned, metaAt(later), later, department.ports);
    // Assess
    expect(withdrawal).toBeUndefined();
    expect((await getDelivery(request.id, escalation!.delivery.id))?.delivery.status).toBe('cancelled');
    expect((await listDeadDeliveries({ limit: 100 })).items.map((delivery) => delivery.id)).not.toContain(escalation!.delivery.id);
  });

  it('folds an update into an escalation not yet sent: the department gets one message with the case as it is now', async () => {
    // Prepare: the escalation waits for its next attempt; the case moves to another grid meanwhile.
    const now = new Date('2026-09-05T02:00:00.000Z');
    let down = true;
    const department = fakeDepartment({ answer: () => (down ? { ok: false, reason: 'HTTP 503' } : { ok: true }) });
    const { request, change } = await escalatedCase(department.departmentId, now);
    const escalation = await deliveryForChange(request.id, change, metaAt(now), now, department.ports);
    await department.dispatchAt(now);
    await documents().send(
      new UpdateCommand({ TableName: config().tableName, Key: keys.request(request.id), UpdateExpression: 'SET gridId = :grid', ExpressionAttributeValues: { ':grid': 'it-grid-2' } }),
    );
    const later = new Date(now.getTime() + 5 * MINUTE);
    // Act
    const update = await deliveryForChange(request.id, reassigned, metaAt(later), later, department.ports);
    down = false;
    await department.dispatchAt(new Date(now.getTime() + 10 * MINUTE));
    // Assess
    expect(update).toBeUndefined();
    expect(arrivals(department).map((message) => [message.event, message.deliveryId, message.case.gridId])).toEqual([
      ['escalated', escalation!.delivery.id, 'it-grid-2'],
    ]);
    expect(arrivals(department)[0]).toMatchObject({ case: { note: change.note } });
  });

  it('decides a withdrawal again once an escalation being sent right now has settled', async () => {
    // Prepare: a dispatcher holds the escalation (its POST is on the wire).
    const now = new Date('2026-09-06T02:00:00.000Z');
    const department = fakeDepartment();
    const { request, change } = await escalatedCase(department.departmentId, now);
    const escalation = await deliveryForChange(request.id, change, metaAt(now), now, department.ports);
    await claimDelivery(escalation!, now, DELIVERY_LEASE_MS);
    const meta = metaAt(now);
    // Act
    const whileHeld = deliveryForChange(request.id, returned, meta, now, department.ports);
    await expect(whileHeld).rejects.toBeInstanceOf(EscalationUnsettled);
    const lapsed = new Date(now.getTime() + DELIVERY_LEASE_MS + MINUTE);
    await department.dispatchAt(lapsed);
    const retried = await deliveryForChange(request.id, returned, meta, lapsed, department.ports);
    await department.dispatchAt(lapsed);
    // Assess
    expect(retried?.delivery.event).toBe('withdrawn');
    expect(arrivals(department).map((message) => message.event)).toEqual(['escalated', 'withdrawn']);
  });
});
