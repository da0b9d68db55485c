import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { requestText } from '../../../shared/http/outbound';

let server: Server | undefined;

async function serve(answer: (request: IncomingMessage, body: string, response: ServerResponse) => void): Promise<string> {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => answer(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

describe('an outbound request', () => {
  it('sends the method, headers and body, and hands back the status and the text', async () => {
    // Prepare
    let seen: { method?: string; type?: string; body?: string; url?: string } = {};
    const base = await serve((request, body, response) => {
      seen = { method: request.method, type: request.headers['content-type'], body, url: request.url };
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"好"}');
    });

    // Act
    const answer = await requestText(`${base}/cgi-bin/webhook/send?key=k`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"水"}' }, 1_000);

    // Assess
    expect(seen).toEqual({ method: 'POST', type: 'application/json', body: '{"text":"水"}', url: '/cgi-bin/webhook/send?key=k' });
    expect(answer).toEqual({ status: 200, text: '{"errcode":0,"errmsg":"好"}' });
  });

  it('answers an HTTP error status rather than throwing', async () => {
    // Prepare
    const base = await serve((_request, _body, response) => response.writeHead(503).end('busy'));

    // Act
    const answer = await requestText(`${base}/x`, {}, 1_000);

    // Assess
    expect(answer).toEqual({ status: 503, text: 'busy' });
  });

  it('gives up at the deadline with a TimeoutError, even when headers came and the body stalls', async () => {
    // Prepare
    const base = await serve((_request, _body, response) => {
      response.writeHead(200);
      response.write('{"errcode"');
    });

    // Act
    const outcome = await requestText(`${base}/x`, {}, 100).catch((error: Error) => error);

    // Assess
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).name).toBe('TimeoutError');
  });

  it('rejects when nothing listens, without quoting the URL', async () => {
    // Prepare
    const url = 'http://127.0.0.1:9/cgi-bin/token?secret=s3cret';

    // Act
    const outcome = await requestText(url, {}, 1_000).catch((error: Error) => error);

    // Assess
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).name).not.toBe('TimeoutError');
    expect(String((outcome as Error).message)).not.toContain('s3cret');
  });
});
