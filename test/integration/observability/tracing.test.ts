import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Segment, type Subsegment, getNamespace, setContextMissingStrategy, setSegment } from 'aws-xray-sdk-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useEngine } from '../../support/engine';
import { httpEvent, lambdaContext } from '../../support/http-events';
import { useLoopbackWeChat } from '../../support/notifications-loopback';

/*
 * The functions as `-c traceSdkCalls=true` deploys them, in Lambda: the variable that loads the
 * tracer (shared/observability/tracing.ts reads it as it loads, so it is set before any import) and
 * Lambda's `AWS_EXECUTION_ENV`, without which Powertools Tracer switches itself off.
 */
vi.hoisted(() => {
  process.env.TRACE_SDK_CALLS = 'true';
  process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs24.x';
  process.env.POWERTOOLS_TRACE_ENABLED = 'true';
});

const { handler } = await import('../../../functions/http/requests');
const { seedDemoData } = await import('../../../infra/local/seeds/demo');
const { tracer } = await import('../../../shared/observability/tracer');
const { exchangeCode } = await import('../../../shared/auth/wechat');
const { weComRobotChannel } = await import('../../../shared/notifications/channels/wecom-robot');

useEngine();
const weChat = useLoopbackWeChat();

/** EventBridge as the functions meet it: PutEvents accepts every entry. */
let bus: Server;
beforeAll(async () => {
  bus = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const entries = (JSON.parse(body) as { Entries: unknown[] }).Entries;
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ FailedEntryCount: 0, Entries: entries.map((_, index) => ({ EventId: `e${index}` })) }));
    });
  });
  await new Promise<void>((resolve) => bus.listen(0, '127.0.0.1', resolve));
  process.env.EVENTBRIDGE_ENDPOINT = `http://127.0.0.1:${(bus.address() as AddressInfo).port}`;
  process.env.EVENT_BUS_NAME = 'grid-service';
  // Seeding runs outside any segment, as nothing in Lambda does: the X-Ray SDK is told not to mind.
  setContextMissingStrategy(() => undefined);
  await seedDemoData();
});
afterAll(async () => {
  await new Promise<void>((resolve) => bus.close(() => resolve()));
});

/** A resident's submission from a Lushan location, as the gateway hands it to the requests function. */
const submission = (description: string) =>
  httpEvent({
    routeKey: 'POST /requests',
    body: { categoryId: 'facility-repair', description, location: { lat: 32.003, lng: 118.742 }, attributes: { facility: 'streetlight' } },
    identity: { userId: 'demo-resident', role: 'resident', units: [] },
  });

/** Runs `work` as Lambda's X-Ray integration would: inside a segment of its own, which it answers with. */
async function inSegment(work: () => Promise<unknown>): Promise<Segment> {
  const segment = new Segment('grid-service');
  await getNamespace().runAndReturn(() => {
    setSegment(segment);
    return work();
  });
  return segment;
}

/** Every subsegment under `segment`, depth first. */
const subsegmentsOf = (segment: Segment | Subsegment): Subsegment[] =>
  (segment.subsegments ?? []).flatMap((child) => [child, ...subsegmentsOf(child)]);

/** A subsegment's annotations (the SDK's type leaves them out; its JSON has them). */
const annotationsOf = (subsegment: Subsegment): unknown => (subsegment as Subsegment & { annotations?: unknown }).annotations;

/** Everything the subsegments would send to X-Ray, as text. */
const recordedOf = (segment: Segment): string => JSON.stringify(subsegmentsOf(segment).map((subsegment) => subsegment.toJSON()));

/** The AWS calls under `segment`, as `<service> <operation>`: the X-Ray SDK names the subsegment by the service and records the call under `aws`. */
const awsCalls = (segment: Segment | Subsegment): string[] =>
  subsegmentsOf(segment)
    .filter((subsegment) => subsegment.namespace === 'aws')
    .map((subsegment) => `${subsegment.name} ${(subsegment as Subsegment & { aws?: { operation?: string } }).aws?.operation}`);

describe('tracing SDK calls (-c traceSdkCalls=true)', () => {
  it("records a submission's DynamoDB and EventBridge calls as subsegments of its case, annotated with its correlation id", async () => {
    // Prepare
    const event = submission('路灯不亮');
    let status: number | undefined;

    // Act
    const segment = await inSegment(async () => {
      status = (await handler(event, lambdaContext('requests'))).statusCode;
    });

    // Assess
    expect(tracer.isTracingEnabled()).toBe(true);
    expect(status).toBe(201);
    const cases = (segment.subsegments ?? []).filter((subsegment) => subsegment.name === '## case');
    expect(cases.map(annotationsOf)).toEqual([{ correlationId: event.requestContext.requestId }]);
    expect(awsCalls(segment)).toEqual(expect.arrayContaining(['DynamoDB GetItem', 'DynamoDB PutItem', 'EventBridge PutEvents']));
    // Every call of the invocation is inside its case, and every subsegment is closed (sent).
    expect(awsCalls(cases[0]!)).toEqual(awsCalls(segment));
    expect(subsegmentsOf(segment).every((subsegment) => subsegment.isClosed())).toBe(true);
  });

  it("keeps the table's items and the event's details out of the subsegments", async () => {
    // Prepare: a description with a phone number in it, as residents write them.
    const event = submission('电话13800000000，路灯不亮');

    // Act
    const segment = await inSegment(() => handler(event, lambdaContext('requests')));

    // Assess
    const recorded = recordedOf(segment);
    expect(awsCalls(segment)).toContain('DynamoDB PutItem');
    expect(recorded).not.toContain('13800000000');
    expect(recorded).not.toContain('demo-resident');
  });

  it('records a WeChat call as a subsegment named by its API, with its status and outcome but not its URL or answer', async () => {
    // Prepare: the loopback answers jscode2session with the openid `o-<code>`.
    process.env.WECHAT_APP_ID = 'wx-app';
    process.env.WECHAT_SECRET = 'app-secret-never-traced';

    // Act
    const segment = await inSegment(() => exchangeCode('code-1'));

    // Assess
    const [call] = subsegmentsOf(segment);
    expect(call?.name).toBe('WeChat jscode2session');
    expect(annotationsOf(call!)).toEqual({ api: 'jscode2session', status: 200, outcome: 'answered' });
    const recorded = recordedOf(segment);
    expect(recorded).not.toContain('o-code-1');
    expect(recorded).not.toContain('app-secret-never-traced');
    expect(recorded).not.toContain('code-1');
  });

  it('records a WeCom robot push as a subsegment saying whether it was delivered, never the webhook key or the text', async () => {
    // Prepare
    const channel = weComRobotChannel({ baseUrl: () => weChat.url });
    weChat.scriptRobot('robot-key-never-traced', { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } });

    // Act
    const segment = await inSegment(() => channel.send({ channel: 'wecom', webhookKey: 'robot-key-never-traced', content: '新诉求：路灯' }));

    // Assess
    const [push] = subsegmentsOf(segment);
    expect(push?.name).toBe('WeCom robot message');
    expect(annotationsOf(push!)).toEqual({ channel: 'wecom', delivered: false, status: 200, errcode: 93000 });
    const recorded = recordedOf(segment);
    expect(recorded).not.toContain('robot-key-never-traced');
    expect(recorded).not.toContain('路灯');
  });
});
