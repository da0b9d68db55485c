import { describe, expect, it } from 'vitest';
import { saveMember } from '../../shared/organisation/repository';
import { saveUser } from '../../shared/users/repository';
import { localMonthOf } from '../../shared/time/local';
import { DEMO_WECOM_ROBOT_KEY } from '../../infra/local/seeds/organisation';
import { useLoopbackWeChat } from '../support/notifications-loopback';
import { type ApiResponse, useRuntime } from '../support/runtime';

// The loopback WeCom/WeChat fake starts first and points WECOM_BASE_URL at itself; then the runtime.
const fake = useLoopbackWeChat();
const { api, signIn, runtime } = useRuntime();

/** Inside lushan-g1 (lng 118.740–118.744, lat 31.998–32.008). */
const inLushanG1 = { lat: 32.003, lng: 118.742 };
/** Inside lushan-g2 (lng 118.744–118.748). */
const inLushanG2 = { lat: 32.001, lng: 118.746 };
const thisMonth = () => localMonthOf(new Date());

const published = (detailType: string, requestId: string) =>
  runtime().bus.published.filter(
    (event) => event['detail-type'] === detailType && (event.detail as { data: { requestId: string } }).data.requestId === requestId,
  );

/** Another resident and a grid worker of lushan-g2, written straight into the engine the runtime uses. */
async function morePeople() {
  const createdAt = '2026-01-01T00:00:00.000Z';
  await saveUser({ id: 'e2e-neighbour', displayName: '邻居', role: 'resident', units: [], stations: [], createdAt, homeGridId: 'lushan-g2' });
  await saveUser({ id: 'e2e-worker-g2', displayName: '二网格员', role: 'grid_worker', units: ['lushan-g2'], stations: [], createdAt });
  await saveMember({ unitId: 'lushan-g2', userId: 'e2e-worker-g2', memberRole: 'grid_worker', joinedAt: createdAt, addedBy: 'test' }, []);
}

describe('the closed loop over HTTP', () => {
  it('routes a request from a Lushan location to lushan-g1’s worker and follows it to a rated close and the month’s report', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const admin = await signIn('demo-admin');
    const submission = {
      categoryId: 'facility-repair',
      description: '小区门口路灯不亮已经三天了',
      location: inLushanG1,
      attributes: { facility: 'streetlight' },
    };

    // Act
    const submitted = await api('POST', '/requests', { token: resident, body: submission, headers: { 'idempotency-key': 'e2e-submit-0001' } });
    const resubmitted = await api('POST', '/requests', { token: resident, body: submission, headers: { 'idempotency-key': 'e2e-submit-0001' } });
    await runtime().bus.idle();
    const id = submitted.body.id as string;
    const workerInbox = await api('GET', '/me/notifications', { token: worker });
    const queue = await api('GET', '/me/queue?status=submitted', { token: worker });
    const accepted = await api('POST', `/requests/${id}/accept`, { token: worker, body: {}, headers: { 'if-match': submitted.headers.get('etag')! } });
    const resolved = await api('POST', `/requests/${id}/resolve`, {
      token: worker,
      body: { note: '已更换灯泡' },
      headers: { 'if-match': accepted.headers.get('etag')! },
    });
    const closed = await api('POST', `/requests/${id}/confirm`, { token: resident, body: { rating: 5, comment: '很快，谢谢' } });
    await runtime().bus.idle();
    const mine = await api('GET', '/me/requests', { token: resident });
    const residentInbox = await api('GET', '/me/notifications', { token: resident });
    const workerInboxAfter = await api('GET', '/me/notifications', { token: worker });
    const report = await api('GET', `/reports/monthly?scope=lushan&month=${thisMonth()}`, { token: admin });

    // Assess
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ gridId: 'lushan-g1', assigneeId: 'demo-grid-worker', communityId: 'lushan', routedBy: 'location', status: 'submitted' });
    expect(submitted.headers.get('etag')).toBe('"1"');
    expect(resubmitted.body.id).toBe(id);
    expect(resubmitted.headers.get('idempotent-replayed')).toBe('true');
    expect(published('request.submitted', id).map((event) => (event.detail as { data: unknown }).data)).toEqual([
      expect.objectContaining({ assigneeId: 'demo-grid-worker', gridId: 'lushan-g1', categoryName: '设施维修' }),
    ]);
    // The worker's inbox and lushan-g1's WeCom group robot (the seeded one, answered by the loopback).
    expect(workerInbox.body.items.filter((item: { subject?: { id: string } }) => item.subject?.id === id)).toEqual([
      expect.objectContaining({ kind: 'request.submitted', title: expect.stringContaining('新诉求（设施维修）') }),
    ]);
    // The group hears the category, the grid and the request's id, never the resident's words.
    expect(fake.delivered(DEMO_WECOM_ROBOT_KEY).filter((call) => call.content.includes(id))).toEqual([
      expect.objectContaining({ content: expect.stringContaining('新诉求（设施维修）') }),
    ]);
    expect(fake.delivered(DEMO_WECOM_ROBOT_KEY).filter((call) => call.content.includes('小区门口路灯不亮'))).toEqual([]);
    expect(queue.body.items.map((item: { id: string }) => item.id)).toContain(id);
    expect(accepted.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    expect(closed.body).toMatchObject({ status: 'closed', rating: 5, version: 4 });
    expect(closed.body.timeline.map((step: { action: string }) => step.action)).toEqual(['submit', 'accept', 'resolve', 'confirm']);
    expect(published('request.status-changed', id)).toHaveLength(3);
    expect(mine.body.items[0].id).toBe(id);
    // Every status change reached the resident; the rating reached the worker. (The submission's
    // Idempotency-Key must not disturb the consumers' own idempotency in this one process.)
    const kindsFor = (inbox: { body: { items: { kind: string; subject?: { id: string } }[] } }) =>
      inbox.body.items.filter((item) => item.subject?.id === id).map((item) => item.kind).sort();
    expect(kindsFor(residentInbox)).toEqual(['request.accept', 'request.confirm', 'request.received', 'request.resolve']);
    expect(kindsFor(workerInboxAfter)).toEqual(['request.rated', 'request.submitted']);
    const repairs = report.body.byCategory.find((row: { categoryId: string }) => row.categoryId === 'facility-repair');
    expect(repairs.figures).toMatchObject({
      total: 1,
      acceptedOnTime: { count: 1, of: 1, rate: 1 },
      resolvedOnTime: { count: 1, of: 1, rate: 1 },
      satisfied: { count: 1, of: 1, rate: 1 },
      reopened: { count: 0, of: 1, rate: 0 },
    });
  });

  it('sends a request without a location to the resident’s home grid, and refuses a place outside every grid', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    // Act
    const home = await api('POST', '/requests', {
      token: resident,
      body: { categoryId: 'sanitation', description: '楼下垃圾没人清', address: '庐山路 1 号' },
    });
    const outside = await api('POST', '/requests', {
      token: resident,
      body: { categoryId: 'sanitation', description: '垃圾', location: { lat: 31.9, lng: 118.6 } },
    });
    const missingField = await api('POST', '/requests', {
      token: resident,
      body: { categoryId: 'safety-hazard', description: '地下室有人住', location: inLushanG1 },
    });
    // Assess
    expect(home.body).toMatchObject({ gridId: 'lushan-g1', routedBy: 'home-grid' });
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0]).toMatchObject({ field: 'body.location', code: 'outside_grids' });
    expect(missingField.status).toBe(400);
    expect(missingField.body.errors[0]).toMatchObject({ field: 'body.attributes.hazard', code: 'required' });
  });

  it('refuses a stale write with 412 and a move the state does not allow with 409', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const created = await api('POST', '/requests', {
      token: resident,
      body: { categoryId: 'disputes', description: '楼上装修噪音', location: inLushanG1 },
    });
    const id = created.body.id as string;
    await api('POST', `/requests/${id}/accept`, { token: worker, body: {} });
    // Act
    const stale = await api('POST', `/requests/${id}/start`, { token: worker, body: {}, headers: { 'if-match': '"1"' } });
    const wrongState = await api('POST', `/requests/${id}/confirm`, { token: resident, body: { rating: 3 } });
    const residentAccepts = await api('POST', `/requests/${id}/start`, { token: resident, body: {} });
    const after = await api('GET', `/requests/${id}`, { token: resident });
    // Assess
    expect(stale.status).toBe(412);
    expect(wrongState.status).toBe(409);
    expect(wrongState.body.code).toBe('invalid_transition');
    expect(residentAccepts.status).toBe(403);
    expect(after.body).toMatchObject({ status: 'accepted', version: 2 });
    expect(after.headers.get('etag')).toBe('"2"');
  });

  it('escalates to a department and back, reopens when not fixed, and marks a duplicate linked to its original', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const submit = (description: string) =>
      api('POST', '/requests', { token: resident, body: { categoryId: 'street-order', description, location: inLushanG1, attributes: { kind: 'street_vending' } } });
    const original = (await submit('路口占道经营')).body.id as string;
    const again = (await submit('路口又有人摆摊')).body.id as string;
    // Act
    await api('POST', `/requests/${original}/accept`, { token: worker, body: {} });
    const escalated = await api('POST', `/requests/${original}/escalate`, { token: worker, body: { department: 'urban_management' } });
    const returned = await api('POST', `/requests/${original}/return`, { token: worker, body: { result: '城管已劝离' } });
    await api('POST', `/requests/${original}/resolve`, { token: worker, body: { note: '已劝离' } });
    const reopened = await api('POST', `/requests/${original}/reopen`, { token: resident, body: { note: '第二天又来了' } });
    const duplicate = await api('POST', `/requests/${again}/mark-duplicate`, { token: worker, body: { of: original } });
    await runtime().bus.idle();
    const linked = await api('GET', `/requests/${original}`, { token: worker });
    // Assess
    expect(escalated.body).toMatchObject({ status: 'escalated', department: 'urban_management' });
    expect(returned.body).toMatchObject({ status: 'in_progress', departmentResult: '城管已劝离' });
    expect(reopened.body).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    expect(duplicate.body).toMatchObject({ status: 'duplicate', duplicateOf: original });
    expect(linked.body.duplicateIds).toEqual([again]);
    expect(published('request.status-changed', again).map((e) => (e.detail as { data: { action: string } }).data.action)).toEqual([
      'mark-duplicate',
    ]);
  });

  it('lets an admin reassign a request to another grid’s worker, whose queue then holds it', async () => {
    // Prepare
    await morePeople();
    const resident = await signIn('demo-resident');
    const admin = await signIn('demo-admin');
    const created = await api('POST', '/requests', { token: resident, body: { categoryId: 'property', description: '电梯坏了', location: inLushanG1, attributes: { issue: 'elevator' } } });
    const id = created.body.id as string;
    // Act
    const notAWorker = await api('POST', `/requests/${id}/reassign`, { token: admin, body: { assigneeId: 'demo-volunteer' } });
    const reassigned = await api('POST', `/requests/${id}/reassign`, { token: admin, body: { assigneeId: 'e2e-worker-g2', gridId: 'lushan-g2' } });
    const newQueue = await api('GET', '/me/queue', { token: await signIn('e2e-worker-g2') });
    const oldQueue = await api('GET', '/me/queue', { token: await signIn('demo-grid-worker') });
    // Assess
    expect(notAWorker.status).toBe(400);
    expect(reassigned.body).toMatchObject({ gridId: 'lushan-g2', assigneeId: 'e2e-worker-g2', status: 'submitted', routedBy: 'admin' });
    expect(newQueue.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
    expect(oldQueue.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
  });
});

describe('privacy: someone else’s request is not found', () => {
  it('answers 404 on every route that takes a request id, for another resident and another grid’s worker', async () => {
    // Prepare
    await morePeople();
    const resident = await signIn('demo-resident');
    const neighbour = await signIn('e2e-neighbour');
    const otherWorker = await signIn('e2e-worker-g2');
    const created = await api('POST', '/requests', { token: resident, body: { categoryId: 'livelihood', description: '独居老人需要帮助', location: inLushanG1 } });
    const id = created.body.id as string;
    const theirs = await api('POST', '/requests', { token: neighbour, body: { categoryId: 'livelihood', description: '需要帮助', location: inLushanG2 } });
    const bodies: Record<string, unknown> = {
      accept: {},
      start: {},
      resolve: { note: 'x' },
      confirm: { rating: 5 },
      reopen: { note: 'x' },
      escalate: { department: 'police' },
      return: { result: 'x' },
      reject: { reason: 'x' },
      'mark-duplicate': { of: theirs.body.id },
    };
    // Act: someone else's id must answer exactly as an id that does not exist.
    const answers: string[] = [];
    const unknown: string[] = [];
    for (const [who, token] of [['neighbour', neighbour], ['other worker', otherWorker]] as const) {
      for (const [target, list] of [[id, answers], ['no-such-request', unknown]] as const) {
        list.push(`${who} GET ${(await api('GET', `/requests/${target}`, { token })).status}`);
        for (const [action, body] of Object.entries(bodies)) {
          const response = await api('POST', `/requests/${target}/${action}`, { token, body });
          list.push(`${who} ${action} ${response.status}`);
        }
      }
    }
    const ownWorker = await signIn('demo-grid-worker');
    const duplicateOfOthers = await api('POST', `/requests/${id}/mark-duplicate`, { token: ownWorker, body: { of: theirs.body.id } });
    const outsideAdmin = await api('POST', `/requests/${id}/reassign`, { token: await signIn('demo-admin'), body: { assigneeId: 'e2e-worker-g2', gridId: 'no-such-grid' } });
    const unchanged = await api('GET', `/requests/${id}`, { token: resident });
    // Assess
    expect(answers).toEqual(unknown);
    // A role that may not make a move at all is refused (403) whatever the id; every other answer is 404.
    expect(answers.filter((answer) => !answer.endsWith(' 404'))).toEqual([
      'neighbour accept 403',
      'neighbour start 403',
      'neighbour resolve 403',
      'neighbour escalate 403',
      'neighbour return 403',
      'neighbour reject 403',
      'neighbour mark-duplicate 403',
      'other worker confirm 403',
      'other worker reopen 403',
    ]);
    expect(duplicateOfOthers.status).toBe(404);
    expect(outsideAdmin.status).toBe(404);
    expect(unchanged.body).toMatchObject({ status: 'submitted', version: 1 });
  });

  it('keeps admins to their scope and residents to their own lists', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    await api('POST', '/org-units', { token: admin, body: { kind: 'community', name: '别的社区', parentId: 'nanyuan', id: 'e2e-other-community' } });
    await api('PUT', '/users/demo-station-manager/role', { token: admin, body: { role: 'admin', units: ['e2e-other-community'] } });
    const otherAdmin = await signIn('demo-station-manager');
    const resident = await signIn('demo-resident');
    const neighbour = await signIn('e2e-neighbour');
    const created = await api('POST', '/requests', { token: resident, body: { categoryId: 'disputes', description: '邻里纠纷', location: inLushanG1 } });
    // Act
    const seen = await api('GET', `/requests/${created.body.id}`, { token: otherAdmin });
    const area = await api('GET', `/requests?scope=lushan&month=${thisMonth()}`, { token: otherAdmin });
    const report = await api('GET', `/reports/monthly?scope=lushan&month=${thisMonth()}`, { token: otherAdmin });
    const ownArea = await api('GET', `/requests?scope=e2e-other-community&month=${thisMonth()}`, { token: otherAdmin });
    const cityArea = await api('GET', `/requests?scope=lushan&month=${thisMonth()}`, { token: admin });
    const neighbourList = await api('GET', '/me/requests', { token: neighbour });
    // Assess
    expect(seen.status).toBe(404);
    expect(area.status).toBe(404);
    expect(report.status).toBe(404);
    expect(ownArea.body.items).toEqual([]);
    expect(cityArea.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);
    expect(neighbourList.body.items.map((item: { residentId: string }) => item.residentId).every((id: string) => id === 'e2e-neighbour')).toBe(true);
    // Restore the demo station manager.
    await api('PUT', '/users/demo-station-manager/role', { token: admin, body: { role: 'station_manager', units: ['lushan'], stations: ['lushan-station'] } });
  });
});

describe('categories', () => {
  it('lists the ten seeded categories and lets a city-wide admin add and change one', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const admin = await signIn('demo-admin');
    const category = {
      name: '噪音扰民',
      acceptWithinHours: 2,
      resolveWithinHours: 48,
      attributes: [{ code: 'when', label: '发生时段', datatype: 'singlevaluelist', options: [{ key: 'night', name: '夜间' }] }],
    };
    // Act
    const listed = await api('GET', '/categories?limit=100', { token: resident });
    const created = await api('POST', '/categories', { token: admin, body: { id: 'noise', ...category } });
    const again = await api('POST', '/categories', { token: admin, body: { id: 'noise', ...category } });
    const badList = await api('POST', '/categories', { token: admin, body: { id: 'bad', ...category, attributes: [{ code: 'x', label: 'x', datatype: 'singlevaluelist' }] } });
    const retired = await api('PUT', '/categories/noise', { token: admin, body: { ...category, active: false } });
    const missing = await api('PUT', '/categories/nope', { token: admin, body: category });
    const submitRetired = await api('POST', '/requests', { token: resident, body: { categoryId: 'noise', description: '吵', location: inLushanG1 } });
    const residentCreates = await api('POST', '/categories', { token: resident, body: { id: 'mine', ...category } });
    // Assess
    expect(listed.body.items.map((c: { name: string }) => c.name)).toEqual([
      '物业服务', '环境卫生', '市容秩序', '治安防控', '矛盾纠纷', '食品安全', '违章建筑', '设施维修', '民生服务', '安全隐患',
    ]);
    expect(created.status).toBe(201);
    expect(again.status).toBe(409);
    expect(badList.status).toBe(400);
    expect(retired.body.active).toBe(false);
    expect(missing.status).toBe(404);
    expect(submitRetired.status).toBe(400);
    expect(residentCreates.status).toBe(403);
  });
});

describe('deadlines', () => {
  it('marks a request past its accept deadline overdue once per level and escalates it', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    const resident = await signIn('demo-resident');
    await api('POST', '/categories', { token: admin, body: { id: 'urgent-test', name: '测试急件', acceptWithinHours: 0.0001, resolveWithinHours: 0.0001 } });
    const created = await api('POST', '/requests', { token: resident, body: { categoryId: 'urgent-test', description: '着火了', location: inLushanG1 } });
    await new Promise((resolve) => setTimeout(resolve, 800));
    // Act
    await runtime().runSchedule('request-deadlines');
    await runtime().runSchedule('request-deadlines');
    await runtime().bus.idle();
    const after = await api('GET', `/requests/${created.body.id}`, { token: resident });
    // Assess
    expect(after.body).toMatchObject({ overdue: true, acceptOverdueLevel: 2, status: 'submitted' });
    const overdue = published('request.overdue', created.body.id).map((e) => (e.detail as { data: { level: number; escalatedTo: string[] } }).data);
    expect(overdue.map((data) => data.level)).toEqual([1, 2]);
    expect(overdue[0]!.escalatedTo).toEqual(['demo-admin']);
  });
});

describe('the confirmation window', () => {
  it('closes a resolved request nobody confirmed once its week has passed, tells the resident, and does it once', async () => {
    // Prepare: two public-security requests resolved; the resident rates one and leaves the other.
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const admin = await signIn('demo-admin');
    const resolvedOne = async (description: string) => {
      const created = await api('POST', '/requests', { token: resident, body: { categoryId: 'public-security', description, location: inLushanG1 } });
      await api('POST', `/requests/${created.body.id}/accept`, { token: worker, body: {} });
      return api('POST', `/requests/${created.body.id}/resolve`, { token: worker, body: { note: '已加强巡逻' } });
    };
    const unanswered = await resolvedOne('夜里楼道有陌生人徘徊');
    const rated = await resolvedOne('小区后门门禁坏了');
    const id = unanswered.body.id as string;
    const ratedId = rated.body.id as string;
    const confirmed = await api('POST', `/requests/${ratedId}/confirm`, { token: resident, body: { rating: 5 } });
    const residentsView = await api('GET', `/requests/${id}`, { token: resident });
    const confirmDueAt = residentsView.body.confirmDueAt as string;
    const afterTheWindow = new Date(Date.parse(confirmDueAt) + 60_000);
    // Act: the schedule runs as if a minute after the window ended, then once more.
    await runtime().runSchedule('request-deadlines', afterTheWindow);
    await runtime().bus.idle();
    const closed = await api('GET', `/requests/${id}`, { token: resident });
    const inbox = await api('GET', '/me/notifications?limit=100', { token: resident });
    await runtime().runSchedule('request-deadlines', afterTheWindow);
    await runtime().bus.idle();
    const closedAgain = await api('GET', `/requests/${id}`, { token: resident });
    const ratedAfter = await api('GET', `/requests/${ratedId}`, { token: resident });
    const inboxAgain = await api('GET', '/me/notifications?limit=100', { token: resident });
    const workerInbox = await api('GET', '/me/notifications?limit=100', { token: worker });
    const report = await api('GET', `/reports/monthly?scope=lushan&month=${thisMonth()}`, { token: admin });
    // Assess
    expect(Date.parse(confirmDueAt) - Date.parse(residentsView.body.resolvedAt)).toBe(7 * 24 * 3_600_000);
    expect(residentsView.body).toMatchObject({ status: 'resolved', confirmDueAt: unanswered.body.confirmDueAt });
    expect(confirmed.body).toMatchObject({ status: 'closed', rating: 5 });
    expect(closed.body).toMatchObject({ status: 'closed', closedAutomatically: true, closedAt: afterTheWindow.toISOString(), version: 4 });
    expect(closed.body.rating).toBeUndefined();
    expect(closed.body.timeline.at(-1)).toMatchObject({ action: 'auto-close', actorId: 'system', from: 'resolved', to: 'closed', note: expect.stringContaining('系统自动关闭') });
    expect(closedAgain.body).toEqual(closed.body);
    expect(ratedAfter.body).toEqual(confirmed.body);
    const kindsFor = (response: ApiResponse, requestId: string) =>
      response.body.items.filter((item: { subject?: { id: string } }) => item.subject?.id === requestId).map((item: { kind: string }) => item.kind).sort();
    expect(kindsFor(inbox, id)).toEqual(['request.accept', 'request.auto-close', 'request.received', 'request.resolve']);
    expect(kindsFor(inboxAgain, id)).toEqual(kindsFor(inbox, id));
    const autoClosedNotice = inbox.body.items.find((item: { kind: string; subject?: { id: string } }) => item.kind === 'request.auto-close' && item.subject?.id === id);
    expect(autoClosedNotice.body).toContain('系统已自动关闭');
    expect(kindsFor(inbox, ratedId)).toContain('request.confirm');
    expect(kindsFor(workerInbox, id)).not.toContain('request.rated');
    const closings = published('request.status-changed', id)
      .map((event) => (event.detail as { data: { to: string; automatic?: boolean; actorId: string } }).data)
      .filter((data) => data.to === 'closed');
    expect(closings).toEqual([expect.objectContaining({ action: 'confirm', automatic: true, actorId: 'system' })]);
    // The request closed unanswered counts as closed, not as rated.
    const security = report.body.byCategory.find((row: { categoryId: string }) => row.categoryId === 'public-security');
    expect(security.figures).toMatchObject({ byStatus: { closed: 2 }, satisfied: { count: 1, of: 1, rate: 1 }, averageRating: 5 });
  });
});
