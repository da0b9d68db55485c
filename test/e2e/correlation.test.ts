import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documents } from '../../shared/aws/clients';
import { config } from '../../shared/config';
import type { EventMeta } from '../../shared/events/define';
import { notificationIdOf, pushJobIdOf } from '../../shared/notifications/ids';
import { getPushJobs } from '../../shared/notifications/push-jobs';
import { notificationKeys } from '../../shared/table/design';
import { useLoopbackWeChat } from '../support/notifications-loopback';
import { useRuntime } from '../support/runtime';

// The fake starts first and points WECOM_BASE_URL and WECHAT_BASE_URL at itself; then the runtime.
const fake = useLoopbackWeChat();
const { api, signIn, runtime } = useRuntime();

const ROBOT = 'robot-lushan-g1-correlation';
const inLushanG1 = { lat: 32.003, lng: 118.742 };

/** A resident's submission in lushan-g1: its response and the `request.submitted` event it caused. */
async function submit(description: string) {
  const resident = await signIn('demo-resident');
  const response = await api('POST', '/requests', {
    token: resident,
    body: { categoryId: 'facility-repair', description, location: inLushanG1, attributes: { facility: 'streetlight' } },
  });
  expect(response.status).toBe(201);
  await runtime().bus.idle();
  const event = runtime().bus.published.find(
    (published) => published['detail-type'] === 'request.submitted' && (published.detail as { data: { requestId: string } }).data.requestId === response.body.id,
  );
  return { response, meta: (event!.detail as { meta: EventMeta }).meta };
}

/** Gives lushan-g1 its WeCom group robot, as its grid worker does. */
async function useGridRobot(): Promise<void> {
  const gridWorker = await signIn('demo-grid-worker');
  expect((await api('PUT', '/org-units/lushan-g1/wecom-robot', { token: gridWorker, body: { webhookKey: ROBOT } })).status).toBe(200);
}

/** The item of a person's inbox that an event's notice of `kind` wrote, as stored. */
const inboxItem = async (userId: string, meta: EventMeta, kind: string) =>
  (
    await documents().send(
      new GetCommand({ TableName: config().tableName, Key: notificationKeys.notification(userId, notificationIdOf(meta.occurredAt, meta.id, kind)) }),
    )
  ).Item;

describe('the correlation id of a case', () => {
  it("follows a submission from the response's request id through its event to the robot push and the inbox items", async () => {
    // Prepare
    await useGridRobot();

    // Act
    const { response, meta } = await submit('路灯不亮');

    // Assess
    const correlationId = response.headers.get('apigw-requestid');
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.correlationId).toBe(correlationId);
    const [push] = await getPushJobs([pushJobIdOf(meta.occurredAt, meta.id, 'request.submitted', 'wecom', 'lushan-g1')]);
    expect(push?.job).toMatchObject({ status: 'sent', channel: 'wecom', eventId: meta.id, correlationId });
    expect(fake.delivered(ROBOT)).toHaveLength(1);
    expect(await inboxItem('demo-grid-worker', meta, 'request.submitted')).toMatchObject({ correlationId });
    expect(await inboxItem('demo-resident', meta, 'request.received')).toMatchObject({ correlationId });
  });

  it("keeps the case in the events a consumer makes: the dead letter of a robot push that failed for good, and its grid worker's notice", async () => {
    // Prepare: the grid's robot, for which WeCom says the webhook is invalid, which no retry can fix.
    await useGridRobot();
    fake.setRobotDefault(ROBOT, { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } });

    // Act
    const { response, meta } = await submit('井盖松动');

    // Assess
    const correlationId = response.headers.get('apigw-requestid');
    const deadLetter = runtime().bus.published.find(
      (published) =>
        published['detail-type'] === 'notifications.push-dead-lettered' &&
        (published.detail as { data: { jobIds: string[] } }).data.jobIds.includes(pushJobIdOf(meta.occurredAt, meta.id, 'request.submitted', 'wecom', 'lushan-g1')),
    );
    const deadLetterMeta = (deadLetter?.detail as { meta: EventMeta } | undefined)?.meta;
    expect(deadLetterMeta?.correlationId).toBe(correlationId);
    expect(deadLetterMeta?.id).not.toBe(meta.id);
    expect(await inboxItem('demo-grid-worker', deadLetterMeta!, 'notifications.robot-failing')).toMatchObject({ correlationId });
  });

  it('starts a new case with every HTTP call', async () => {
    // Act
    const first = await submit('路灯不亮');
    const second = await submit('路灯不亮');

    // Assess
    expect(first.meta.correlationId).not.toBe(second.meta.correlationId);
    expect(second.meta.correlationId).toBe(second.response.headers.get('apigw-requestid'));
  });
});
