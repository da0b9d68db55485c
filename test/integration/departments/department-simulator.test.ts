import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DepartmentSimulator, startDepartmentSimulator } from '../../../infra/local/department-simulator';
import { postToDepartment } from '../../../shared/departments/delivery-dispatch';
import { outgoingMessageOf, signedPost } from '../../../shared/departments/outgoing';
import { SIGNATURE_HEADER, checkSignature } from '../../../shared/departments/signing';

const SECRET = 'simulator-test-secret';

/** The service's callback route as the simulator sees it: records each callback and answers `applied`. */
const arrived: { path: string; body: string; signature: string }[] = [];
const gateway = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const signature = checkSignature(SECRET, request.headers[SIGNATURE_HEADER] as string | undefined, body, Math.floor(Date.now() / 1000));
    arrived.push({ path: request.url ?? '', body, signature });
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ outcome: 'applied' }));
  });
});
let simulator: DepartmentSimulator;

beforeAll(async () => {
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  simulator = await startDepartmentSimulator({ departmentId: 'urban_management', secret: async () => SECRET, gatewayUrl: () => gatewayUrl, delayMs: 1 });
});
afterAll(async () => {
  await simulator.close();
  await new Promise((resolve) => gateway.close(resolve));
});

/** A signed escalation of case `caseId` as the dispatcher POSTs it. */
const escalation = (caseId: string, secret = SECRET) => {
  const outgoing = { id: caseId, categoryId: 'c', categoryName: '占道经营', description: '摆摊', status: 'escalated', gridId: 'g', communityId: 'c', callbackUrl: '/departments/urban_management/callbacks' };
  return signedPost(outgoingMessageOf({ id: `delivery-${caseId}`, event: 'escalated' }, outgoing, new Date()), secret, new Date());
};

describe('the department simulator', () => {
  it('takes a signed case and calls back accept, then resolve, signed with the same secret', async () => {
    // Act
    const outcome = await postToDepartment(simulator.casesUrl, escalation('case-1'), 5_000);
    await simulator.settled();
    // Assess
    expect(outcome).toEqual({ ok: true });
    const callbacks = arrived.filter((callback) => JSON.parse(callback.body).caseId === 'case-1');
    expect(callbacks.map((callback) => [callback.path, JSON.parse(callback.body).action, callback.signature])).toEqual([
      ['/departments/urban_management/callbacks', 'accept', 'valid'],
      ['/departments/urban_management/callbacks', 'resolve', 'valid'],
    ]);
    expect(JSON.parse(callbacks[0]!.body)).toMatchObject({ schemaVersion: 1, deliveryId: 'delivery-case-1' });
  });

  it('refuses a case signed with another secret, and acts once on a delivery sent twice', async () => {
    // Act
    const forged = await postToDepartment(simulator.casesUrl, escalation('case-2', 'not-the-secret'), 5_000);
    const once = await postToDepartment(simulator.casesUrl, escalation('case-3'), 5_000);
    const twice = await postToDepartment(simulator.casesUrl, escalation('case-3'), 5_000);
    await simulator.settled();
    // Assess
    expect(forged).toEqual({ ok: false, reason: 'HTTP 401', permanent: true });
    expect([once, twice]).toEqual([{ ok: true }, { ok: true }]);
    expect(arrived.filter((callback) => JSON.parse(callback.body).caseId === 'case-2')).toEqual([]);
    expect(arrived.filter((callback) => JSON.parse(callback.body).caseId === 'case-3')).toHaveLength(2);
  });

  it('can be told to fail the next deliveries with 503, to be down, and to answer each callback twice', async () => {
    // Prepare
    simulator.behaviour.failNext = 2;
    // Act
    const failing = [await postToDepartment(simulator.casesUrl, escalation('case-4'), 5_000), await postToDepartment(simulator.casesUrl, escalation('case-4'), 5_000)];
    simulator.behaviour.down = true;
    const down = await postToDepartment(simulator.casesUrl, escalation('case-4'), 5_000);
    simulator.behaviour.down = false;
    simulator.behaviour.answerTwice = true;
    const back = await postToDepartment(simulator.casesUrl, escalation('case-4'), 5_000);
    await simulator.settled();
    simulator.behaviour.answerTwice = false;
    // Assess
    expect(failing).toEqual([{ ok: false, reason: 'HTTP 503' }, { ok: false, reason: 'HTTP 503' }]);
    expect(down).toEqual({ ok: false, reason: 'network error' });
    expect(back).toEqual({ ok: true });
    const messages = arrived.filter((callback) => JSON.parse(callback.body).caseId === 'case-4').map((callback) => JSON.parse(callback.body));
    expect(messages.map((message) => message.action)).toEqual(['accept', 'accept', 'resolve', 'resolve']);
    expect(messages[0].messageId).toBe(messages[1].messageId);
    expect(messages[2].messageId).toBe(messages[3].messageId);
  });
});
