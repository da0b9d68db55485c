import { describe, expect, it } from 'vitest';
import { DEMO_WECOM_ROBOT_KEY } from '../../infra/local/seeds/organisation';
import { useLoopbackWeChat } from '../support/notifications-loopback';
import { useRuntime } from '../support/runtime';

// The loopback WeCom/WeChat fake starts first and points WECOM_BASE_URL at itself; then the runtime.
const fake = useLoopbackWeChat();
const { api, signIn, runtime } = useRuntime();

/** Inside lushan-g1. */
const inLushanG1 = { lat: 32.003, lng: 118.742 };
const PHONE = '13912345678';

/** What lushan-g1's group robot posted (the seeded robot, answered by the loopback) since `from`. */
const robotPostsSince = (from: number) => fake.delivered(DEMO_WECOM_ROBOT_KEY).slice(from).map((call) => call.content);

describe("a grid's WeCom group hears what happened, never what someone typed", () => {
  it('posts a new request by its category, its grid and its id, without the description a resident typed', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const before = fake.delivered(DEMO_WECOM_ROBOT_KEY).length;
    const description = `请联系我 ${PHONE}（王女士）：楼道里堆满了纸箱，有火灾隐患`;
    // Act
    const submitted = await api('POST', '/requests', {
      token: resident,
      body: { categoryId: 'safety-hazard', description, location: inLushanG1, attributes: { hazard: 'fire_risk' } },
    });
    await runtime().bus.idle();
    const posts = robotPostsSince(before);
    const inbox = await api('GET', '/me/notifications', { token: worker });
    // Assess
    expect(submitted.status).toBe(201);
    const id = submitted.body.id as string;
    expect(posts).toHaveLength(1);
    expect(posts[0]).not.toContain(PHONE);
    expect(posts[0]).not.toContain('纸箱');
    expect(posts[0]).toContain('安全隐患');
    expect(posts[0]).toContain('庐山社区第1网格');
    expect(posts[0]).toContain(id);
    // The request's own assignee still reads the start of it in their inbox.
    const theirs = inbox.body.items.find((item: { subject?: { id: string } }) => item.subject?.id === id);
    expect(theirs).toMatchObject({ kind: 'request.submitted', title: expect.stringContaining(PHONE) });
  });

  it("posts a fault by the station and the facility's kind and id, without the reporter's description", async () => {
    // Prepare
    const worker = await signIn('demo-grid-worker');
    const before = fake.delivered(DEMO_WECOM_ROBOT_KEY).length;
    // Act
    const reported = await api('POST', '/facilities/lushan-ac-1/faults', {
      token: worker,
      body: { description: `空调漏水，修理师傅来之前请打 ${PHONE}` },
    });
    await runtime().bus.idle();
    const posts = robotPostsSince(before);
    // Assess
    expect(reported.status).toBe(200);
    expect(posts).toHaveLength(1);
    expect(posts[0]).not.toContain(PHONE);
    expect(posts[0]).not.toContain('漏水');
    expect(posts[0]).toContain('庐山社区宁小蜂驿站');
    expect(posts[0]).toContain('空调');
    expect(posts[0]).toContain('lushan-ac-1');
    expect(posts[0]).toContain('庐山社区第1网格');
  });

  it('posts a new micro-grid member by role and unit, without the name they gave themselves', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    await signIn('demo-outdoor-worker');
    const before = fake.delivered(DEMO_WECOM_ROBOT_KEY).length;
    // Act
    const added = await api('PUT', '/org-units/lushan-g1-m2/members/demo-outdoor-worker', { token: admin, body: { memberRole: 'volunteer' } });
    await runtime().bus.idle();
    const posts = robotPostsSince(before);
    // Assess
    expect(added.status).toBe(200);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('第1网格第2微网格');
    expect(posts[0]).toContain('微网格员');
    expect(posts[0]).not.toContain('刘师傅');
  });
});
