import { describe, expect, it } from 'vitest';
import { ApiProblem, TransportError, UnexpectedResponse, type WxLike, type WxRequestOptions, createClient, wxRequestTransport } from '../../../client/index';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Answer = { statusCode: number; header?: Record<string, unknown>; data: unknown } | { errMsg: string };

/** A stand-in for the mini-program's `wx`: records what `wx.request` was given and answers in turn. */
function fakeWx(...answers: Answer[]) {
  const calls: Omit<WxRequestOptions, 'success' | 'fail'>[] = [];
  const wx: WxLike = {
    request(options) {
      const { success, fail, ...sent } = options;
      calls.push(sent);
      const answer = answers.shift() ?? { statusCode: 200, data: '' };
      // wx calls back later, never inside request().
      queueMicrotask(() => ('errMsg' in answer ? fail(answer) : success(answer)));
      return {};
    },
  };
  return { wx, calls };
}

const json = (statusCode: number, body: unknown, contentType = 'application/json; charset=utf-8') => ({
  statusCode,
  header: { 'Content-Type': contentType, ETag: '"v3"' },
  data: JSON.stringify(body),
});

const slotFull = {
  type: 'about:blank',
  title: '该时段座位已约满',
  status: 409,
  code: 'slot_full',
  detail: 'every reservable seat of this slot is taken',
  instance: '/stations/lushan-station/reservations',
};

const clientOn = (wx: WxLike) => createClient({ baseUrl: 'https://api.example.cn/', transport: wxRequestTransport(wx), token: 'tok' });

describe('the client on wx.request', () => {
  it('sends a GET with its path and query in the URL, the bearer token, text asked for, and no data', async () => {
    // Prepare
    const { wx, calls } = fakeWx(json(200, { items: [] }));
    // Act
    const answer = await clientOn(wx).get('/stations', { query: { lat: 32.00232, lng: 118.74722, coordSystem: 'gcj02', openNow: 'true' } });
    // Assess
    expect(calls).toEqual([
      {
        url: 'https://api.example.cn/stations?lat=32.00232&lng=118.74722&coordSystem=gcj02&openNow=true',
        method: 'GET',
        header: { authorization: 'Bearer tok' },
        dataType: '其他',
        responseType: 'text',
      },
    ]);
    expect(answer.data).toEqual({ items: [] });
  });

  it('gives the status and the headers with lower-case names, and the JSON parsed', async () => {
    // Prepare
    const { wx } = fakeWx(json(200, { id: 'lushan-station', name: '庐山社区宁小蜂驿站' }));
    // Act
    const answer = await clientOn(wx).get('/stations/{stationId}', { path: { stationId: 'lushan station/1' } });
    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', etag: '"v3"' });
    expect(answer.data).toMatchObject({ name: '庐山社区宁小蜂驿站' });
  });

  it('encodes path parameters', async () => {
    // Prepare
    const { wx, calls } = fakeWx(json(200, {}));
    // Act
    await clientOn(wx).get('/stations/{stationId}', { path: { stationId: 'lushan station/1' } });
    // Assess
    expect(calls[0]?.url).toBe('https://api.example.cn/stations/lushan%20station%2F1');
  });

  it('throws a problem+json answer as ApiProblem with its status, code, title, detail and errors', async () => {
    // Prepare
    const { wx } = fakeWx(json(409, slotFull, 'application/problem+json'));
    const client = clientOn(wx);
    // Act
    const thrown = await client
      .post('/stations/{stationId}/reservations', { path: { stationId: 'lushan-station' }, body: { start: '2026-12-03T08:00:00+08:00', seats: 1, waitlist: false } })
      .catch((error: unknown) => error);
    // Assess
    expect(thrown).toBeInstanceOf(ApiProblem);
    const problem = thrown as ApiProblem;
    expect(problem).toMatchObject({ status: 409, code: 'slot_full', title: '该时段座位已约满', detail: slotFull.detail, errors: [] });
    expect(problem.is('slot_full')).toBe(true);
    expect(problem.headers.etag).toBe('"v3"');
  });

  it('lists every invalid field of a validation problem in errors', async () => {
    // Prepare
    const invalid = {
      ...slotFull,
      status: 400,
      code: 'validation_failed',
      title: '请求内容有误，请检查标出的字段',
      errors: [{ field: 'query.lat', code: 'too_small', message: 'too small' }],
    };
    const { wx } = fakeWx(json(400, invalid, 'application/problem+json'));
    // Act
    const thrown = await clientOn(wx).get('/stations', { query: { lat: -100, lng: 0 } }).catch((error: unknown) => error);
    // Assess
    expect(thrown).toMatchObject({ status: 400, code: 'validation_failed', errors: invalid.errors });
  });

  it('throws an error answer that is no problem document as UnexpectedResponse', async () => {
    // Prepare
    const { wx } = fakeWx({ statusCode: 502, header: { 'content-type': 'text/html' }, data: '<html>Bad Gateway</html>' });
    // Act
    const thrown = await clientOn(wx).get('/me/reservations').catch((error: unknown) => error);
    // Assess
    expect(thrown).toBeInstanceOf(UnexpectedResponse);
    expect(thrown).toMatchObject({ status: 502, body: '<html>Bad Gateway</html>' });
  });

  it('sends a new Idempotency-Key with the JSON body on an operation that declares one, and says which', async () => {
    // Prepare
    const { wx, calls } = fakeWx(json(201, { id: 'r1', status: 'confirmed' }), json(201, { id: 'r2', status: 'confirmed' }));
    const client = clientOn(wx);
    const body = { start: '2026-12-03T08:00:00+08:00', seats: 1, waitlist: false };
    // Act
    const first = await client.post('/stations/{stationId}/reservations', { path: { stationId: 'lushan-station' }, body });
    const second = await client.post('/stations/{stationId}/reservations', { path: { stationId: 'lushan-station' }, body });
    // Assess
    expect(calls[0]).toMatchObject({ method: 'POST', data: JSON.stringify(body), header: { 'content-type': 'application/json' } });
    const keys = calls.map((call) => call.header['idempotency-key']);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toMatch(UUID);
    expect(keys[1]).not.toBe(keys[0]);
    expect(first.idempotencyKey).toBe(keys[0]);
    expect(second.idempotencyKey).toBe(keys[1]);
  });

  it('sends the caller’s Idempotency-Key on a retry after a failed request, and none on an operation without one', async () => {
    // Prepare: the first attempt gets no answer (the network dropped).
    const { wx, calls } = fakeWx({ errMsg: 'request:fail timeout' }, json(201, { id: 'r1', status: 'confirmed' }), json(200, { items: [] }));
    const client = clientOn(wx);
    const body = { start: '2026-12-03T08:00:00+08:00', seats: 1, waitlist: false };
    // Act
    const failure = await client.post('/stations/{stationId}/reservations', { path: { stationId: 'lushan-station' }, body }).catch((error: unknown) => error);
    const retried = await client.post('/stations/{stationId}/reservations', {
      path: { stationId: 'lushan-station' },
      body,
      idempotencyKey: (failure as TransportError).idempotencyKey!,
    });
    await client.get('/me/reservations');
    // Assess
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).message).toContain('request:fail timeout');
    expect(calls[1]?.header['idempotency-key']).toBe(calls[0]?.header['idempotency-key']);
    expect(retried.idempotencyKey).toBe(calls[0]?.header['idempotency-key']);
    expect(calls[2]?.header).not.toHaveProperty('idempotency-key');
  });

  it('signs in with a code, then sends the token it got as a bearer token', async () => {
    // Prepare
    const { wx, calls } = fakeWx(json(200, { token: 'fresh', tokenType: 'Bearer', expiresIn: 7200, user: { id: 'u1' } }), json(200, { items: [] }));
    const client = createClient({ baseUrl: 'https://api.example.cn', transport: wxRequestTransport(wx), language: 'en' });
    // Act
    const signedIn = await client.signIn('wx-login-code');
    await client.get('/me/reservations');
    // Assess
    expect(signedIn.token).toBe('fresh');
    expect(client.token).toBe('fresh');
    expect(calls[0]).toMatchObject({ url: 'https://api.example.cn/auth/wechat', method: 'POST', data: '{"code":"wx-login-code"}' });
    expect(calls[0]?.header).not.toHaveProperty('authorization');
    expect(calls[1]?.header).toEqual({ authorization: 'Bearer fresh', 'accept-language': 'en' });
  });

  it('refuses PATCH, which wx.request cannot send, before calling it', async () => {
    // Prepare
    const { wx, calls } = fakeWx();
    // Act
    const thrown = await clientOn(wx)
      .patch('/stations/{stationId}', { path: { stationId: 'lushan-station' }, body: { name: '驿站' } })
      .catch((error: unknown) => error);
    // Assess
    expect(thrown).toBeInstanceOf(TransportError);
    expect((thrown as Error).message).toContain('wx.request cannot send PATCH');
    expect(calls).toEqual([]);
  });

  it('gives a text answer (iCalendar, CSV) as text, and no content as undefined', async () => {
    // Prepare
    const { wx } = fakeWx(
      { statusCode: 200, header: { 'content-type': 'text/csv; charset=utf-8' }, data: 'grid,category\n' },
      { statusCode: 204, header: {}, data: '' },
    );
    const client = clientOn(wx);
    // Act
    const csv = await client.get('/reports/monthly/grids', { query: { scope: 'lushan', month: '2026-11', format: 'csv' } });
    const none = await client.post('/auth/sign-out-everywhere');
    // Assess
    expect(csv.data).toBe('grid,category\n');
    expect(none).toMatchObject({ status: 204, data: undefined });
  });
});
