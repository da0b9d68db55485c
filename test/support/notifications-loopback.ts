import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** What the fake answers one call with. */
export interface Answer {
  status: number;
  body?: unknown;
}

export interface RobotCall {
  key: string;
  content: string;
  answer: Answer;
}

export interface SubscribeCall {
  token: string;
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
  answer: Answer;
}

/**
 * A loopback stand-in for WeCom group robots and the WeChat API on 127.0.0.1 (port 0): the
 * webhook (`/cgi-bin/webhook/send?key=`), the access token (`/cgi-bin/token`), subscribe messages
 * (`/cgi-bin/message/subscribe/send`) and the mini-program login (`/sns/jscode2session`, openid
 * `o-<code>`). It records every call and answers as scripted.
 */
export class LoopbackWeChat {
  private server?: Server;
  url = '';
  readonly robotCalls: RobotCall[] = [];
  readonly subscribeCalls: SubscribeCall[] = [];
  tokenRequests = 0;
  private tokenSerial = 0;
  private validTokens = new Set<string>();
  private readonly robotScripts = new Map<string, Answer[]>();
  private readonly robotDefaults = new Map<string, Answer>();
  private subscribeScript: Answer[] = [];

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.handle(request).then((answer) => {
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** The next calls to a robot get these answers, in order; then its default. */
  scriptRobot(key: string, ...answers: Answer[]): void {
    this.robotScripts.set(key, [...(this.robotScripts.get(key) ?? []), ...answers]);
  }

  /** What a robot answers once its script is used up (by default errcode 0). */
  setRobotDefault(key: string, answer: Answer | undefined): void {
    if (answer) this.robotDefaults.set(key, answer);
    else this.robotDefaults.delete(key);
  }

  /** The next subscribe-message calls get these answers, in order; then errcode 0. */
  scriptSubscribe(...answers: Answer[]): void {
    this.subscribeScript.push(...answers);
  }

  /** Makes every access token issued so far invalid (WeChat answers 40001 to it). */
  expireTokens(): void {
    this.validTokens.clear();
  }

  /** Robot messages that were delivered (answered errcode 0). */
  delivered(key?: string): RobotCall[] {
    return this.robotCalls.filter((call) => (key === undefined || call.key === key) && isOk(call.answer));
  }

  reset(): void {
    this.robotCalls.length = 0;
    this.subscribeCalls.length = 0;
    this.tokenRequests = 0;
    this.robotScripts.clear();
    this.robotDefaults.clear();
    this.subscribeScript = [];
  }

  private async handle(request: IncomingMessage): Promise<Answer> {
    const url = new URL(request.url ?? '/', 'http://loopback');
    const body = await readJson(request);
    switch (url.pathname) {
      case '/cgi-bin/webhook/send': {
        const key = url.searchParams.get('key') ?? '';
        const script = this.robotScripts.get(key);
        const answer = script?.shift() ?? this.robotDefaults.get(key) ?? { status: 200, body: { errcode: 0, errmsg: 'ok' } };
        const content = (body as { text?: { content?: string } } | undefined)?.text?.content ?? '';
        this.robotCalls.push({ key, content, answer });
        return answer;
      }
      case '/cgi-bin/token': {
        this.tokenRequests += 1;
        if (!url.searchParams.get('appid') || !url.searchParams.get('secret')) return { status: 200, body: { errcode: 41002 } };
        this.tokenSerial += 1;
        const token = `token-${this.tokenSerial}`;
        this.validTokens.add(token);
        return { status: 200, body: { access_token: token, expires_in: 7200 } };
      }
      case '/cgi-bin/message/subscribe/send': {
        const token = url.searchParams.get('access_token') ?? '';
        const message = body as Omit<SubscribeCall, 'token' | 'answer'>;
        const answer = !this.validTokens.has(token)
          ? { status: 200, body: { errcode: 40001, errmsg: 'invalid credential' } }
          : (this.subscribeScript.shift() ?? { status: 200, body: { errcode: 0, errmsg: 'ok' } });
        this.subscribeCalls.push({ ...message, token, answer });
        return answer;
      }
      case '/sns/jscode2session': {
        const code = url.searchParams.get('js_code') ?? '';
        return { status: 200, body: { openid: `o-${code}`, session_key: 'never-kept' } };
      }
      default:
        return { status: 404, body: { errcode: 404 } };
    }
  }
}

const isOk = (answer: Answer) =>
  answer.status === 200 && (answer.body as { errcode?: number } | undefined)?.errcode === 0;

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}

/**
 * Starts the fake for one test file and points WECOM_BASE_URL and WECHAT_BASE_URL at it. Call it
 * before `useRuntime()`, so it is up (and the environment set) when the runtime starts.
 */
export function useLoopbackWeChat(): LoopbackWeChat {
  const fake = new LoopbackWeChat();
  beforeAll(async () => {
    const url = await fake.start();
    process.env.WECOM_BASE_URL = url;
    process.env.WECHAT_BASE_URL = url;
  });
  afterAll(async () => {
    await fake.close();
  });
  return fake;
}
