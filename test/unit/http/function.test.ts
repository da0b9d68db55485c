import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ProblemError } from '../../../shared/http/errors';
import { type HttpEvent, MAX_BODY_BYTES, httpFunction, reply } from '../../../shared/http/function';
import { defineRoute } from '../../../shared/http/route';
import type { Identity } from '../../../shared/auth/identity';

const routes = {
  createThing: defineRoute({
    method: 'POST',
    path: '/things/{thingId}',
    function: 'things',
    tag: 'things',
    summary: 'Create a thing',
    access: ['admin'],
    params: z.strictObject({ thingId: z.string().check(z.maxLength(5)) }),
    body: z.strictObject({ name: z.string().check(z.minLength(2)) }),
    success: { status: 201, description: 'created', schema: z.object({ id: z.string(), name: z.string() }) },
  }),
  explode: defineRoute({
    method: 'GET',
    path: '/explode',
    function: 'things',
    tag: 'things',
    summary: 'Fails',
    access: 'public',
    success: { status: 200, description: 'never' },
  }),
};

const handler = httpFunction(routes, {
  async createThing({ params, body }) {
    return reply({ id: params.thingId, name: body.name }, { headers: { location: `/things/${params.thingId}` } });
  },
  async explode() {
    throw new Error('database on fire at /secret/path.ts:12');
  },
});

const admin: Identity = { userId: 'u1', role: 'admin', units: ['city'] };

function event(overrides: Partial<HttpEvent> & { identity?: Identity | null } = {}): HttpEvent {
  const { identity = admin, ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: 'POST /things/{thingId}',
    rawPath: '/things/t1',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: { thingId: 't1' },
    body: JSON.stringify({ name: 'Lamp' }),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      http: { method: 'POST', path: '/things/t1', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      ...(identity ? { authorizer: { lambda: { identity: JSON.stringify(identity) } } } : {}),
    } as HttpEvent['requestContext'],
    ...rest,
  } as HttpEvent;
}

const context = { functionName: 'things', awsRequestId: 'a', getRemainingTimeInMillis: () => 1000 } as unknown as Context;
const invoke = async (e: HttpEvent) => {
  const result = await handler(e, context);
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
};

describe('httpFunction', () => {
  it('answers a valid request with the route status, body and extra headers', async () => {
    // Act
    const result = await invoke(event());
    // Assess
    expect(result.statusCode).toBe(201);
    expect(result.json).toEqual({ id: 't1', name: 'Lamp' });
    expect(result.headers).toMatchObject({ location: '/things/t1', 'content-type': 'application/json' });
  });

  it('names every invalid field in Chinese by default and in English on Accept-Language: en', async () => {
    // Prepare
    const bad = { body: JSON.stringify({ name: 'x', colour: 'red' }), pathParameters: { thingId: 'far-too-long' } };
    // Act
    const zh = await invoke(event(bad));
    const en = await invoke(event({ ...bad, headers: { 'content-type': 'application/json', 'accept-language': 'en-GB,en' } }));
    // Assess
    expect(zh.statusCode).toBe(400);
    expect(zh.headers?.['content-type']).toBe('application/problem+json');
    expect(zh.json.code).toBe('validation_failed');
    expect(zh.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.colour', 'body.name', 'path.thingId']);
    expect(zh.json.title).toMatch(/请求/);
    expect(en.json.title).toBe('The request has invalid fields');
    expect(en.json.errors.find((e: { field: string }) => e.field === 'body.colour').code).toBe('unknown_field');
  });

  it('refuses malformed JSON with 400, not 415 or 500', async () => {
    const result = await invoke(event({ body: '{"name": "Lamp"' }));
    expect(result.statusCode).toBe(400);
    expect(result.json.code).toBe('malformed_json');
  });

  it('refuses a body over the cap with 413', async () => {
    const result = await invoke(event({ body: JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) }) }));
    expect(result.statusCode).toBe(413);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const result = await invoke(event({ headers: { 'content-type': 'text/plain' }, body: 'name=Lamp' }));
    expect(result.statusCode).toBe(415);
  });

  it('refuses a caller without an identity with 401 and a caller of another role with 403', async () => {
    // Act
    const anonymous = await invoke(event({ identity: null }));
    const resident = await invoke(event({ identity: { ...admin, role: 'resident' } }));
    // Assess
    expect(anonymous.statusCode).toBe(401);
    expect(resident.statusCode).toBe(403);
    expect(resident.json.code).toBe('forbidden');
  });

  it('answers an unexpected fault with a generic 500 that leaks nothing', async () => {
    // Act
    const result = await invoke(event({ routeKey: 'GET /explode', body: undefined, identity: null }));
    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.json.code).toBe('internal_error');
    expect(result.body).not.toMatch(/fire|secret|\.ts/);
  });

  it('lets a ProblemError choose its status and headers', async () => {
    // Prepare
    const limited = httpFunction({ explode: routes.explode }, {
      async explode() {
        throw new ProblemError('wechat_rate_limited', undefined, [], { 'retry-after': '60' });
      },
    });
    // Act
    const result = await limited(event({ routeKey: 'GET /explode', body: undefined }), context);
    // Assess
    expect(result.statusCode).toBe(429);
    expect(result.headers?.['retry-after']).toBe('60');
  });

  it('answers the errors of a route with `errorFormat: open311` as Open311’s list, each field by the name the client sent, with the same status', async () => {
    // Prepare
    const open311 = httpFunction({ createThing: { ...routes.createThing, errorFormat: 'open311' as const }, explode: { ...routes.explode, errorFormat: 'open311' as const } }, {
      async createThing() {
        throw new Error('never');
      },
      async explode() {
        throw new Error('database on fire at /secret/path.ts:12');
      },
    });
    // Act
    const invalid = await open311(event({ body: JSON.stringify({ name: 'L' }), headers: { 'content-type': 'application/json', 'accept-language': 'en' } }), context);
    const fault = await open311(event({ routeKey: 'GET /explode', body: undefined, identity: null }), context);
    // Assess
    expect([invalid.statusCode, invalid.headers?.['content-type']]).toEqual([400, 'application/json']);
    expect(JSON.parse(invalid.body!)).toEqual([{ code: 400, description: expect.stringMatching(/^name: /) }]);
    expect(fault.statusCode).toBe(500);
    expect(JSON.parse(fault.body!)).toEqual([{ code: 500, description: expect.any(String) }]);
    expect(fault.body).not.toMatch(/fire|secret|\.ts/);
  });

  it('refuses to build when a route has no operation', () => {
    expect(() => httpFunction(routes, { createThing: async () => ({ id: 'a', name: 'b' }) } as never)).toThrow(/explode/);
  });
});
