import { describe, expect, it } from 'vitest';
import { DEMO_WECOM_ROBOT_KEY } from '../../infra/local/seeds/organisation';
import type { MetricsSummary } from '../../infra/local/metrics-page';
import { dailyHours } from '../../infra/local/seeds/stations';
import { captureEmf } from '../support/emf';
import { useLoopbackWeChat } from '../support/notifications-loopback';
import { useRuntime } from '../support/runtime';

// The WeCom fake first (it points WECOM_BASE_URL at itself), the EMF capture (it turns metrics on),
// then the runtime, whose functions are given both.
const fake = useLoopbackWeChat();
const emf = captureEmf();
const { api, signIn, runtime } = useRuntime();

/** Inside lushan-g1, whose WeCom group robot the demo data sets up. */
const inLushanG1 = { lat: 32.003, lng: 118.742 };

/** A slot start on the hour, a few hours ahead: past the minimum notice, within the horizon. */
const slotStart = () => new Date((Math.ceil(Date.now() / 3600_000) + 3) * 3600_000).toISOString();

describe('the metrics the functions print, as CloudWatch reads them from the logs', () => {
  it("counts a submission once, not its replay, and the grid group's failed push by its channel", async () => {
    // Prepare: lushan-g1's WeCom robot is down.
    fake.setRobotDefault(DEMO_WECOM_ROBOT_KEY, { status: 500, body: 'down' });
    const resident = await signIn('demo-resident');
    const submission = { categoryId: 'facility-repair', description: '楼道灯坏了', location: inLushanG1, attributes: { facility: 'streetlight' } };
    const once = { 'idempotency-key': 'metrics-submit-0001' };
    emf.clear();
    // Act
    const submitted = await api('POST', '/requests', { token: resident, body: submission, headers: once });
    const replayed = await api('POST', '/requests', { token: resident, body: submission, headers: once });
    await runtime().bus.idle();
    // Assess
    expect([submitted.status, replayed.body.id]).toEqual([201, submitted.body.id]);
    expect(emf.sum('RequestsSubmitted')).toBe(1);
    expect(emf.carrying('RequestsSubmitted')[0]).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'GridService', Dimensions: [['service']], Metrics: expect.arrayContaining([{ Name: 'RequestsSubmitted', Unit: 'Count' }]) }] },
      service: 'grid-service',
    });
    expect(fake.robotCalls.filter((call) => call.key === DEMO_WECOM_ROBOT_KEY).at(-1)?.answer.status).toBe(500);
    expect(emf.sum('PushesFailed', { channel: 'wecom' })).toBe(1);
    expect(emf.carrying('PushesFailed', { channel: 'wecom' })[0]).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'GridService', Dimensions: [['service', 'channel']], Metrics: [{ Name: 'PushesFailed', Unit: 'Count' }] }] },
      service: 'grid-service',
      channel: 'wecom',
    });
    expect(emf.sum('PushesSent', { channel: 'wecom' })).toBe(0);
    fake.setRobotDefault(DEMO_WECOM_ROBOT_KEY, undefined);
  });

  it('counts a reservation made, one waitlisted and one refused, and none for a replay', async () => {
    // Prepare: a station open around the clock with one reservable seat.
    const admin = await signIn('demo-admin');
    const worker = await signIn('demo-outdoor-worker');
    const resident = await signIn('demo-resident');
    const opened = await api('POST', '/stations', {
      token: admin,
      body: {
        id: 'metrics-station',
        name: '指标驿站',
        address: '庐山路 2 号',
        location: { lat: 32.004, lng: 118.741 },
        gridId: 'lushan-g1',
        hours: dailyHours('00:00', '24:00'),
        seats: { total: 2, reservable: 1 },
        amenities: ['drinking_water'],
      },
    });
    const start = slotStart();
    const once = { 'idempotency-key': 'metrics-reserve-0001' };
    emf.clear();
    // Act
    const made = await api('POST', '/stations/metrics-station/reservations', { token: worker, body: { start }, headers: once });
    const replayed = await api('POST', '/stations/metrics-station/reservations', { token: worker, body: { start }, headers: once });
    const refused = await api('POST', '/stations/metrics-station/reservations', { token: resident, body: { start } });
    const waiting = await api('POST', '/stations/metrics-station/reservations', { token: resident, body: { start, waitlist: true } });
    // Assess
    expect(opened.status).toBe(201);
    expect([made.body.status, replayed.body.id, refused.body.code, waiting.body.status]).toEqual(['confirmed', made.body.id, 'slot_full', 'waitlisted']);
    expect(emf.sum('ReservationsMade')).toBe(1);
    expect(emf.sum('ReservationsRefused')).toBe(1);
    expect(emf.sum('ReservationsWaitlisted')).toBe(1);
    expect(emf.carrying('ReservationsMade')[0]).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'GridService', Dimensions: [['service']], Metrics: [{ Name: 'ReservationsMade', Unit: 'Count' }] }] },
      service: 'grid-service',
      ReservationsMade: 1,
    });
  });

  it('sums what the functions printed since the start on the local /metrics page, which the deployed API does not have', async () => {
    // Prepare
    const before = await api<MetricsSummary>('GET', '/metrics');
    // Act
    await signIn('demo-resident');
    const after = await api<MetricsSummary>('GET', '/metrics');
    const text = await api<string>('GET', '/metrics?format=text');
    const openApi = await api('GET', '/openapi.json');
    // Assess
    expect(after).toMatchObject({ status: 200, body: { namespace: 'GridService', service: 'grid-service' } });
    expect(totalOf(after.body, 'SignIns').sum - totalOf(before.body, 'SignIns').sum).toBe(1);
    expect(totalOf(after.body, 'RequestsResolved')).toMatchObject({ unit: 'Count', sum: 0 });
    expect(totalOf(after.body, 'PushesSent', { channel: 'wechat' })).toMatchObject({ unit: 'Count', sum: 0 });
    expect(runtime().metrics()).toEqual(after.body);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text.body).toMatch(new RegExp(`^SignIns +${totalOf(after.body, 'SignIns').sum}$`, 'm'));
    expect(Object.keys(openApi.body.paths)).not.toContain('/metrics');
  });
});

/** One metric's line of the page, by its name and extra dimensions. */
const totalOf = (summary: MetricsSummary, metric: string, dimensions: Record<string, string> = {}) =>
  summary.metrics.find((total) => total.metric === metric && JSON.stringify(total.dimensions) === JSON.stringify(dimensions))!;
