import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDelivery, listDeadDeliveries, listDeliveriesOf, redriveDelivery } from '../../../shared/departments/deliveries';
import { deliveryForChange } from '../../../shared/departments/outgoing-changes';
import { SIGNATURE_HEADER, checkSignature } from '../../../shared/departments/signing';
import { newId } from '../../../shared/ids';
import { withMetrics } from '../../../shared/observability/metrics';
import { captureEmf } from '../../support/emf';
import { useEngine } from '../../support/engine';
import { HOUR, MINUTE, SECRET, escalatedCase, fakeDepartment, metaAt } from './fake-department';

useEngine();
const emf = captureEmf();
const bus = mockClient(EventBridgeClient);
beforeEach(() => {
  bus.reset();
  bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
});

describe('outgoing deliveries', () => {
  it('sends an escalated case once, signed, even when the event is heard twice', async () => {
    // Prepare
    const now = new Date('2026-08-01T02:00:00.000Z');
    const department = fakeDepartment();
    const { request, change } = await escalatedCase(department.departmentId, now);
    const meta = metaAt(now);
    // Act
    const first = await deliveryForChange(request.id, change, meta, now, department.ports);
    const again = await deliveryForChange(request.id, change, meta, now, department.ports);
    const report = await department.dispatchAt(now);
    await department.dispatchAt(new Date(now.getTime() + MINUTE));
    // Assess
    expect(first?.delivery.status).toBe('pending');
    expect(again).toBeUndefined();
    expect(report.sent).toBe(1);
    expect(department.received).toHaveLength(1);
    const [arrived] = department.received;
    expect(checkSignature(SECRET, arrived!.headers[SIGNATURE_HEADER], arrived!.body, now.getTime() / 1000)).toBe('valid');
    const message = JSON.parse(arrived!.body);
    expect(message).toMatchObject({ schemaVersion: 1, deliveryId: first!.delivery.id, event: 'escalated', case: { id: request.id, note: '请城管到场处置' } });
    expect(arrived!.body).not.toContain(request.residentId);
    const history = await listDeliveriesOf(request.id, { limit: 10 });
    expect(history.items.map((delivery) => [delivery.status, delivery.attempts])).toEqual([['sent', 0]]);
  });

  it('delivers a case once when the department comes back after an hour down', async () => {
    // Prepare
    const start = new Date('2026-08-01T03:00:00.000Z');
    const backAt = new Date(start.getTime() + HOUR);
    const department = fakeDepartment({ answer: (at) => (at < backAt ? { ok: false, reason: 'HTTP 503' } : { ok: true }) });
    const { request, change } = await escalatedCase(department.departmentId, start);
    const created = await deliveryForChange(request.id, change, metaAt(start), start, department.ports);
    // Act: the schedule runs every minute for two hours.
    for (let minute = 0; minute <= 120; minute += 1) await department.dispatchAt(new Date(start.getTime() + minute * MINUTE));
    // Assess
    expect(department.received).toHaveLength(1);
    expect(department.received[0]!.at.getTime()).toBeGreaterThanOrEqual(backAt.getTime());
    const delivered = await getDelivery(request.id, created!.delivery.id);
    expect(delivered?.delivery).toMatchObject({ status: 'sent', lastError: 'HTTP 503', firstAttemptAt: start.toISOString() });
    expect(delivered!.delivery.attempts).toBeGreaterThanOrEqual(6);
  });

  it('dead-letters a case after 24 hours of failures, and a redrive delivers it with the same id', async () => {
    // Prepare
    const start = new Date('2026-08-02T00:00:00.000Z');
    let down = true;
    const department = fakeDepartment({ answer: () => (down ? { ok: false, reason: 'network error' } : { ok: true }) });
    const { request, change } = await escalatedCase(department.departmentId, start);
    const created = await deliveryForChange(request.id, change, metaAt(start), start, department.ports);
    const deliveryId = created!.delivery.id;
    // Act: the schedule runs every five minutes for 26 hours.
    for (let minute = 0; minute <= 26 * 60; minute += 5) await department.dispatchAt(new Date(start.getTime() + minute * MINUTE));
    const dead = await getDelivery(request.id, deliveryId);
    const deadLetters = await listDeadDeliveries({ limit: 100 });
    down = false;
    const redriveAt = new Date(start.getTime() + 27 * HOUR);
    const redriven = await redriveDelivery(request.id, deliveryId, redriveAt);
    await department.dispatchAt(redriveAt);
    // Assess
    expect(dead?.delivery.status).toBe('dead');
    expect(new Date(dead!.delivery.deadAt!).getTime() - start.getTime()).toBeGreaterThanOrEqual(24 * HOUR);
    expect(deadLetters.items.map((delivery) => delivery.id)).toContain(deliveryId);
    expect(redriven).toMatchObject({ delivery: { status: 'pending', attempts: 0, redrives: 1 } });
    expect(department.received.map((arrival) => JSON.parse(arrival.body).deliveryId)).toEqual([deliveryId]);
    expect((await getDelivery(request.id, deliveryId))?.delivery.status).toBe('sent');
    expect((await listDeadDeliveries({ limit: 100 })).items.map((delivery) => delivery.id)).not.toContain(deliveryId);
  });

  it('dead-letters at once a case the department refuses with a 4xx, and a redrive of a sent one is refused', async () => {
    // Prepare
    const now = new Date('2026-08-03T00:00:00.000Z');
    const department = fakeDepartment({ answer: () => ({ ok: false, reason: 'HTTP 400', permanent: true }) });
    const { request, change } = await escalatedCase(department.departmentId, now);
    const created = await deliveryForChange(request.id, change, metaAt(now), now, department.ports);
    // Act
    const report = await department.dispatchAt(now);
    // Assess
    expect(report.dead).toBe(1);
    expect((await getDelivery(request.id, created!.delivery.id))?.delivery).toMatchObject({ status: 'dead', attempts: 1, lastError: 'HTTP 400' });
    expect(await redriveDelivery(request.id, 'no-such-delivery', now)).toBeUndefined();
  });

  it('defers what is over an endpoint’s rate limit to the next minute instead of dropping it', async () => {
    // Prepare
    const now = new Date('2026-08-04T00:00:10.000Z');
    const department = fakeDepartment({ ratePerMinute: 1 });
    const cases = [await escalatedCase(department.departmentId, now), await escalatedCase(department.departmentId, now)];
    for (const { request, change } of cases) await deliveryForChange(request.id, change, metaAt(now), now, department.ports);
    // Act
    const first = await department.dispatchAt(now);
    const second = await department.dispatchAt(new Date('2026-08-04T00:01:00.000Z'));
    // Assess
    expect(first).toMatchObject({ sent: 1, deferred: 1 });
    expect(second).toMatchObject({ sent: 1 });
    expect(department.received).toHaveLength(2);
  });

  it('makes no delivery for a department without an endpoint, or one that does not take the event', async () => {
    // Prepare
    const now = new Date('2026-08-05T00:00:00.000Z');
    const department = fakeDepartment();
    department.endpoint.events = ['withdrawn'];
    const subscribedElsewhere = await escalatedCase(department.departmentId, now);
    const nowhere = await escalatedCase(`dept-${newId()}`, now);
    // Act
    const notTaken = await deliveryForChange(subscribedElsewhere.request.id, subscribedElsewhere.change, metaAt(now), now, department.ports);
    const noEndpoint = await deliveryForChange(nowhere.request.id, nowhere.change, metaAt(now), now, department.ports);
    // Assess
    expect(notTaken).toBeUndefined();
    expect(noEndpoint).toBeUndefined();
  });
});

describe('the metrics of outgoing deliveries', () => {
  beforeEach(() => emf.clear());

  /** Runs the dispatcher at `at` as one invocation of the schedule, whose metrics are published when it ends. */
  const scheduledRun = (department: ReturnType<typeof fakeDepartment>) => withMetrics((at: Date) => department.dispatchAt(at));

  it('counts a delivery the department accepts as sent, and nothing as failed or dead', async () => {
    // Prepare
    const now = new Date('2026-08-06T00:00:00.000Z');
    const department = fakeDepartment();
    const { request, change } = await escalatedCase(department.departmentId, now);
    await deliveryForChange(request.id, change, metaAt(now), now, department.ports);
    // Act
    await scheduledRun(department)(now);
    // Assess
    expect(emf.sum('DepartmentDeliveriesSent')).toBe(1);
    expect(emf.sum('DepartmentDeliveriesFailed')).toBe(0);
    expect(emf.sum('DepartmentDeliveriesDead')).toBe(0);
  });

  it('counts each failed attempt, and the dead letter once when the 24 hours are over', async () => {
    // Prepare
    const start = new Date('2026-08-07T00:00:00.000Z');
    const department = fakeDepartment({ answer: () => ({ ok: false, reason: 'HTTP 503' }) });
    const { request, change } = await escalatedCase(department.departmentId, start);
    await deliveryForChange(request.id, change, metaAt(start), start, department.ports);
    const run = scheduledRun(department);
    // Act: two retried failures, then one after the retry window, then a run with nothing left to send.
    await run(start);
    await run(new Date(start.getTime() + MINUTE));
    const retried = { failed: emf.sum('DepartmentDeliveriesFailed'), dead: emf.sum('DepartmentDeliveriesDead') };
    await run(new Date(start.getTime() + 25 * HOUR));
    await run(new Date(start.getTime() + 26 * HOUR));
    // Assess
    expect(retried).toEqual({ failed: 2, dead: 0 });
    expect(emf.sum('DepartmentDeliveriesFailed')).toBe(3);
    expect(emf.sum('DepartmentDeliveriesDead')).toBe(1);
    expect(emf.sum('DepartmentDeliveriesSent')).toBe(0);
  });

  it('counts a case the department refuses with a 4xx as one failed attempt and one dead letter', async () => {
    // Prepare
    const now = new Date('2026-08-08T00:00:00.000Z');
    const department = fakeDepartment({ answer: () => ({ ok: false, reason: 'HTTP 400', permanent: true }) });
    const { request, change } = await escalatedCase(department.departmentId, now);
    await deliveryForChange(request.id, change, metaAt(now), now, department.ports);
    // Act
    await scheduledRun(department)(now);
    // Assess
    expect(emf.sum('DepartmentDeliveriesFailed')).toBe(1);
    expect(emf.sum('DepartmentDeliveriesDead')).toBe(1);
  });
});
