import { describe, expect, it } from 'vitest';
import { routeCatalogue } from '../../shared/routes';
import { useRuntime } from '../support/runtime';

/**
 * Linked handling (联动处置) over HTTP, outgoing half: a case escalated to urban management goes to
 * its system (the local department simulator, infra/local/department-simulator.ts) signed, and the
 * simulator answers through `POST /departments/{id}/callbacks`.
 */
const { api, signIn, runtime } = useRuntime({ departmentSimulator: { delayMs: 5 } });

/** Inside lushan-g1, the demo grid worker's grid. */
const inLushanG1 = { lat: 32.003, lng: 118.742 };

/** The department's answers come back through the callback route (shared/departments: the departments helper's). */
const callbacksRouted = Object.values(routeCatalogue).some((route) => route.method === 'POST' && route.path === '/departments/{departmentId}/callbacks');

/** A resident's request in lushan-g1, accepted by its grid worker and escalated to urban management. */
async function escalatedCase(resident: string, worker: string): Promise<string> {
  const submitted = await api('POST', '/requests', {
    token: resident,
    body: { categoryId: 'facility-repair', description: '人行道上井盖缺失，很危险', location: inLushanG1, attributes: { facility: 'streetlight' } },
  });
  const id = submitted.body.id as string;
  await api('POST', `/requests/${id}/accept`, { token: worker, body: {} });
  const escalated = await api('POST', `/requests/${id}/escalate`, { token: worker, body: { department: 'urban_management', note: '需城管执法' } });
  expect(escalated.status).toBe(200);
  return id;
}

describe('cases out to a department', () => {
  it('sends a case escalated to urban management to its system, signed, once, and shows the delivery in the case’s history', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const simulator = runtime().departmentSimulator!;
    const before = simulator.received.length;
    // Act
    const id = await escalatedCase(resident, worker);
    await runtime().bus.idle();
    const history = await api('GET', `/requests/${id}/deliveries`, { token: worker });
    const residentsView = await api('GET', `/requests/${id}/deliveries`, { token: resident });
    // Assess
    const arrived = simulator.received.slice(before).filter((received) => received.caseId === id);
    expect(arrived).toEqual([expect.objectContaining({ event: 'escalated', signature: 'valid' })]);
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([expect.objectContaining({ departmentId: 'urban_management', event: 'escalated', status: 'sent', attempts: 0 })]);
    expect(history.body.items[0].id).toBe(arrived[0]!.deliveryId);
    expect(residentsView.status).toBe(403);
    expect(runtime().tableAccessDenials()).toEqual([]);
    expect(runtime().secretAccessDenials()).toEqual([]);
  });

  it('retries a case the department’s system refused with 503 until it takes it, with the same delivery id', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const simulator = runtime().departmentSimulator!;
    simulator.behaviour.failNext = 1;
    // Act
    const id = await escalatedCase(resident, worker);
    await runtime().bus.idle();
    const afterFailure = await api('GET', `/requests/${id}/deliveries`, { token: worker });
    await runtime().runSchedule('department-dispatcher', new Date(Date.now() + 2 * 60_000));
    const afterRetry = await api('GET', `/requests/${id}/deliveries`, { token: worker });
    // Assess
    expect(afterFailure.body.items).toEqual([expect.objectContaining({ status: 'pending', attempts: 1, lastError: 'HTTP 503' })]);
    expect(afterRetry.body.items).toEqual([expect.objectContaining({ id: afterFailure.body.items[0].id, status: 'sent', attempts: 1 })]);
    expect(simulator.received.filter((received) => received.caseId === id && received.signature === 'valid')).toHaveLength(1);
  });

  it('cancels an escalation that never reached the department when the case is returned, and sends neither it nor a withdrawal', async () => {
    // Prepare: the case is escalated while urban management's system is down (its first attempt fails).
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const simulator = runtime().departmentSimulator!;
    simulator.behaviour.down = true;
    const id = await escalatedCase(resident, worker);
    await runtime().bus.idle();
    simulator.behaviour.down = false;
    // Act: the grid worker takes the case back; then the system is up and the schedule runs.
    const back = await api('POST', `/requests/${id}/return`, { token: worker, body: { result: '非城管职责，网格自行处置' } });
    await runtime().bus.idle();
    await runtime().runSchedule('department-dispatcher', new Date(Date.now() + 5 * 60_000));
    const history = await api('GET', `/requests/${id}/deliveries`, { token: worker });
    // Assess
    expect(back.status).toBe(200);
    expect(simulator.received.filter((received) => received.caseId === id)).toEqual([]);
    expect(history.body.items).toEqual([expect.objectContaining({ event: 'escalated', status: 'cancelled', attempts: 1, cancelledAt: expect.any(String) })]);
    expect(runtime().tableAccessDenials()).toEqual([]);
  });

  it('redrives a dead delivery at once when an admin asks, and answers it sent', async () => {
    // Prepare: the system is down for more than the 24-hour retry window (the schedule runs a day later), so the case is dead-lettered.
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const admin = await signIn('demo-admin');
    const simulator = runtime().departmentSimulator!;
    simulator.behaviour.down = true;
    const id = await escalatedCase(resident, worker);
    await runtime().bus.idle();
    await runtime().runSchedule('department-dispatcher', new Date(Date.now() + 25 * 3600_000));
    simulator.behaviour.down = false;
    const [dead] = (await api('GET', `/requests/${id}/deliveries`, { token: worker })).body.items;
    // Act
    const redriven = await api('POST', `/requests/${id}/deliveries/${dead.id}/redrive`, { token: admin });
    await simulator.settled();
    await runtime().bus.idle();
    // Assess
    expect(dead).toMatchObject({ status: 'dead' });
    expect(redriven.status).toBe(200);
    expect(redriven.body).toMatchObject({ id: dead.id, status: 'sent', redrives: 1, sentAt: expect.any(String) });
    expect(simulator.received.filter((received) => received.caseId === id && received.signature === 'valid').map((received) => received.deliveryId)).toEqual([dead.id]);
    expect(runtime().tableAccessDenials()).toEqual([]);
    expect(runtime().secretAccessDenials()).toEqual([]);
  });

  it.skipIf(!callbacksRouted)('takes the department’s resolution sent twice once, and asks the resident to confirm', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const simulator = runtime().departmentSimulator!;
    simulator.behaviour.answerTwice = true;
    // Act
    const id = await escalatedCase(resident, worker);
    await runtime().bus.idle();
    await simulator.settled();
    await runtime().bus.idle();
    const request = await api('GET', `/requests/${id}`, { token: resident });
    simulator.behaviour.answerTwice = false;
    // Assess
    const answers = simulator.callbacks.filter((callback) => callback.caseId === id);
    expect(answers.map((callback) => [callback.action, callback.status, JSON.parse(callback.answer).outcome])).toEqual([
      ['accept', 200, 'applied'],
      ['accept', 200, 'duplicate'],
      ['resolve', 200, 'applied'],
      ['resolve', 200, 'duplicate'],
    ]);
    expect(request.body.status).toBe('resolved');
    expect(request.body.confirmDueAt).toEqual(expect.any(String));
    const resolutions = (request.body.timeline as { action: string }[]).filter((entry) => entry.action === 'resolve');
    expect(resolutions).toHaveLength(1);
  });
});
