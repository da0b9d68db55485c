import { describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../shared/aws/clients';
import { config } from '../../shared/config';
import { signatureOf } from '../../shared/departments/signing';
import { keys } from '../../shared/table/design';
import { saveUser } from '../../shared/users/repository';
import { aUser } from '../support/people';
import { useRuntime } from '../support/runtime';

/**
 * Linked handling (联动处置) over HTTP, the departments' side: city-wide admins configure a
 * department's endpoint and make its signing secret (shown once), and the department's system
 * answers about a case through `POST /departments/{id}/callbacks`, signed; whatever is refused
 * changes nothing.
 */
const { api, signIn, runtime } = useRuntime();

/** Inside lushan-g1, the demo grid worker's grid. */
const inLushanG1 = { lat: 32.003, lng: 118.742 };
const DEPARTMENT = 'urban_management';

/** The endpoint as an admin sets it: paused, so nothing goes out to its (unreachable) URL meanwhile. */
const endpointBody = { name: '城管数字平台', url: 'http://127.0.0.1:9/cases', categories: [], events: ['escalated'], ratePerMinute: 60, status: 'paused' };

let secret: Promise<string> | undefined;
/** Urban management configured, and its signing secret as the one rotation answer showed it. */
function departmentSecret(): Promise<string> {
  secret ??= (async () => {
    const admin = await signIn('demo-admin');
    const put = await api('PUT', `/departments/${DEPARTMENT}/endpoint`, { token: admin, body: endpointBody });
    if (put.status !== 200) throw new Error(`PUT endpoint: ${put.status} ${JSON.stringify(put.body)}`);
    const rotated = await api('POST', `/departments/${DEPARTMENT}/signing-secret`, { token: admin });
    if (rotated.status !== 201) throw new Error(`rotate: ${rotated.status} ${JSON.stringify(rotated.body)}`);
    return rotated.body.secret as string;
  })();
  return secret;
}

/** A resident's request, accepted by its grid worker and escalated to `department`. */
async function escalatedCase(department = DEPARTMENT): Promise<string> {
  const resident = await signIn('demo-resident');
  const worker = await signIn('demo-grid-worker');
  const submitted = await api('POST', '/requests', {
    token: resident,
    body: { categoryId: 'facility-repair', description: '人行道上井盖缺失，很危险', location: inLushanG1, attributes: { facility: 'streetlight' } },
  });
  const id = submitted.body.id as string;
  await api('POST', `/requests/${id}/accept`, { token: worker, body: {} });
  const escalated = await api('POST', `/requests/${id}/escalate`, { token: worker, body: { department, note: '需部门处置' } });
  expect(escalated.status).toBe(200);
  return id;
}

let messages = 0;
/** A callback body for the case. */
const callback = (caseId: string, action: string, extra: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  messageId: `cg-${Date.now()}-${(messages += 1)}`,
  caseId,
  action,
  ...extra,
});

/** Sends a callback signed with `key` at `at` (unix seconds; now by default). */
async function send(body: unknown, options: { key?: string; at?: number; department?: string; signature?: string } = {}) {
  const text = JSON.stringify(body);
  const at = options.at ?? Math.floor(Date.now() / 1000);
  const signature = options.signature ?? signatureOf(options.key ?? (await departmentSecret()), at, text);
  return api('POST', `/departments/${options.department ?? DEPARTMENT}/callbacks`, {
    rawBody: text,
    headers: { 'content-type': 'application/json', 'x-grid-signature': signature },
  });
}

/** The case as its grid worker sees it. */
async function caseOf(id: string) {
  return (await api('GET', `/requests/${id}`, { token: await signIn('demo-grid-worker') })).body;
}

describe('departments’ endpoints', () => {
  it('lets a city-wide admin set, read and list an endpoint, and shows its secret only in the answer that made it', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    // Act
    const made = await departmentSecret();
    const one = await api('GET', `/departments/${DEPARTMENT}/endpoint`, { token: admin });
    const list = await api('GET', '/departments', { token: admin });
    const rotatedAgain = await api('POST', `/departments/${DEPARTMENT}/signing-secret`, { token: admin });
    secret = Promise.resolve(rotatedAgain.body.secret as string);
    // Assess
    expect(made).toMatch(/^whsec_/);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ departmentId: DEPARTMENT, name: endpointBody.name, url: endpointBody.url, status: 'paused', hasSigningSecret: true });
    expect(list.body.items.map((item: { departmentId: string }) => item.departmentId)).toContain(DEPARTMENT);
    expect(rotatedAgain.body.secret).not.toBe(made);
    for (const answer of [one.body, list.body]) {
      expect(JSON.stringify(answer)).not.toContain(made);
      expect(JSON.stringify(answer)).not.toContain(rotatedAgain.body.secret);
    }
  });

  it('refuses endpoints and secrets to anyone but city-wide admins', async () => {
    // Prepare
    await saveUser(aUser('lushan-admin', { role: 'admin', units: ['lushan'] }));
    const communityAdmin = await signIn('lushan-admin');
    const worker = await signIn('demo-grid-worker');
    // Act
    const statuses = [
      (await api('GET', '/departments', { token: communityAdmin })).status,
      (await api('PUT', `/departments/${DEPARTMENT}/endpoint`, { token: communityAdmin, body: endpointBody })).status,
      (await api('POST', `/departments/${DEPARTMENT}/signing-secret`, { token: communityAdmin })).status,
      (await api('GET', `/departments/${DEPARTMENT}/endpoint`, { token: worker })).status,
    ];
    // Assess
    expect(statuses).toEqual([403, 403, 403, 403]);
  });

  it('refuses an endpoint that is not http(s), and an unknown department', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    // Act
    const ftp = await api('PUT', `/departments/${DEPARTMENT}/endpoint`, { token: admin, body: { ...endpointBody, url: 'ftp://example.cn/cases' } });
    const unknown = await api('PUT', '/departments/fire_brigade/endpoint', { token: admin, body: endpointBody });
    // Assess
    expect([ftp.status, ftp.body.errors?.[0]?.field]).toEqual([400, 'body.url']);
    expect(unknown.status).toBe(404);
  });
});

describe('callbacks from a department', () => {
  it('resolves a case once however often the department sends it, and asks the resident to confirm', async () => {
    // Prepare
    const id = await escalatedCase();
    const accept = callback(id, 'accept', { note: '已受理' });
    const resolve = callback(id, 'resolve', { note: '已清理占道摊点', photoUrls: ['https://cg.example.cn/p/1.jpg'] });
    // Act
    const accepted = await send(accept);
    const acceptedAgain = await send(callback(id, 'accept'));
    const resolved = await send(resolve);
    const resent = await send(resolve);
    const view = await caseOf(id);
    await runtime().bus.idle();
    const inbox = await api('GET', '/me/notifications', { token: await signIn('demo-resident') });
    // Assess
    expect([accepted.status, accepted.body]).toEqual([200, { outcome: 'applied' }]);
    expect(acceptedAgain.body).toEqual({ outcome: 'applied' });
    expect([resolved.status, resolved.body]).toEqual([200, { outcome: 'applied' }]);
    expect([resent.status, resent.body]).toEqual([200, { outcome: 'duplicate' }]);
    expect(view.status).toBe('resolved');
    expect(view.confirmDueAt).toEqual(expect.any(String));
    const steps = view.timeline.filter((step: { actorRole: string }) => step.actorRole === 'department');
    expect(steps.map((step: { action: string; actorId: string }) => `${step.actorId} ${step.action}`)).toEqual([
      `${DEPARTMENT} accept`,
      `${DEPARTMENT} accept`,
      `${DEPARTMENT} resolve`,
    ]);
    expect(steps[2].note).toBe('已清理占道摊点');
    expect(steps[2].links).toEqual(['https://cg.example.cn/p/1.jpg']);
    const told = inbox.body.items.filter((item: { kind: string; subject?: { id: string } }) => item.kind === 'request.resolve' && item.subject?.id === id);
    expect(told).toHaveLength(1);
  });

  it('applies a resolution sent twice at the same moment once', async () => {
    // Prepare
    const id = await escalatedCase();
    const resolve = callback(id, 'resolve', { note: '已修复' });
    // Act
    const answers = await Promise.all([send(resolve), send(resolve)]);
    const view = await caseOf(id);
    // Assess
    expect(answers.map((answer) => answer.body.outcome).sort()).toEqual(['applied', 'duplicate']);
    expect(view.timeline.filter((step: { actorRole: string; action: string }) => step.actorRole === 'department' && step.action === 'resolve')).toHaveLength(1);
  });

  it('finishes a callback a crash cut short: the next delivery applies a step its mark holds but the case lacks, and only that once', async () => {
    // Prepare
    const id = await escalatedCase();
    const resolve = callback(id, 'resolve', { note: '已修复' });
    /** The mark a run leaves when it dies after putting it, before marking it applied. */
    const leaveMarkReceived = (at: Date) =>
      documents().send(
        new PutCommand({
          TableName: config().tableName,
          Item: { ...keys.departmentCallback(DEPARTMENT, resolve.messageId), state: 'received', receivedAt: at.toISOString(), expiresAt: Math.floor(at.getTime() / 1000) + 3600 },
        }),
      );
    const receivedAt = new Date(Date.now() - 1000);
    await leaveMarkReceived(receivedAt);
    // Act
    const diedBeforeApplying = await send(resolve);
    await leaveMarkReceived(receivedAt);
    const diedAfterApplying = await send(resolve);
    const view = await caseOf(id);
    // Assess
    expect([diedBeforeApplying.body, diedAfterApplying.body]).toEqual([{ outcome: 'applied' }, { outcome: 'duplicate' }]);
    expect(view.status).toBe('resolved');
    expect(view.timeline.filter((step: { actorRole: string; action: string }) => step.actorRole === 'department' && step.action === 'resolve')).toHaveLength(1);
  });

  it('returns a case to its grid worker, and answers a step on it afterwards with 409, changing nothing', async () => {
    // Prepare
    const id = await escalatedCase();
    // Act
    const returned = await send(callback(id, 'return', { note: '不属于城管职责' }));
    const before = await caseOf(id);
    const late = await send(callback(id, 'resolve', { note: '已处理' }));
    const after = await caseOf(id);
    // Assess
    expect(returned.body).toEqual({ outcome: 'applied' });
    expect(before.status).toBe('in_progress');
    expect([late.status, late.body.code]).toEqual([409, 'case_not_with_department']);
    expect(after.version).toBe(before.version);
  });

  it('refuses a bad signature, an old timestamp, an unknown case or department, another department’s case, a step without its note and a photo not by https, changing nothing', async () => {
    // Prepare
    const id = await escalatedCase();
    const policeCase = await escalatedCase('police');
    const before = await caseOf(id);
    const old = Math.floor(Date.now() / 1000) - 600;
    // Act
    const answers = [
      await send(callback(id, 'resolve'), { key: 'not-the-secret' }),
      await send(callback(id, 'resolve'), { signature: 'garbage' }),
      await send(callback(id, 'resolve'), { at: old }),
      await send(callback('no-such-case', 'resolve')),
      await send(callback(id, 'resolve'), { department: 'fire_brigade' }),
      await send(callback(policeCase, 'resolve')),
      await send(callback(id, 'need_info')),
      await send(callback(id, 'resolve', { photoUrls: ['http://cg.example.cn/p/1.jpg'] })),
    ].map((answer) => `${answer.status} ${answer.body.code}`);
    const after = await caseOf(id);
    // Assess
    expect(answers).toEqual([
      '401 signature_invalid',
      '401 signature_invalid',
      '401 signature_expired',
      '404 not_found',
      '404 not_found',
      '404 not_found',
      '400 validation_failed',
      '400 validation_failed',
    ]);
    expect(after.version).toBe(before.version);
    expect(after.status).toBe('escalated');
  });

  it('answers a need_info sent twice as a duplicate, with one step on the timeline', async () => {
    // Prepare
    const id = await escalatedCase();
    const message = callback(id, 'need_info', { note: '请提供具体门牌号' });
    // Act
    const first = await send(message);
    const again = await send(message);
    // Assess
    expect(first.body).toEqual({ outcome: 'applied' });
    expect(again.body).toEqual({ outcome: 'duplicate' });
    expect((await caseOf(id)).timeline.filter((step: { action: string }) => step.action === 'need-info')).toHaveLength(1);
  });

  it('keeps no mark of a refused message: sent again once the case is with the department again, it applies', async () => {
    // Prepare
    const id = await escalatedCase();
    await send(callback(id, 'return', { note: '请补充材料后再转' }));
    const message = callback(id, 'accept', { note: '已受理' });
    const refused = await send(message);
    const worker = await signIn('demo-grid-worker');
    await api('POST', `/requests/${id}/escalate`, { token: worker, body: { department: DEPARTMENT, note: '已补充材料' } });
    // Act
    const resent = await send(message);
    // Assess
    expect(refused.status).toBe(409);
    expect(resent.body).toEqual({ outcome: 'applied' });
  });
});
