import { describe, expect, it } from 'vitest';
import { holdsStep, signatureProblem, stepOf } from '../../../shared/departments/callbacks';
import { callbackBodySchema } from '../../../shared/departments/model';
import { CALLBACK_PHOTOS_MAX, isDepartment } from '../../../shared/departments/terms';
import { assertEndpointUrl } from '../../../shared/departments/endpoints';
import type { CallbackBody } from '../../../shared/departments/model';
import { checkSignature, signatureOf } from '../../../shared/departments/signing';
import { planDepartmentStep, planTransition } from '../../../shared/requests/lifecycle';
import type { Request } from '../../../shared/requests/model';
import { NOW, after, statusOf, submitted, worker } from '../requests/fixtures';

const SECRET = 'whsec_test';
const body = JSON.stringify({ schemaVersion: 1, messageId: 'm-1', caseId: 'req-1', action: 'accept' });
const nowSeconds = Math.floor(NOW.getTime() / 1000);

/** A request accepted by its worker and escalated to urban management. */
function escalated(): Request {
  const accepted = planTransition(submitted(), { action: 'accept' }, worker, NOW).request;
  return planTransition(accepted, { action: 'escalate', department: 'urban_management' }, worker, after(1)).request;
}

const message = (action: CallbackBody['action'], extra: Partial<CallbackBody> = {}): CallbackBody => ({
  schemaVersion: 1,
  messageId: 'm-1',
  caseId: 'req-1',
  action,
  ...extra,
});

describe('a callback’s signature', () => {
  it('passes when signed over the exact body within five minutes, and says why otherwise', () => {
    // Prepare
    const signed = signatureOf(SECRET, nowSeconds, body);
    // Act
    const checks = [
      checkSignature(SECRET, signed, body, nowSeconds + 299),
      checkSignature(SECRET, signed, `${body} `, nowSeconds),
      checkSignature('another', signed, body, nowSeconds),
      checkSignature(SECRET, signed, body, nowSeconds + 301),
      checkSignature(SECRET, signatureOf(SECRET, nowSeconds + 400, body), body, nowSeconds),
      checkSignature(SECRET, 'v1=abc', body, nowSeconds),
      checkSignature(SECRET, undefined, body, nowSeconds),
    ];
    // Assess
    expect(checks).toEqual(['valid', 'mismatch', 'mismatch', 'stale', 'stale', 'malformed', 'missing']);
  });

  it('answers a stale signature with signature_expired and every other failure with signature_invalid, both 401', () => {
    // Act
    const problems = (['stale', 'mismatch', 'malformed', 'missing'] as const).map((check) => signatureProblem(check));
    // Assess
    expect(problems.map((problem) => `${problem.status} ${problem.code}`)).toEqual([
      '401 signature_expired',
      '401 signature_invalid',
      '401 signature_invalid',
      '401 signature_invalid',
    ]);
  });
});

describe('a callback’s step', () => {
  it('requires a note of need_info and return, and takes photos with resolve only', () => {
    // Act
    const withoutNote = statusOf(() => stepOf(message('return')));
    const photosOnAccept = statusOf(() => stepOf(message('accept', { photoUrls: ['https://x.cn/1.jpg'] })));
    const resolve = stepOf(message('resolve', { note: '已处理', photoUrls: ['https://x.cn/1.jpg'] }));
    // Assess
    expect([withoutNote, photosOnAccept]).toEqual([400, 400]);
    expect(resolve).toEqual({ action: 'resolve', note: '已处理', links: ['https://x.cn/1.jpg'] });
    expect(stepOf(message('need_info', { note: '门牌号？' }))).toEqual({ action: 'need-info', note: '门牌号？' });
  });

  it('takes photos as https links only, at most 4 of at most 500 characters each', () => {
    // Prepare
    const withPhotos = (photoUrls: string[]) => ({ ...message('resolve'), photoUrls });
    const https = (n: number) => `https://cg.example.cn/p/${n}.jpg`;
    // Act
    const taken = [
      callbackBodySchema.safeParse(withPhotos([https(1), https(2), https(3), https(4)])).success,
      callbackBodySchema.safeParse(withPhotos(['http://cg.example.cn/p/1.jpg'])).success,
      callbackBodySchema.safeParse(withPhotos(['javascript:alert(1)'])).success,
      callbackBodySchema.safeParse(withPhotos(Array.from({ length: CALLBACK_PHOTOS_MAX + 1 }, (_, n) => https(n)))).success,
      callbackBodySchema.safeParse(withPhotos([`https://cg.example.cn/${'p'.repeat(480)}.jpg`])).success,
    ];
    // Assess
    expect(taken).toEqual([true, false, false, false, false]);
  });

  it('keeps a resolution’s photos as links on its timeline step, apart from its note', () => {
    // Act
    const resolved = planDepartmentStep(escalated(), 'urban_management', { action: 'resolve', note: '已清理', links: ['https://x.cn/1.jpg'] }, after(2)).request;
    // Assess
    expect(resolved.timeline.at(-1)).toMatchObject({ action: 'resolve', note: '已清理', links: ['https://x.cn/1.jpg'] });
  });

  it('resolves an escalated case for the resident to confirm, and returns one to in progress', () => {
    // Prepare
    const request = escalated();
    // Act
    const resolved = planDepartmentStep(request, 'urban_management', { action: 'resolve', note: '已清理' }, after(2)).request;
    const returned = planDepartmentStep(request, 'urban_management', { action: 'return', note: '非城管职责' }, after(2)).request;
    // Assess
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: after(2).toISOString(), confirmDueAt: after(2 + 7 * 24).toISOString() });
    expect(resolved.timeline.at(-1)).toMatchObject({ actorId: 'urban_management', actorRole: 'department', action: 'resolve', from: 'escalated', to: 'resolved', note: '已清理' });
    expect(returned).toMatchObject({ status: 'in_progress', departmentResult: '非城管职责', returnedAt: after(2).toISOString() });
  });

  it('adds accept and need-info as steps that keep the case escalated, as often as they come', () => {
    // Act
    const once = planDepartmentStep(escalated(), 'urban_management', { action: 'accept' }, after(2)).request;
    const twice = planDepartmentStep(once, 'urban_management', { action: 'need-info', note: '门牌号？' }, after(3)).request;
    // Assess
    expect(twice.status).toBe('escalated');
    expect(twice.timeline.slice(-2).map((step) => `${step.action} ${step.from}>${step.to}`)).toEqual(['accept escalated>escalated', 'need-info escalated>escalated']);
  });

  it('answers 404 for a case never escalated to the department and 409 for one no longer with it', () => {
    // Prepare
    const request = escalated();
    const returned = planDepartmentStep(request, 'urban_management', { action: 'return', note: '退回' }, after(2)).request;
    // Act
    const otherDepartment = statusOf(() => planDepartmentStep(request, 'police', { action: 'accept' }, after(2)));
    const notEscalated = statusOf(() => planDepartmentStep(submitted(), 'urban_management', { action: 'accept' }, after(2)));
    const afterReturn = statusOf(() => planDepartmentStep(returned, 'urban_management', { action: 'resolve' }, after(3)));
    // Assess
    expect([otherDepartment, notEscalated, afterReturn]).toEqual([404, 404, 409]);
  });

  it('finds a step already on the timeline only when made by the department, for the action and note, after the message was first received', () => {
    // Prepare
    const asked = planDepartmentStep(escalated(), 'urban_management', { action: 'need-info', note: '门牌号？' }, after(2)).request;
    const seconds = (n: number) => new Date(after(2).getTime() + n * 1000).toISOString();
    // Act
    const found = [
      holdsStep(asked, 'urban_management', { action: 'need-info', note: '门牌号？' }, after(2).toISOString()),
      // Marked by a clock a little ahead of the one that stamped the step.
      holdsStep(asked, 'urban_management', { action: 'need-info', note: '门牌号？' }, seconds(3)),
      holdsStep(asked, 'urban_management', { action: 'need-info', note: '门牌号？' }, seconds(60)),
      holdsStep(asked, 'urban_management', { action: 'need-info', note: '联系电话？' }, after(2).toISOString()),
      holdsStep(asked, 'urban_management', { action: 'accept' }, after(2).toISOString()),
      holdsStep(asked, 'police', { action: 'need-info', note: '门牌号？' }, after(2).toISOString()),
    ];
    // Assess
    expect(found).toEqual([true, true, false, false, false, false]);
  });

  it('tells a resolution with other photos from the one on the timeline', () => {
    // Prepare
    const resolved = planDepartmentStep(escalated(), 'urban_management', { action: 'resolve', note: '已清理', links: ['https://x.cn/1.jpg'] }, after(2)).request;
    // Act
    const same = holdsStep(resolved, 'urban_management', { action: 'resolve', note: '已清理', links: ['https://x.cn/1.jpg'] }, after(2).toISOString());
    const other = holdsStep(resolved, 'urban_management', { action: 'resolve', note: '已清理', links: ['https://x.cn/2.jpg'] }, after(2).toISOString());
    // Assess
    expect([same, other]).toEqual([true, false]);
  });
});

describe('a department’s endpoint', () => {
  it('takes https anywhere, http only locally, and nothing with credentials in it', () => {
    // Act
    const answers = [
      statusOf(() => assertEndpointUrl('https://cg.example.cn/cases', 'aws')),
      statusOf(() => assertEndpointUrl('http://cg.example.cn/cases', 'aws')),
      statusOf(() => assertEndpointUrl('http://127.0.0.1:3006/cases', 'local')),
      statusOf(() => assertEndpointUrl('https://user:pw@cg.example.cn/', 'aws')),
      statusOf(() => assertEndpointUrl('not a url', 'local')),
    ];
    // Assess
    expect(answers).toEqual(['ok', 400, 'ok', 400, 400]);
    expect([isDepartment('urban_management'), isDepartment('fire_brigade')]).toEqual([true, false]);
  });
});
