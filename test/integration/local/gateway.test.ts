import { afterEach, describe, expect, it } from 'vitest';
import { LocalGateway } from '../../../infra/local/gateway';
import { httpEvent } from '../../../infra/local/http-event';
import type { HttpEvent } from '../../../shared/http/function';
import { routeCatalogue } from '../../../shared/routes';
import { httpEvent as handlerTestEvent } from '../../support/http-events';

type Invoke = (name: string, event: unknown) => Promise<unknown>;

/** A gateway over stand-in functions: the authorizer lets everyone in; `invoke` answers for the rest. */
async function gatewayOver(invoke: Invoke) {
  const events: HttpEvent[] = [];
  const gateway = new LocalGateway({
    invoke: async (name, event) => {
      if (name === 'authorizer') return { isAuthorized: true, context: { identity: '{"userId":"u1"}' } };
      events.push(event as HttpEvent);
      return invoke(name, event);
    },
  });
  const url = await gateway.listen(0);
  gateways.push(gateway);
  return { url, events };
}

const gateways: LocalGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

const API_GATEWAY_500 = { status: 500, contentType: 'application/json', body: '{"message":"Internal Server Error"}' };

async function answerOf(url: string, path: string) {
  const response = await fetch(`${url}${path}`, { headers: { authorization: 'Bearer token' } });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

describe('the local gateway', () => {
  it("answers API Gateway's own 500 when the function throws", async () => {
    // Prepare
    const { url } = await gatewayOver(async () => {
      throw new Error('the function crashed');
    });
    // Act
    const answer = await answerOf(url, '/health');
    // Assess
    expect(answer).toEqual(API_GATEWAY_500);
  });

  it("answers API Gateway's own 500 when the function returns what API Gateway cannot send", async () => {
    // Prepare
    const { url } = await gatewayOver(async () => ({ statusCode: 'two hundred', body: { not: 'a string' } }));
    // Act
    const answer = await answerOf(url, '/org-units/lushan');
    // Assess
    expect(answer).toEqual(API_GATEWAY_500);
  });

  it('passes on what the function answers, and a bare value as a 200 JSON body', async () => {
    // Prepare
    const { url } = await gatewayOver(async (name) =>
      name === 'meta' ? { statusCode: 418, headers: { 'content-type': 'text/plain' }, body: 'teapot' } : { bare: true },
    );
    // Act
    const own = await answerOf(url, '/health');
    const bare = await answerOf(url, '/org-units/lushan');
    // Assess
    expect(own).toEqual({ status: 418, contentType: 'text/plain', body: 'teapot' });
    expect(bare).toEqual({ status: 200, contentType: 'application/json', body: '{"bare":true}' });
  });

  it('hands the function the payload 2.0 event handler tests build, with the route, parameters and authorizer context', async () => {
    // Prepare
    const { url, events } = await gatewayOver(async () => ({ statusCode: 204 }));
    const route = routeCatalogue.getOrgUnit;
    // Act
    await fetch(`${url}/org-units/lushan?tag=a&tag=b&q=1`, { headers: { authorization: 'Bearer token', cookie: 'a=1; b=2' } });
    const event = events[0]!;
    const built = handlerTestEvent({ routeKey: `${route.method} ${route.path}`, pathParameters: { unitId: 'lushan' }, query: { q: '1' } });
    // Assess
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /org-units/{unitId}',
      rawPath: '/org-units/lushan',
      rawQueryString: 'tag=a&tag=b&q=1',
      queryStringParameters: { tag: 'a,b', q: '1' },
      pathParameters: { unitId: 'lushan' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/org-units/lushan' }, routeKey: 'GET /org-units/{unitId}', stage: '$default' },
    });
    expect(event.requestContext.authorizer).toEqual({ lambda: { identity: '{"userId":"u1"}' } });
    expect(Object.keys(built).sort()).toEqual(Object.keys(event).filter((key) => key !== 'cookies').sort());
    expect(Object.keys(built.requestContext).sort()).toEqual(Object.keys(event.requestContext).filter((key) => key !== 'authorizer').sort());
  });

  it('hands a multipart body over as base64 with isBase64Encoded, byte for byte, as an HTTP API does', async () => {
    // Prepare
    const { url, events } = await gatewayOver(async () => ({ statusCode: 204 }));
    const every = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
    const boundary = 'wxUploadFileBoundary';
    const form = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="tmp.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`),
      every,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);

    // Act
    await fetch(`${url}/uploads-nowhere`, { method: 'POST', body: form, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    await fetch(`${url}/octets-nowhere`, { method: 'POST', body: every, headers: { 'content-type': 'application/octet-stream' } });

    // Assess
    const [multipart, octets] = events;
    expect(multipart!.isBase64Encoded).toBe(true);
    expect(Buffer.from(multipart!.body!, 'base64').equals(form)).toBe(true);
    expect(octets!.isBase64Encoded).toBe(true);
    expect(Buffer.from(octets!.body!, 'base64').equals(every)).toBe(true);
  });

  it('hands a JSON or text body over as the text it is', async () => {
    // Prepare
    const { url, events } = await gatewayOver(async () => ({ statusCode: 204 }));
    const json = '{"description":"楼道里堆满了垃圾"}';

    // Act
    await fetch(`${url}/json-nowhere`, { method: 'POST', body: json, headers: { 'content-type': 'application/json; charset=utf-8' } });
    await fetch(`${url}/text-nowhere`, { method: 'POST', body: 'plain words', headers: { 'content-type': 'text/plain' } });
    await fetch(`${url}/empty-nowhere`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' } });

    // Assess
    expect(events.map((event) => [event.body, event.isBase64Encoded])).toEqual([
      [json, false],
      ['plain words', false],
      [undefined, false],
    ]);
  });

  it('builds the same event for the same request, wherever it is built', () => {
    // Prepare
    const request = { method: 'post', path: '/requests', rawQueryString: 'a=1&a=2', headers: { host: 'example', 'user-agent': 'ua' }, body: '{}', routeKey: 'POST /requests' };
    const at = new Date('2027-01-01T00:00:00Z');
    // Act
    const first = httpEvent({ ...request, at, requestId: 'r1' });
    const second = httpEvent({ ...request, at, requestId: 'r1' });
    // Assess
    expect(first).toEqual(second);
    expect(first).toMatchObject({
      queryStringParameters: { a: '1,2' },
      body: '{}',
      requestContext: { http: { method: 'POST', userAgent: 'ua' }, domainName: 'example', timeEpoch: at.getTime() },
    });
  });
});
