import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import { describe, expect, it } from 'vitest';
import { relayOutbox } from '../../shared/events/outbox';
import { allRoutes } from '../../shared/routes';
import { useRuntime } from '../support/runtime';

const { api, signIn, runtime } = useRuntime();

/** A concrete path for a route template, with every parameter filled in. */
const pathOf = (template: string) => template.replace(/\{[^}]+\}/g, 'lushan-g1');

describe('the local runtime', () => {
  it('answers /health, serves the OpenAPI document and the reference page', async () => {
    // Act
    const health = await api('GET', '/health');
    const openapi = await api('GET', '/openapi.json');
    const docs = await api('GET', '/docs');
    // Assess
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    expect(docs.body).toContain('/org-units/{unitId}');
  });

  it('seeds the demo organisation and signs in every demo user', async () => {
    // Prepare
    const ids = ['demo-admin', 'demo-grid-worker', 'demo-volunteer', 'demo-resident', 'demo-outdoor-worker', 'demo-station-manager'];
    // Act
    const tokens = await Promise.all(ids.map(signIn));
    const me = await api('GET', '/me', { token: tokens[0] });
    const children = await api('GET', '/org-units/lushan/children', { token: tokens[0] });
    // Assess
    expect(me.body).toMatchObject({ id: 'demo-admin', role: 'admin' });
    expect(children.body.items.map((u: { id: string }) => u.id)).toEqual(['lushan-g1', 'lushan-g2', 'lushan-g3']);
  });

  it('answers an unknown route with 404 and a wrong method with 405 and Allow, as problem+json', async () => {
    // Act
    const unknown = await api('GET', '/no-such-thing');
    const wrongMethod = await api('PATCH', '/health');
    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('route_not_found');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect(wrongMethod.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('authentication at the gateway', () => {
  const forgedKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { sub: 'demo-admin', role: 'admin', units: ['city'], stations: [], iss: 'grid-service', aud: 'grid-service-api' };

  const badTokens = async (): Promise<Record<string, string | undefined>> => ({
    missing: undefined,
    garbage: 'not-a-token',
    forged: await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(await importPKCS8(forgedKey, 'ES256')),
    algNone: `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })}.`,
  });

  it('refuses a missing, garbage, forged or alg:none token on every secured operation with 401', async () => {
    // Prepare
    const tokens = await badTokens();
    const secured = allRoutes().filter(([, route]) => route.access !== 'public');
    // Act
    const answers: string[] = [];
    for (const [operationId, route] of secured) {
      for (const [kind, token] of Object.entries(tokens)) {
        const response = await api(route.method, pathOf(route.path), {
          headers: token ? { authorization: `Bearer ${token}` } : {},
          ...(route.body ? { body: {} } : {}),
        });
        answers.push(`${operationId} ${kind} ${response.status}`);
      }
    }
    // Assess
    expect(answers.filter((answer) => !answer.endsWith(' 401'))).toEqual([]);
    expect(answers.length).toBe(secured.length * 4);
  });
});

describe('bad input', () => {
  const badBodies = [
    { name: 'malformed JSON', rawBody: '{"kind": ', headers: { 'content-type': 'application/json' } },
    { name: 'a JSON string', rawBody: '"hello"', headers: { 'content-type': 'application/json' } },
    { name: 'an array', rawBody: '[1,2,3]', headers: { 'content-type': 'application/json' } },
    { name: 'null', rawBody: 'null', headers: { 'content-type': 'application/json' } },
    { name: 'unknown fields', rawBody: '{"zzz":1}', headers: { 'content-type': 'application/json' } },
    { name: 'a huge body', rawBody: JSON.stringify({ name: 'x'.repeat(100_000) }), headers: { 'content-type': 'application/json' } },
    { name: 'form data', rawBody: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { name: 'deep nesting', rawBody: '['.repeat(5000) + ']'.repeat(5000), headers: { 'content-type': 'application/json' } },
    { name: 'multipart without a boundary', rawBody: 'abc', headers: { 'content-type': 'multipart/form-data' } },
    {
      name: 'truncated multipart',
      rawBody: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    },
    { name: 'binary bytes', rawBody: new Uint8Array([0, 255, 0xd8, 0xff, 1, 2, 3]), headers: { 'content-type': 'application/octet-stream' } },
  ];

  it('never yields a 5xx on any operation, and says what is wrong in problem+json (or the route’s `errorFormat`: Open311’s list)', async () => {
    // Prepare
    const token = await signIn('demo-admin');
    // Act
    const answers: { what: string; status: number; type: string | null; expected: string }[] = [];
    // fetch cannot send a body with GET; every other method gets every bad body.
    for (const [operationId, route] of allRoutes().filter(([, r]) => r.method !== 'GET')) {
      for (const bad of badBodies) {
        const response = await api(route.method, pathOf(route.path), {
          token,
          rawBody: bad.rawBody,
          headers: bad.headers,
        });
        const expected = route.errorFormat === 'open311' ? 'application/json' : 'application/problem+json';
        answers.push({ what: `${operationId} with ${bad.name}`, status: response.status, type: response.headers.get('content-type'), expected });
      }
    }
    // Assess
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.filter((a) => a.status >= 400 && a.type !== a.expected)).toEqual([]);
  });

  it('writes nothing when the input is bad', async () => {
    // Prepare
    const token = await signIn('demo-admin');
    // Act
    const refused = await api('POST', '/org-units', {
      token,
      body: { kind: 'grid', name: '新网格', parentId: 'lushan', id: 'lushan-g9', households: -5 },
    });
    const after = await api('GET', '/org-units/lushan-g9', { token });
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('body.households');
    expect(after.status).toBe(404);
  });
});

describe('the organisation over HTTP', () => {
  it('lets an admin build a grid with a boundary and a micro-grid, and a grid worker see only their own', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    const gridWorker = await signIn('demo-grid-worker');
    // A community east of Lushan's three grids (which fill it), and a grid in its northern half.
    const box = (west: number, south: number, east: number, north: number) => ({
      type: 'Polygon',
      coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    });
    const boundary = box(118.764, 32.003, 118.776, 32.008);
    await api('POST', '/org-units', { token: admin, body: { kind: 'community', name: '南湖社区', parentId: 'nanyuan', id: 'nanhu', boundary: box(118.764, 31.998, 118.776, 32.008) } });
    // Act
    const grid = await api('POST', '/org-units', { token: admin, body: { kind: 'grid', name: '南湖社区第1网格', parentId: 'nanhu', id: 'nanhu-g1', boundary } });
    const micro = await api('POST', '/org-units', { token: admin, body: { kind: 'micro_grid', name: '第1网格第1微网格', parentId: 'nanhu-g1' } });
    const duplicate = await api('POST', '/org-units', { token: admin, body: { kind: 'grid', name: 'again', parentId: 'nanhu', id: 'nanhu-g1' } });
    const overlapping = await api('POST', '/org-units', { token: admin, body: { kind: 'grid', name: '重叠', parentId: 'nanhu', id: 'nanhu-g2', boundary: box(118.764, 32.0, 118.776, 32.005) } });
    const outside = await api('POST', '/org-units', { token: admin, body: { kind: 'grid', name: '越界', parentId: 'nanhu', id: 'nanhu-g3', boundary: box(118.77, 31.99, 118.776, 31.999) } });
    const own = await api('GET', '/org-units', { token: gridWorker });
    const other = await api('GET', '/org-units/nanhu-g1', { token: gridWorker });
    const ownMicro = await api('GET', '/org-units/lushan-g1/children', { token: gridWorker });
    // Assess
    expect(grid.status).toBe(201);
    expect(grid.body).toMatchObject({ ancestors: ['jianye', 'nanyuan', 'nanhu'], boundary });
    expect(micro.body.parentId).toBe('nanhu-g1');
    expect(duplicate.status).toBe(409);
    expect(overlapping).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'body.boundary', code: 'overlaps' })] } });
    expect(outside).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'body.boundary', code: 'outside_parent' })] } });
    expect(own.body.items.map((u: { id: string }) => u.id)).toEqual(['lushan-g1']);
    expect(other.status).toBe(404);
    expect(ownMicro.body.items.map((u: { id: string }) => u.id)).toEqual(['lushan-g1-m1', 'lushan-g1-m2']);
  });

  it('pages through a list with a cursor and never more than the maximum page size', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    // Act
    const first = await api('GET', '/org-units/lushan/children?limit=2', { token: admin });
    const second = await api('GET', `/org-units/lushan/children?limit=2&cursor=${first.body.nextCursor}`, { token: admin });
    const tooBig = await api('GET', '/org-units/lushan/children?limit=1000', { token: admin });
    const forgedCursor = await api('GET', `/org-units/lushan/children?cursor=${Buffer.from('{"parentKey":"CHILDREN#nanyuan"}').toString('base64url')}`, { token: admin });
    // Assess
    expect(first.body.items).toHaveLength(2);
    expect(second.body.items.length).toBeGreaterThanOrEqual(1);
    expect(first.body.items[0].id).not.toBe(second.body.items[0].id);
    expect(tooBig.status).toBe(400);
    expect(forgedCursor.status).toBe(400);
  });

  it('gives another community’s admin and a resident nothing of a grid that is not theirs', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    await api('POST', '/org-units', { token: admin, body: { kind: 'community', name: '另一个社区', parentId: 'nanyuan', id: 'other-community' } });
    await api('PUT', '/users/demo-volunteer/role', { token: admin, body: { role: 'admin', units: ['other-community'] } });
    const otherAdmin = await signIn('demo-volunteer');
    const resident = await signIn('demo-resident');
    // Act
    const unitOfOthers = await api('GET', '/org-units/lushan-g1', { token: otherAdmin });
    const membersOfOthers = await api('GET', '/org-units/lushan-g1/members', { token: otherAdmin });
    const addToOthers = await api('PUT', '/org-units/lushan-g1/members/demo-outdoor-worker', { token: otherAdmin, body: { memberRole: 'volunteer' } });
    const removeFromOthers = await api('DELETE', '/org-units/lushan-g1/members/demo-grid-worker', { token: otherAdmin });
    const childrenOfOthers = await api('GET', '/org-units/lushan-g1/children', { token: otherAdmin });
    const activityOfOthers = await api('GET', '/org-units/lushan-g1/activity', { token: otherAdmin });
    const othersProfile = await api('GET', '/users/demo-grid-worker', { token: otherAdmin });
    const residentLooks = await api('GET', '/org-units/lushan-g1', { token: resident });
    // Assess
    expect(unitOfOthers.status).toBe(404);
    expect(membersOfOthers.status).toBe(404);
    expect(addToOthers.status).toBe(404);
    expect(removeFromOthers.status).toBe(404);
    expect(childrenOfOthers.status).toBe(404);
    expect(activityOfOthers.status).toBe(404);
    expect(othersProfile.status).toBe(404);
    expect(residentLooks.status).toBe(403);
    // Restore the demo volunteer for the other tests.
    await api('PUT', '/users/demo-volunteer/role', { token: admin, body: { role: 'volunteer', units: ['lushan-g1-m1'] } });
  });
});

describe('events', () => {
  it('records a membership change in the unit’s activity log through the bus', async () => {
    // Prepare
    const gridWorker = await signIn('demo-grid-worker');
    // Act
    const added = await api('PUT', '/org-units/lushan-g1-m2/members/demo-outdoor-worker', { token: gridWorker, body: { memberRole: 'volunteer' } });
    await runtime().bus.idle();
    const activity = await api('GET', '/org-units/lushan-g1-m2/activity', { token: gridWorker });
    const members = await api('GET', '/org-units/lushan-g1-m2/members', { token: gridWorker });
    // Assess
    expect(added.status).toBe(200);
    expect(activity.body.items[0]).toMatchObject({ type: 'member-added' });
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toContain('demo-outdoor-worker');
  });

  it('loses no event when PutEvents fails after the write: the relay publishes it', async () => {
    // Prepare
    const gridWorker = await signIn('demo-grid-worker');
    runtime().bus.setOutage(true);
    // Act
    const removed = await api('DELETE', '/org-units/lushan-g1-m2/members/demo-outdoor-worker', { token: gridWorker });
    await runtime().bus.idle();
    const before = await api('GET', '/org-units/lushan-g1-m2/activity', { token: gridWorker });
    runtime().bus.setOutage(false);
    const relayed = await relayOutbox(0);
    await runtime().bus.idle();
    const after = await api('GET', '/org-units/lushan-g1-m2/activity', { token: gridWorker });
    // Assess
    expect(removed.status).toBe(204);
    expect(before.body.items[0].type).toBe('member-added');
    expect(relayed.published).toBe(1);
    expect(after.body.items[0].type).toBe('member-removed');
  });

  it('handles a duplicate delivery once', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    await api('PUT', '/org-units/lushan-g2/members/demo-volunteer', { token: admin, body: { memberRole: 'volunteer' } });
    await runtime().bus.idle();
    const event = runtime().bus.published.at(-1)!;
    // Act
    runtime().bus.deliver(runtime().bus.subscription('organisation-activity'), { ...event, id: 'redelivered' });
    runtime().bus.deliver(runtime().bus.subscription('organisation-activity'), event);
    await runtime().bus.idle();
    const activity = await api('GET', '/org-units/lushan-g2/activity', { token: admin });
    // Assess
    expect(activity.body.items.filter((a: { type: string }) => a.type === 'member-added')).toHaveLength(1);
  });

  it('dead-letters an event its consumer cannot handle after the retries, and lists it', async () => {
    // Prepare
    const bus = runtime().bus;
    const broken = { ...bus.published.at(-1)!, id: 'broken', detail: { meta: { id: 'x', version: 1, occurredAt: 'now' }, data: { nope: true } } };
    // Act
    bus.deliver(bus.subscription('organisation-activity'), broken);
    await bus.idle();
    const listed = (await fetch(`${runtime().busUrl}/dead-letters`).then((r) => r.json())) as unknown[];
    // Assess
    expect(listed.at(-1)).toMatchObject({ consumer: 'organisation-activity', attempts: 5, event: { id: 'broken' } });
  });
});
