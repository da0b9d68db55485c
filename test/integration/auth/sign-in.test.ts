import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as authorizer } from '../../../functions/authorizer';
import { handler as auth } from '../../../functions/http/auth';
import { handler as users } from '../../../functions/http/users';
import { generateLocalKeyPair, resetTokenKeys } from '../../../shared/auth/tokens';
import type { HttpResult } from '../../../shared/http/function';
import type { OrgUnit } from '../../../shared/organisation/model';
import { createOrgUnit } from '../../../shared/organisation/repository';
import type { User } from '../../../shared/users/model';
import { saveUser } from '../../../shared/users/repository';
import { useEngine } from '../../support/engine';
import { httpEvent, lambdaContext } from '../../support/http-events';

/**
 * Sign-in to first request on the embedded engine: a loopback WeChat, the real token keys, the
 * authorizer and the users function, as the local gateway chains them.
 */

useEngine();
const bus = mockClient(EventBridgeClient);

/** WeChat on loopback: the code `code-for-<who>` belongs to openid `openid-<who>`. */
let wechat: Server;

beforeAll(async () => {
  wechat = createServer((request, response) => {
    const code = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('js_code') ?? '';
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end(JSON.stringify({ openid: code.replace('code-for-', 'openid-'), session_key: 'never-shown' }));
  });
  await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve));
  const keys = await generateLocalKeyPair();
  vi.stubEnv('STAGE', 'local');
  vi.stubEnv('WECHAT_BASE_URL', `http://127.0.0.1:${(wechat.address() as AddressInfo).port}`);
  vi.stubEnv('WECHAT_APP_ID', 'wx-local');
  vi.stubEnv('WECHAT_SECRET', 'local-secret');
  vi.stubEnv('TOKEN_PRIVATE_KEY_PEM', keys.privateKeyPem);
  vi.stubEnv('TOKEN_PUBLIC_KEY_PEM', keys.publicKeyPem);
  resetTokenKeys();
  bus.on(PutEventsCommand).callsFake((input) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map(() => ({ EventId: 'e' })),
  }));

  // Two communities with a grid each, and an admin for community A.
  const unit = (id: string, kind: OrgUnit['kind'], ancestors: string[]): OrgUnit => ({
    id,
    kind,
    name: id,
    parentId: ancestors[ancestors.length - 1] ?? null,
    ancestors,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'seed',
  });
  for (const u of [
    unit('d1', 'district', []),
    unit('s1', 'subdistrict', ['d1']),
    unit('community-a', 'community', ['d1', 's1']),
    unit('community-b', 'community', ['d1', 's1']),
    unit('grid-a1', 'grid', ['d1', 's1', 'community-a']),
    unit('grid-b1', 'grid', ['d1', 's1', 'community-b']),
  ]) {
    await createOrgUnit(u, []);
  }
  const admin: User = {
    id: 'admin-a',
    displayName: '社区管理员',
    role: 'admin',
    units: ['community-a'],
    stations: [],
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  await saveUser(admin);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  wechat.closeAllConnections();
  await new Promise<void>((resolve) => wechat.close(() => resolve()));
});

interface Session {
  token: string;
  user: User;
}

async function signIn(code: string): Promise<Session> {
  const result = (await auth(httpEvent({ routeKey: 'POST /auth/wechat', body: { code } }), lambdaContext())) as HttpResult;
  expect(result.statusCode).toBe(200);
  return JSON.parse(result.body!) as Session;
}

/** What the gateway does: the authorizer first, then the function with the authorizer's context. */
async function callUsers(
  token: string,
  routeKey: string,
  options: { pathParameters?: Record<string, string>; body?: unknown } = {},
): Promise<HttpResult> {
  const authorization = `Bearer ${token}`;
  const { context } = await authorizer({
    headers: { authorization },
    identitySource: [authorization],
    routeKey,
  } as unknown as APIGatewayRequestAuthorizerEventV2);
  const event = httpEvent({ routeKey, ...options });
  event.requestContext.authorizer = { lambda: context };
  return (await users(event, lambdaContext())) as HttpResult;
}

describe('signing in', () => {
  it('registers a WeChat user on the first sign-in and finds them again on the next', async () => {
    // Act
    const first = await signIn('code-for-li');
    const second = await signIn('code-for-li');

    // Assess
    expect(first.user.role).toBe('resident');
    expect(second.user).toEqual(first.user);
    expect(second.token).not.toBe(first.token);
  });

  it('gives a token the authorizer accepts and GET /me answers with the profile', async () => {
    // Prepare
    const { token, user } = await signIn('code-for-wang');

    // Act
    const result = await callUsers(token, 'GET /me');

    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toEqual({ ...user, language: 'zh' });
  });

  it('gives a role an admin assigns to the token the person already holds, and to the next sign-in', async () => {
    // Prepare: a resident of grid A1 (so within community A's admin's scope), signed in before.
    const resident = await signIn('code-for-zhao');
    await saveUser({ ...resident.user, homeGridId: 'grid-a1' });
    const admin = await signIn('dev:admin-a');

    // Act
    const assigned = await callUsers(admin.token, 'PUT /users/{userId}/role', {
      pathParameters: { userId: resident.user.id },
      body: { role: 'grid_worker', units: ['grid-a1'] },
    });
    const meWithOldToken = await callUsers(resident.token, 'GET /me');
    const again = await signIn('code-for-zhao');

    // Assess
    expect(assigned.statusCode).toBe(200);
    expect(JSON.parse(meWithOldToken.body!)).toMatchObject({ role: 'grid_worker', units: ['grid-a1'] });
    expect(again.user).toMatchObject({ id: resident.user.id, role: 'grid_worker', units: ['grid-a1'] });
  });

  it('refuses to sign in a deactivated account, and refuses the tokens it holds', async () => {
    // Prepare
    const person = await signIn('code-for-qian');
    await saveUser({ ...person.user, homeGridId: 'grid-a1' });
    const admin = await signIn('dev:admin-a');

    // Act
    const deactivated = await callUsers(admin.token, 'POST /users/{userId}/deactivation', { pathParameters: { userId: person.user.id } });
    const heldToken = await callUsers(person.token, 'GET /me').catch((error: unknown) => error);
    const signInAgain = (await auth(httpEvent({ routeKey: 'POST /auth/wechat', body: { code: 'code-for-qian' } }), lambdaContext())) as HttpResult;
    const reactivated = await callUsers(admin.token, 'DELETE /users/{userId}/deactivation', { pathParameters: { userId: person.user.id } });
    const afterReactivation = await signIn('code-for-qian');

    // Assess
    expect(deactivated.statusCode).toBe(200);
    expect(JSON.parse(deactivated.body!).deactivatedAt).toEqual(expect.any(String));
    expect((heldToken as Error).message).toBe('Unauthorized');
    expect(signInAgain.statusCode).toBe(403);
    expect(reactivated.statusCode).toBe(200);
    expect(afterReactivation.user.deactivatedAt).toBeUndefined();
  });

  it("answers 404 to the admin of community A for community B's grid worker, and 403 to a resident", async () => {
    // Prepare
    const workerB = await signIn('code-for-chen');
    await saveUser({ ...workerB.user, role: 'grid_worker', units: ['grid-b1'] });
    const admin = await signIn('dev:admin-a');
    const resident = await signIn('code-for-sun');

    // Act
    const asAdmin = await callUsers(admin.token, 'GET /users/{userId}', { pathParameters: { userId: workerB.user.id } });
    const asResident = await callUsers(resident.token, 'GET /users/{userId}', {
      pathParameters: { userId: workerB.user.id },
    });

    // Assess
    expect(asAdmin.statusCode).toBe(404);
    expect(asResident.statusCode).toBe(403);
  });
});
