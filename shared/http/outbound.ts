import { request as plainRequest } from 'node:http';
import { request as tlsRequest } from 'node:https';

/**
 * Outbound HTTP for the calls a function makes to WeChat and WeCom: node:http(s) under one deadline
 * for headers and body alike. Not global `fetch`: its first call in a process loads undici, which
 * costs 30–40 ms of a cold start on Node 20 (bench/COLD-START.md) against about 8 ms for node:http.
 *
 * It behaves as the `fetch` + `response.text()` it replaces: a missed deadline rejects with an error
 * named `TimeoutError`, anything the network does rejects with that error, and an HTTP error status
 * is an answer, not a rejection. Errors never quote the URL (which may carry a secret).
 */

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  /** Text is sent as UTF-8; bytes as they are. */
  body?: string | Uint8Array;
}

export interface OutboundAnswer {
  status: number;
  text: string;
}

export function requestText(url: string, init: OutboundRequest, timeoutMs: number): Promise<OutboundAnswer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? tlsRequest : plainRequest;
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : init.body;
  return new Promise<OutboundAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const request = send(
      target,
      {
        method: init.method ?? 'GET',
        headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => finish(() => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })));
        response.on('error', (error) => finish(() => reject(error)));
      },
    );
    const timer = setTimeout(() => {
      const timeout = new Error(`no complete answer within ${timeoutMs} ms`);
      timeout.name = 'TimeoutError';
      finish(() => reject(timeout));
      request.destroy();
    }, timeoutMs);
    request.on('error', (error) => finish(() => reject(error)));
    request.end(body);
  });
}
