import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * WeChat's server API as `npm start` stands it in on 127.0.0.1, so the local runtime signs people in
 * and binds phones without a mini-program or the internet. Anything is accepted; nothing is kept:
 *
 * - `GET /sns/jscode2session?js_code=X` → openid `local-X` (any X: a new code is a new WeChat user);
 * - `GET /cgi-bin/token`, `POST /cgi-bin/stable_token` → an access token;
 * - `POST /wxa/business/getuserphonenumber` `{ code: "phone:<11 digits>" }` → that number (+86, the
 *   app id it was started with); any other code → errcode 40029;
 * - `POST /cgi-bin/message/subscribe/send` → errcode 0 (the message goes nowhere).
 */
export interface WeChatStandIn {
  url: string;
  close(): Promise<void>;
}

/** The code the stand-in's phone-number exchange turns into a number: `phone:13800000001`. */
const PHONE_CODE = /^phone:(\d{11})$/;
const TOKEN_SECONDS = 7200;

/** Starts the stand-in on 127.0.0.1, on `port` (0: a free one); fails if the port is taken. */
export async function startWeChatStandIn(appId: string, port = 0): Promise<WeChatStandIn> {
  let tokens = 0;
  const server: Server = createServer((request, response) => {
    void answer(request).then(
      (body) => send(response, 200, body),
      () => send(response, 400, { errcode: 40001, errmsg: 'unreadable request' }),
    );
  });

  async function answer(request: IncomingMessage): Promise<unknown> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const body = await readJson(request);
    switch (url.pathname) {
      case '/sns/jscode2session': {
        const code = url.searchParams.get('js_code');
        if (!code) return { errcode: 40029, errmsg: 'invalid code' };
        return { openid: `local-${code}`, session_key: 'stand-in-session-key' };
      }
      case '/cgi-bin/token':
      case '/cgi-bin/stable_token':
        tokens += 1;
        return { access_token: `stand-in-token-${tokens}`, expires_in: TOKEN_SECONDS };
      case '/wxa/business/getuserphonenumber': {
        if (!url.searchParams.get('access_token')) return { errcode: 41001, errmsg: 'access_token missing' };
        const code = (body as { code?: unknown } | undefined)?.code;
        const phone = typeof code === 'string' ? PHONE_CODE.exec(code)?.[1] : undefined;
        if (!phone) return { errcode: 40029, errmsg: 'invalid code' };
        return {
          errcode: 0,
          errmsg: 'ok',
          phone_info: {
            phoneNumber: phone,
            purePhoneNumber: phone,
            countryCode: '86',
            watermark: { appid: appId, timestamp: Math.floor(Date.now() / 1000) },
          },
        };
      }
      case '/cgi-bin/message/subscribe/send':
        return { errcode: 0, errmsg: 'ok' };
      default:
        return { errcode: -1, errmsg: `the local WeChat stand-in has no ${url.pathname}` };
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  // WeChat answers JSON labelled text/plain.
  response.writeHead(status, { 'content-type': 'text/plain' });
  response.end(JSON.stringify(body));
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', reject);
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
