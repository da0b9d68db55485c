import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDelivery, listDeadDeliveries } from '../../../shared/departments/deliveries';
import { deliveryForChange } from '../../../shared/departments/outgoing-changes';
import { redriveNow } from '../../../shared/departments/redrive';
import { useEngine } from '../../support/engine';
import { HOUR, MINUTE, escalatedCase, fakeDepartment, metaAt } from './fake-department';

/** A redrive tries the delivery at once, through the dispatcher's claim, and answers how that went. */
useEngine();
const bus = mockClient(EventBridgeClient);
beforeEach(() => {
  bus.reset();
  bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
});

/** A case whose escalation went dead: the department refused it for good at `at` (it answers as `state` says afterwards). */
async function deadEscalation(at: Date) {
  const state = { refusing: true, down: false };
  const department = fakeDepartment({
    answer: () => (state.refusing ? { ok: false, reason: 'HTTP 400', permanent: true } : state.down ? { ok: false, reason: 'HTTP 503' } : { ok: true }),
  });
  const { request, change } = await escalatedCase(department.departmentId, at);
  const created = await deliveryForChange(request.id, change, metaAt(at), at, department.ports);
  await department.dispatchAt(at);
  state.refusing = false;
  return { department, state, requestId: request.id, deliveryId: created!.delivery.id };
}

describe('redriving a dead delivery', () => {
  it('sends it at once and answers it sent, with the same id; the schedule sends nothing more', async () => {
    // Prepare
    const start = new Date('2026-10-01T02:00:00.000Z');
    const { department, requestId, deliveryId } = await deadEscalation(start);
    const redriveAt = new Date(start.getTime() + HOUR);
    // Act
    const answered = await redriveNow(requestId, deliveryId, redriveAt, department.ports);
    await department.dispatchAt(new Date(redriveAt.getTime() + MINUTE));
    // Assess
    expect(answered).toMatchObject({ id: deliveryId, status: 'sent', sentAt: redriveAt.toISOString(), redrives: 1, attempts: 0 });
    expect(department.received.map((arrival) => JSON.parse(arrival.body).deliveryId)).toEqual([deliveryId]);
    expect((await listDeadDeliveries({ limit: 100 })).items.map((delivery) => delivery.id)).not.toContain(deliveryId);
  });

  it('answers it pending with why, when the department is still down, and the schedule sends it once it is back', async () => {
    // Prepare
    const start = new Date('2026-10-02T02:00:00.000Z');
    const { department, state, requestId, deliveryId } = await deadEscalation(start);
    state.down = true;
    const redriveAt = new Date(start.getTime() + HOUR);
    // Act
    const answered = await redriveNow(requestId, deliveryId, redriveAt, department.ports);
    state.down = false;
    await department.dispatchAt(new Date(redriveAt.getTime() + 2 * MINUTE));
    // Assess
    expect(answered).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503', firstAttemptAt: redriveAt.toISOString(), nextAttemptAt: expect.any(String) });
    expect((await getDelivery(requestId, deliveryId))?.delivery.status).toBe('sent');
    expect(department.received).toHaveLength(1);
  });

  it('sends it once when a dispatcher run finds it due at the same moment', async () => {
    // Prepare
    const start = new Date('2026-10-03T02:00:00.000Z');
    const { department, requestId, deliveryId } = await deadEscalation(start);
    const redriveAt = new Date(start.getTime() + HOUR);
    // Act
    const [answered] = await Promise.all([redriveNow(requestId, deliveryId, redriveAt, department.ports), department.dispatchAt(redriveAt), department.dispatchAt(redriveAt)]);
    // Assess
    expect(department.received).toHaveLength(1);
    expect((await getDelivery(requestId, deliveryId))?.delivery.status).toBe('sent');
    // The answer is the delivery after this request's attempt: sent, or (a run claimed it first) still pending under its lease.
    expect(['sent', 'pending']).toContain((answered as { status: string }).status);
  });

  it('refuses a delivery that is not dead, and one that does not exist', async () => {
    // Prepare
    const start = new Date('2026-10-04T02:00:00.000Z');
    const { department, requestId, deliveryId } = await deadEscalation(start);
    await redriveNow(requestId, deliveryId, start, department.ports);
    // Act
    const again = await redriveNow(requestId, deliveryId, start, department.ports);
    const unknown = await redriveNow(requestId, 'no-such-delivery', start, department.ports);
    // Assess
    expect(again).toBe('not-dead');
    expect(unknown).toBeUndefined();
  });
});
