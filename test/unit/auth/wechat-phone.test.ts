import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetWeChatSecret } from '../../../shared/auth/wechat';
import { resetAccessTokens } from '../../../shared/auth/wechat-access-token';
import { exchangePhoneCode } from '../../../shared/auth/wechat-phone';
import { ProblemError } from '../../../shared/http/errors';
import { logger } from '../../../shared/logger';
import { problemOf } from '../../support/problems';

const APP_ID = 'wx-test-app';
const PHONE = '13912345678';

/**
 * A loopback server that plays WeChat: the access token (`cgi-bin/token`, token-1, token-2…) and the
 * phone-number exchange, which each test sets how it answers. Every call is recorded.
 */
let server: Server;
let baseUrl: string;
let phoneAnswer: (request: IncomingMessage, body: string, response: ServerResponse) => void;
interface Call {
  path: string;
  query: URLSearchParams;
  body: string;
}
const calls: Call[] = [];
let tokensIssued = 0;

const json = (body: unknown, status = 200) => (_: IncomingMessage, __: string, response: ServerResponse) => {
  // WeChat answers JSON labelled text/plain.
  response.writeHead(status, { 'content-type': 'text/plain' });
  response.end(JSON.stringify(body));
};

const phoneInfo = (overrides: Record<string, unknown> = {}) => ({
  errcode: 0,
  errmsg: 'ok',
  phone_info: {
    phoneNumber: PHONE,
    purePhoneNumber: PHONE,
    countryCode: '86',
    watermark: { appid: APP_ID, timestamp: 1_760_000_000 },
    ...overrides,
  },
});

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      calls.push({ path: url.pathname, query: url.searchParams, body });
      if (url.pathname === '/cgi-bin/token') {
        tokensIssued += 1;
        json({ access_token: `token-${tokensIssued}`, expires_in: 7200 })(request, body, response);
      } else {
        phoneAnswer(request, body, response);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  calls.length = 0;
  tokensIssued = 0;
  vi.stubEnv('WECHAT_BASE_URL', baseUrl);
  vi.stubEnv('WECHAT_APP_ID', APP_ID);
  vi.stubEnv('WECHAT_SECRET', 'test-app-secret');
  vi.stubEnv('WECHAT_SECRET_NAME', '');
  resetWeChatSecret();
  resetAccessTokens();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const phoneCalls = () => calls.filter((call) => call.path === '/wxa/business/getuserphonenumber');

describe('exchangePhoneCode', () => {
  it('posts the code under an access token and answers the pure mainland number, logging no number', async () => {
    // Prepare
    phoneAnswer = json(phoneInfo());
    const logged = (['debug', 'info', 'warn', 'error'] as const).map((level) => vi.spyOn(logger, level));

    // Act
    const phone = await exchangePhoneCode('phone-code-1');

    // Assess
    expect(phone).toBe(PHONE);
    const [call] = phoneCalls();
    expect(call!.query.get('access_token')).toBe('token-1');
    expect(JSON.parse(call!.body)).toEqual({ code: 'phone-code-1' });
    expect(calls.find((c) => c.path === '/cgi-bin/token')!.query.get('appid')).toBe(APP_ID);
    for (const spy of logged) expect(JSON.stringify(spy.mock.calls)).not.toContain(PHONE);
  });

  it('reuses the access token for the next exchange', async () => {
    // Prepare
    phoneAnswer = json(phoneInfo());

    // Act
    await exchangePhoneCode('phone-code-1');
    await exchangePhoneCode('phone-code-2');

    // Assess
    expect(tokensIssued).toBe(1);
    expect(phoneCalls().map((call) => call.query.get('access_token'))).toEqual(['token-1', 'token-1']);
  });

  it.each([40029, 40163])('answers an invalid code (errcode %i) with 400 wechat_phone_code_invalid', async (errcode) => {
    // Prepare
    phoneAnswer = json({ errcode, errmsg: 'invalid code, rid: 1' });

    // Act
    const problem = await problemOf(exchangePhoneCode('used-code'));

    // Assess
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('wechat_phone_code_invalid');
  });

  it.each([40001, 42001])('fetches a new access token once when WeChat answers %i, and succeeds with it', async (errcode) => {
    // Prepare: the first token is refused, every later one accepted.
    phoneAnswer = (request, body, response) => {
      const token = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('access_token');
      json(token === 'token-1' ? { errcode, errmsg: 'access_token expired' } : phoneInfo())(request, body, response);
    };

    // Act
    const phone = await exchangePhoneCode('phone-code');

    // Assess
    expect(phone).toBe(PHONE);
    expect(tokensIssued).toBe(2);
    expect(phoneCalls().map((call) => call.query.get('access_token'))).toEqual(['token-1', 'token-2']);
  });

  it('refreshes the token only once: a second refusal is a 502', async () => {
    // Prepare
    phoneAnswer = json({ errcode: 40001, errmsg: 'invalid credential' });

    // Act
    const problem = await problemOf(exchangePhoneCode('phone-code'));

    // Assess
    expect(problem.status).toBe(502);
    expect(problem.code).toBe('upstream_unavailable');
    expect(phoneCalls()).toHaveLength(2);
  });

  it('answers 502 when the answer is for another app', async () => {
    // Prepare
    phoneAnswer = json(phoneInfo({ watermark: { appid: 'wx-someone-else', timestamp: 1 } }));

    // Act
    const problem = await problemOf(exchangePhoneCode('phone-code'));

    // Assess
    expect(problem.status).toBe(502);
    expect(problem.code).toBe('upstream_unavailable');
  });

  it('answers 502 for a number outside mainland China, without logging it', async () => {
    // Prepare
    phoneAnswer = json(phoneInfo({ countryCode: '852', purePhoneNumber: '51234567', phoneNumber: '+85251234567' }));
    const error = vi.spyOn(logger, 'error');

    // Act
    const problem = await problemOf(exchangePhoneCode('phone-code'));

    // Assess
    expect(problem.status).toBe(502);
    expect(JSON.stringify(error.mock.calls)).not.toContain('51234567');
  });

  it('answers other errcodes and HTTP errors with 502', async () => {
    // Prepare
    const answers = [json({ errcode: -1, errmsg: 'system error' }), json({ message: 'internal' }, 500)];

    // Act
    const problems: ProblemError[] = [];
    for (const answer of answers) {
      phoneAnswer = answer;
      problems.push(await problemOf(exchangePhoneCode('phone-code')));
    }

    // Assess
    expect(problems.map((problem) => problem.status)).toEqual([502, 502]);
  });

  it('answers an unreachable WeChat with 502, quoting neither the secret nor a token', async () => {
    // Prepare: a port that was just free.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    vi.stubEnv('WECHAT_BASE_URL', `http://127.0.0.1:${port}`);
    const error = vi.spyOn(logger, 'error');

    // Act
    const problem = await problemOf(exchangePhoneCode('phone-code'));

    // Assess
    expect(problem.status).toBe(502);
    expect(problem.code).toBe('upstream_unavailable');
    expect(JSON.stringify([problem, problem.detail, error.mock.calls])).not.toContain('test-app-secret');
  });

  it('answers 502 when WeChat is down after the token was fetched', async () => {
    // Prepare
    phoneAnswer = (_, __, response) => response.destroy();

    // Act
    const problem = await problemOf(exchangePhoneCode('phone-code'));

    // Assess
    expect(problem.status).toBe(502);
    expect(problem.code).toBe('upstream_unavailable');
  });
});
