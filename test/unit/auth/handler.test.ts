import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/http/auth';
import { generateLocalKeyPair, resetTokenKeys, verifyToken } from '../../../shared/auth/tokens';
import { resetClients } from '../../../shared/aws/clients';
import type { HttpResult } from '../../../shared/http/function';
import type { OutboundAnswer, OutboundRequest } from '../../../shared/http/outbound';
import { keys } from '../../../shared/table/design';
import type { User } from '../../../shared/users/model';
import { httpEvent, lambdaContext } from '../../support/http-events';

/** The JSON body of a result. */
const bodyOf = <T = Record<string, unknown>>(result: HttpResult): T => JSON.parse(result.body ?? 'null') as T;

const dynamo = mockClient(DynamoDBDocumentClient);
/** The authorizer's and sign-in's read of a user's access goes through the low-level client. */
const rawDynamo = mockClient(DynamoDBClient);

const SESSION_KEY = 'session-key-never-shown';
const worker: User = {
  id: 'worker-a',
  displayName: '网格员小王',
  role: 'grid_worker',
  units: ['grid-a1'],
  stations: [],
  createdAt: '2026-01-01T00:00:00.000Z',
};

const table = new Map<string, Record<string, unknown>>();
const keyOf = (key: { pk?: unknown; sk?: unknown } | undefined) => `${String(key?.pk)}|${String(key?.sk)}`;

/**
 * A stand-in for WeChat's jscode2session, in place of the outbound HTTP module the sign-in calls it
 * through: a code maps to an openid or to an errcode.
 */
const { wechat } = vi.hoisted(() => ({
  wechat: vi.fn(async (url: string, _init: OutboundRequest, _timeoutMs: number): Promise<OutboundAnswer> => {
    const code = new URL(url).searchParams.get('js_code');
    const body =
      code === 'bad-code'
        ? { errcode: 40029, errmsg: 'invalid code' }
        : code === 'too-often'
          ? { errcode: 45011, errmsg: 'minute-quota reach limit' }
          : { openid: `openid-for-${code}`, session_key: SESSION_KEY };
    return { status: 200, text: JSON.stringify(body) };
  }),
}));
vi.mock('../../../shared/http/outbound', () => ({ requestText: wechat }));

const signIn = (code: unknown) =>
  handler(httpEvent({ routeKey: 'POST /auth/wechat', body: { code } }), lambdaContext()) as Promise<HttpResult>;

beforeAll(async () => {
  const pair = await generateLocalKeyPair();
  vi.stubEnv('TOKEN_PRIVATE_KEY_PEM', pair.privateKeyPem);
  vi.stubEnv('TOKEN_PUBLIC_KEY_PEM', pair.publicKeyPem);
});

beforeEach(() => {
  vi.stubEnv('TABLE_NAME', 'grid-test');
  vi.stubEnv('STAGE', 'local');
  vi.stubEnv('WECHAT_BASE_URL', 'https://wechat.test');
  vi.stubEnv('WECHAT_APP_ID', 'wx-app');
  vi.stubEnv('WECHAT_SECRET', 'app-secret');
  wechat.mockClear();
  resetClients();
  resetTokenKeys();
  dynamo.reset();
  table.clear();
  table.set(keyOf(keys.user(worker.id)), { ...keys.user(worker.id), ...worker });
  dynamo.on(GetCommand).callsFake((input) => ({ Item: table.get(keyOf(input.Key)) }));
  rawDynamo.reset();
  rawDynamo.on(GetItemCommand).callsFake((input) => {
    const item = table.get(`${input.Key.pk.S}|${input.Key.sk.S}`);
    return { Item: item ? marshall(item, { removeUndefinedValues: true }) : undefined };
  });
  dynamo.on(PutCommand).callsFake((input) => {
    const item = input.Item as Record<string, unknown>;
    if (input.ConditionExpression === 'attribute_not_exists(pk)' && table.has(keyOf(item))) {
      throw Object.assign(new Error('exists'), { name: 'ConditionalCheckFailedException' });
    }
    table.set(keyOf(item), item);
    return {};
  });
});

describe('POST /auth/wechat', () => {
  it('registers a first-time WeChat user as a resident and signs them in', async () => {
    // Act
    const result = await signIn('first-code');

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ 'cache-control': 'no-store' });
    const session = bodyOf<{ token: string; tokenType: string; expiresIn: number; user: User }>(result);
    expect(session).toMatchObject({ tokenType: 'Bearer', expiresIn: 7200, user: { role: 'resident', units: [] } });
    await expect(verifyToken(session.token)).resolves.toEqual({ userId: session.user.id, tokenVersion: 0 });
    // The user is written before the link that finds them.
    const puts = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item!.pk);
    expect(puts).toEqual([`USER#${session.user.id}`, 'WECHAT#openid-for-first-code']);
  });

  it('signs a returning WeChat user in with their current role', async () => {
    // Prepare
    table.set(keyOf(keys.wechatLink('openid-for-worker-code')), {
      ...keys.wechatLink('openid-for-worker-code'),
      userId: 'worker-a',
    });

    // Act
    const result = await signIn('worker-code');

    // Assess
    expect(result.statusCode).toBe(200);
    const session = bodyOf<{ token: string; user: User }>(result);
    expect(session.user).toEqual(worker);
    await expect(verifyToken(session.token)).resolves.toEqual({ userId: 'worker-a', tokenVersion: 0 });
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('never answers with the openid or the session key', async () => {
    // Act
    const result = await signIn('private-code');

    // Assess
    expect(result.body).not.toContain('openid-for-private-code');
    expect(result.body).not.toContain(SESSION_KEY);
  });

  it('signs in as an existing user with dev:<userId> in the local stage, without WeChat', async () => {
    // Act
    const result = await signIn('dev:worker-a');

    // Assess
    expect(result.statusCode).toBe(200);
    expect(bodyOf<{ user: User }>(result).user).toEqual(worker);
    expect(wechat).not.toHaveBeenCalled();
  });

  it('answers 404 to dev:<userId> for an unknown user', async () => {
    // Act
    const result = await signIn('dev:nobody');

    // Assess
    expect(result.statusCode).toBe(404);
  });

  it('answers 400 to dev: without a valid user id', async () => {
    // Act
    const result = await signIn('dev:../admin');

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf<{ errors: { field: string }[] }>(result).errors[0]!.field).toBe('body.code');
  });

  it('treats dev:<userId> outside the local stage as an invalid WeChat code, without asking WeChat', async () => {
    // Prepare
    vi.stubEnv('STAGE', '');

    // Act
    const result = await signIn('dev:worker-a');

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).code).toBe('wechat_code_invalid');
    expect(wechat).not.toHaveBeenCalled();
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers an invalid WeChat code with 400 wechat_code_invalid', async () => {
    // Act
    const result = await signIn('bad-code');

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).code).toBe('wechat_code_invalid');
  });

  it('passes on WeChat rate limiting as 429 with Retry-After', async () => {
    // Act
    const result = await signIn('too-often');

    // Assess
    expect(result.statusCode).toBe(429);
    expect(result.headers).toMatchObject({ 'retry-after': '60', 'content-type': 'application/problem+json' });
  });

  it('answers 502 when WeChat cannot be reached', async () => {
    // Prepare
    wechat.mockRejectedValueOnce(Object.assign(new Error('getaddrinfo ENOTFOUND wechat.test'), { code: 'ENOTFOUND' }));

    // Act
    const result = await signIn('any-code');

    // Assess
    expect(result.statusCode).toBe(502);
    expect(bodyOf(result).code).toBe('upstream_unavailable');
  });

  it.each([[''], [42], ['x'.repeat(129)]])('answers 400 to the code %j', async (code) => {
    // Act
    const result = await signIn(code);

    // Assess
    expect(result.statusCode).toBe(400);
    expect(wechat).not.toHaveBeenCalled();
  });
});
