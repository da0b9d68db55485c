import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { exchangeCode, resetWeChatSecret } from '../../../shared/auth/wechat';
import { ProblemError } from '../../../shared/http/errors';
import { logger } from '../../../shared/logger';
import { problemOf } from '../../support/problems';

const SESSION_KEY = 'c2Vzc2lvbi1rZXktbmV2ZXItc2hvd24=';

/** A loopback server that plays WeChat's jscode2session; each test sets how it answers. */
let server: Server;
let baseUrl: string;
let answer: (request: IncomingMessage, response: ServerResponse) => void;
const received: URL[] = [];

const json = (body: unknown, status = 200) => (_: IncomingMessage, response: ServerResponse) => {
  // WeChat answers JSON labelled text/plain.
  response.writeHead(status, { 'content-type': 'text/plain' });
  response.end(JSON.stringify(body));
};

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(new URL(request.url ?? '/', 'http://127.0.0.1'));
    answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  vi.stubEnv('WECHAT_BASE_URL', baseUrl);
  vi.stubEnv('WECHAT_APP_ID', 'wx-test-app');
  vi.stubEnv('WECHAT_SECRET', 'test-app-secret');
  vi.stubEnv('WECHAT_SECRET_NAME', '');
  resetWeChatSecret();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('exchangeCode', () => {
  it('exchanges a code for the openid and unionid with appid, secret, code and grant type', async () => {
    // Prepare
    answer = json({ openid: 'open-1', unionid: 'union-1', session_key: SESSION_KEY });

    // Act
    const session = await exchangeCode('code-1');

    // Assess
    expect(session).toEqual({ openId: 'open-1', unionId: 'union-1' });
    const [request] = received;
    expect(request!.pathname).toBe('/sns/jscode2session');
    expect(Object.fromEntries(request!.searchParams)).toEqual({
      appid: 'wx-test-app',
      secret: 'test-app-secret',
      js_code: 'code-1',
      grant_type: 'authorization_code',
    });
  });

  it('leaves out the unionid when WeChat gives none', async () => {
    // Prepare
    answer = json({ openid: 'open-2', session_key: SESSION_KEY });

    // Act
    const session = await exchangeCode('code-2');

    // Assess
    expect(session).toEqual({ openId: 'open-2' });
  });

  it('never returns or logs the session key', async () => {
    // Prepare
    answer = json({ openid: 'open-3', session_key: SESSION_KEY });
    const logged = (['debug', 'info', 'warn', 'error'] as const).map((level) => vi.spyOn(logger, level));

    // Act
    const session = await exchangeCode('code-3');

    // Assess
    expect(JSON.stringify(session)).not.toContain(SESSION_KEY);
    for (const spy of logged) expect(JSON.stringify(spy.mock.calls)).not.toContain(SESSION_KEY);
  });

  it('works with a base URL that ends in a slash', async () => {
    // Prepare
    vi.stubEnv('WECHAT_BASE_URL', `${baseUrl}/`);
    answer = json({ openid: 'open-4', session_key: SESSION_KEY });

    // Act
    await exchangeCode('code-4');

    // Assess
    expect(received[0]!.pathname).toBe('/sns/jscode2session');
  });

  it.each([
    [40029, 400, 'wechat_code_invalid'],
    [40163, 400, 'wechat_code_invalid'],
    [45011, 429, 'wechat_rate_limited'],
    [40226, 403, 'wechat_user_blocked'],
    [-1, 502, 'upstream_unavailable'],
    [40013, 502, 'upstream_unavailable'],
  ])('answers WeChat errcode %i with %i %s', async (errcode, status, code) => {
    // Prepare
    answer = json({ errcode, errmsg: 'refused, rid: 1' });

    // Act
    const problem = await problemOf(exchangeCode('code'));

    // Assess
    expect(problem.status).toBe(status);
    expect(problem.code).toBe(code);
  });

  it('asks the client to retry a rate-limited sign-in after 60 seconds', async () => {
    // Prepare
    answer = json({ errcode: 45011, errmsg: 'api minute-quota reach limit' });

    // Act
    const problem = await problemOf(exchangeCode('code'));

    // Assess
    expect(problem.headers).toEqual({ 'retry-after': '60' });
  });

  it('treats errcode 0 with an openid as success', async () => {
    // Prepare
    answer = json({ errcode: 0, errmsg: 'ok', openid: 'open-5', session_key: SESSION_KEY });

    // Act
    const session = await exchangeCode('code-5');

    // Assess
    expect(session.openId).toBe('open-5');
  });

  it('answers an HTTP 500 from WeChat with 502 and logs it', async () => {
    // Prepare
    answer = json({ message: 'internal' }, 500);
    const error = vi.spyOn(logger, 'error');

    // Act
    const problem = await problemOf(exchangeCode('code'));

    // Assess
    expect(problem.status).toBe(502);
    expect(problem.code).toBe('upstream_unavailable');
    expect(error).toHaveBeenCalledWith(expect.stringContaining('HTTP error'), { status: 500 });
  });

  it('answers a success without an openid with 502', async () => {
    // Prepare
    answer = json({ session_key: SESSION_KEY });

    // Act
    const problem = await problemOf(exchangeCode('code'));

    // Assess
    expect(problem.code).toBe('upstream_unavailable');
  });

  it('answers a body that is not JSON with 502', async () => {
    // Prepare
    answer = (_, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>gateway</html>');
    };

    // Act
    const problem = await problemOf(exchangeCode('code'));

    // Assess
    expect(problem.code).toBe('upstream_unavailable');
  });

  it('gives up on a WeChat that hangs and answers 502 without logging the secret', async () => {
    // Prepare
    answer = () => undefined;
    const error = vi.spyOn(logger, 'error');
    const started = Date.now();

    // Act
    const problem = await problemOf(exchangeCode('code', { timeoutMs: 200 }));

    // Assess
    expect(problem.status).toBe(502);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('unreachable'), expect.objectContaining({ reason: 'timeout' }));
    expect(JSON.stringify(error.mock.calls)).not.toContain('test-app-secret');
    expect(JSON.stringify(problem)).not.toContain('test-app-secret');
  });

  it('gives up on a WeChat that sends headers and then stalls', async () => {
    // Prepare
    answer = (_, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('{"openid":');
    };

    // Act
    const problem = await problemOf(exchangeCode('code', { timeoutMs: 200 }));

    // Assess
    expect(problem.status).toBe(502);
  });

  it('answers an unreachable WeChat with 502', async () => {
    // Prepare: a port that was just free.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    vi.stubEnv('WECHAT_BASE_URL', `http://127.0.0.1:${port}`);

    // Act
    const problem = await problemOf(exchangeCode('code'));

    // Assess
    expect(problem.status).toBe(502);
    expect(problem.code).toBe('upstream_unavailable');
  });
});

describe('the WeChat app secret in AWS', () => {
  const secrets = mockClient(SecretsManagerClient);

  beforeEach(() => {
    secrets.reset();
    vi.stubEnv('WECHAT_SECRET', '');
    vi.stubEnv('WECHAT_SECRET_NAME', 'grid/wechat');
    answer = json({ openid: 'open-1', session_key: SESSION_KEY });
  });

  it('is read from Secrets Manager once and reused', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand, { SecretId: 'grid/wechat' }).resolves({ SecretString: 'secret-from-aws' });

    // Act
    await exchangeCode('code-1');
    await exchangeCode('code-2');

    // Assess
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(received.map((url) => url.searchParams.get('secret'))).toEqual(['secret-from-aws', 'secret-from-aws']);
  });

  it('may be stored as JSON with a secret field', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"secret":"json-secret"}' });

    // Act
    await exchangeCode('code-1');

    // Assess
    expect(received[0]!.searchParams.get('secret')).toBe('json-secret');
  });

  it('is taken as plain when it only looks like JSON', async () => {
    // Prepare: a generated placeholder may start with a brace.
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{not-json' });

    // Act
    await exchangeCode('code-1');

    // Assess
    expect(received[0]!.searchParams.get('secret')).toBe('{not-json');
  });

  it('is read again after a failed read', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: 'second-try' });

    // Act
    const failure = await exchangeCode('code-1').catch((e: unknown) => e);
    await exchangeCode('code-2');

    // Assess
    expect((failure as Error).message).toBe('throttled');
    expect(received.map((url) => url.searchParams.get('secret'))).toEqual(['second-try']);
  });
});
