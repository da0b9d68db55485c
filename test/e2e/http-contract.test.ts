import { describe, expect, it } from 'vitest';
import { dailyHours } from '../../infra/local/seeds/stations';
import { useRuntime } from '../support/runtime';

const { api, signIn } = useRuntime();

/** Inside lushan-g1, where the demo grid worker works. */
const inLushanG1 = { lat: 32.003, lng: 118.742 };

/** The first slot start on the hour at least 30 minutes (the minimum notice) from now, `hours` later. */
const slotStart = (hoursLater = 0) => {
  const hour = 3600_000;
  return new Date(Math.ceil((Date.now() + 31 * 60_000) / hour) * hour + hoursLater * hour).toISOString();
};

/** A cursor as a client could craft it: base64url JSON. */
const craft = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** A station open around the clock, so the scenarios never depend on the hour they run. */
async function openStation(admin: string, id: string, lng: number) {
  const opened = await api('POST', '/stations', {
    token: admin,
    body: {
      id,
      name: `契约驿站 ${id}`,
      address: '南京市建邺区庐山路',
      location: { lat: 32.004, lng },
      gridId: 'lushan-g1',
      hours: dailyHours('00:00', '24:00'),
      seats: { total: 4, reservable: 2 },
      amenities: ['drinking_water'],
    },
  });
  if (opened.status !== 201) throw new Error(`opening ${id} failed: ${JSON.stringify(opened.body)}`);
  return opened;
}

describe('Idempotency-Key covers the whole request, not only its body', () => {
  it('refuses the same key and body sent to another station with 422 and books nothing there', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    const worker = await signIn('demo-outdoor-worker');
    await openStation(admin, 'contract-a', 118.741);
    await openStation(admin, 'contract-b', 118.7412);
    const body = { start: slotStart(3) };
    const headers = { 'idempotency-key': `contract-reserve-${Date.now()}` };
    // Act
    const atA = await api('POST', '/stations/contract-a/reservations', { token: worker, body, headers });
    const atB = await api('POST', '/stations/contract-b/reservations', { token: worker, body, headers });
    const againAtA = await api('POST', '/stations/contract-a/reservations', { token: worker, body, headers });
    const mine = await api('GET', '/me/reservations', { token: worker });
    // Assess
    expect(atA).toMatchObject({ status: 201, body: { stationId: 'contract-a' } });
    expect(atB).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
    expect(againAtA.body.id).toBe(atA.body.id);
    expect(againAtA.headers.get('idempotent-replayed')).toBe('true');
    expect(mine.body.items.filter((r: { stationId: string }) => r.stationId === 'contract-b')).toEqual([]);
  });
});

describe('a hand-made cursor', () => {
  it('is a 400 naming query.cursor on /me/requests and /me/notifications, whatever is wrong with its key', async () => {
    // Prepare: well-formed JSON, the caller's own partition, but not a key the list's index can start from.
    const resident = await signIn('demo-resident');
    const ownRequests = 'REQUESTS_OF#demo-resident';
    const requestCursors = [
      { userKey: ownRequests, pk: 'REQUEST#x', sk: 'REQUEST' },
      { userKey: ownRequests, userSort: 5, pk: 'REQUEST#x', sk: 'REQUEST' },
      { userKey: ownRequests, userSort: '2026-01-01#x', pk: 'REQUEST#x', sk: 'REQUEST', extra: 'x' },
      { userKey: ownRequests, userSort: '', pk: 'REQUEST#x', sk: 'REQUEST' },
      { userKey: ownRequests, userSort: { S: 'x' }, pk: 'REQUEST#x', sk: 'REQUEST' },
      { userKey: ownRequests, userSort: 'x' },
      [ownRequests],
    ];
    const inboxCursors = [
      { pk: 'INBOX#demo-resident' },
      { pk: 'INBOX#demo-resident', sk: 'ZZZ-not-a-note' },
      { pk: 'INBOX#demo-resident', sk: 7 },
    ];
    // Act
    const answers = await Promise.all([
      ...requestCursors.map((key) => api('GET', `/me/requests?cursor=${craft(key)}`, { token: resident })),
      ...inboxCursors.map((key) => api('GET', `/me/notifications?cursor=${craft(key)}`, { token: resident })),
      api('GET', '/me/notifications?cursor=not-base64-json!', { token: resident }),
    ]);
    // Assess
    for (const answer of answers) {
      expect(answer).toMatchObject({
        status: 400,
        body: { code: 'validation_failed', errors: [expect.objectContaining({ field: 'query.cursor' })] },
      });
    }
  });

  it('still pages through a list with the cursors the server made', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    for (const description of ['第一件事情', '第二件事情', '第三件事情']) {
      await api('POST', '/requests', { token: resident, body: { categoryId: 'disputes', description, location: inLushanG1 } });
    }
    // Act
    const first = await api('GET', '/me/requests?limit=2', { token: resident });
    const second = await api('GET', `/me/requests?limit=2&cursor=${first.body.nextCursor}`, { token: resident });
    // Assess
    expect(first.body.items).toHaveLength(2);
    expect(second.status).toBe(200);
    expect(second.body.items.length).toBeGreaterThanOrEqual(1);
    expect(second.body.items.map((r: { id: string }) => r.id)).not.toContain(first.body.items[0].id);
  });

  it('is a 400 on /org-units when its position is negative, beyond the list, not a number or carries more', async () => {
    // Prepare: the grid worker's scope is a short list, paged by position.
    const worker = await signIn('demo-grid-worker');
    const positions = [
      { list: 'scope', offset: -5 },
      { list: 'scope', offset: 1e9 },
      { list: 'scope', offset: 'NaN' },
      { list: 'scope', offset: 0.5 },
      { list: 'scope', offset: 1, more: 1 },
      { list: 'scope' },
      { list: 'other', offset: 1 },
    ];
    // Act
    const answers = await Promise.all(positions.map((position) => api('GET', `/org-units?limit=1&cursor=${craft(position)}`, { token: worker })));
    const first = await api('GET', '/org-units?limit=1', { token: worker });
    // Assess
    expect(answers.map((answer) => [answer.status, answer.body.errors?.[0]?.field])).toEqual(positions.map(() => [400, 'query.cursor']));
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
  });
});

describe('If-Match, the same on every route (RFC 9110: strong comparison)', () => {
  it('on a station: * matches, the current tag in a list matches, a weak or other tag is 412, a bare number is 400', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    const opened = await openStation(admin, 'contract-if-match', 118.7414);
    const patch = (ifMatch: string, name: string) =>
      api('PATCH', '/stations/contract-if-match', { token: admin, body: { name }, headers: { 'if-match': ifMatch } });
    // Act
    const any = await patch('*', '任意版本');
    const current = (await api('GET', '/stations/contract-if-match', { token: admin })).headers.get('etag')!;
    const weak = await patch(`W/${current}`, '弱标签');
    const stale = await patch(opened.headers.get('etag')!, '旧版本');
    const bare = await patch(current.replaceAll('"', ''), '裸数字');
    const listed = await patch(`"999", ${current}`, '列表');
    // Assess
    expect(any).toMatchObject({ status: 200, body: { name: '任意版本' } });
    expect(current).not.toBe(opened.headers.get('etag'));
    expect(weak).toMatchObject({ status: 412, body: { code: 'precondition_failed' } });
    expect(stale.status).toBe(412);
    expect(bare).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'header.If-Match' })] } });
    expect(listed).toMatchObject({ status: 200, body: { name: '列表' } });
  });

  it('on a request: * matches, a weak or other tag is 412, a bare number is 400, the current tag in a list matches', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const created = await api('POST', '/requests', {
      token: resident,
      body: { categoryId: 'disputes', description: '楼道堆放杂物', location: inLushanG1 },
    });
    const id = created.body.id as string;
    const etag = created.headers.get('etag')!;
    // Act
    const weak = await api('POST', `/requests/${id}/accept`, { token: worker, body: {}, headers: { 'if-match': `W/${etag}` } });
    const bare = await api('POST', `/requests/${id}/accept`, { token: worker, body: {}, headers: { 'if-match': etag.replaceAll('"', '') } });
    const any = await api('POST', `/requests/${id}/accept`, { token: worker, body: {}, headers: { 'if-match': '*' } });
    const stale = await api('POST', `/requests/${id}/start`, { token: worker, body: {}, headers: { 'if-match': etag } });
    const listed = await api('POST', `/requests/${id}/start`, { token: worker, body: {}, headers: { 'if-match': `${etag}, ${any.headers.get('etag')}` } });
    // Assess
    expect(weak).toMatchObject({ status: 412, body: { code: 'precondition_failed' } });
    expect(bare).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'header.If-Match' })] } });
    expect(any).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect(stale.status).toBe(412);
    expect(listed).toMatchObject({ status: 200, body: { status: 'in_progress' } });
  });
});
