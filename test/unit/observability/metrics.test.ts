import { afterEach, describe, expect, it } from 'vitest';
import { MetricsTally } from '../../../infra/local/metrics-page';
import { type EmfOutput, count, measure, metricsObservedBy, withMetrics } from '../../../shared/observability/metrics';
import { captureEmf } from '../../support/emf';

const emf = captureEmf();

/** A handler that runs `work` as its invocation. */
const invocation = (work: () => Promise<void> | void) => withMetrics(async (_event: unknown) => work());
/** Lets other invocations run in between (a table call, in a real handler). */
const elsewhere = () => new Promise((resolve) => setTimeout(resolve, 1));

afterEach(() => {
  emf.clear();
  metricsObservedBy(undefined);
});

describe('the metrics an invocation records', () => {
  it('are printed when it ends as one EMF document in the GridService namespace, with the service dimension', async () => {
    // Prepare
    const handler = invocation(() => {
      count('requestsSubmitted');
      count('signIns');
    });
    // Act
    await handler({});
    // Assess
    const [document, ...others] = emf.documents();
    expect(others).toEqual([]);
    expect(document).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'GridService',
            Dimensions: [['service']],
            Metrics: [
              { Name: 'RequestsSubmitted', Unit: 'Count' },
              { Name: 'SignIns', Unit: 'Count' },
            ],
          },
        ],
      },
      service: 'grid-service',
      RequestsSubmitted: 1,
      SignIns: 1,
    });
  });

  it('sum a count over the invocation and keep every measurement', async () => {
    // Prepare
    const handler = invocation(() => {
      count('requestsOverdue');
      count('requestsOverdue', 2);
      measure('outboxBacklogAge', 3);
      measure('outboxBacklogAge', 0);
    });
    // Act
    await handler({});
    // Assess
    expect(emf.documents()).toHaveLength(1);
    expect(emf.documents()[0]).toMatchObject({ RequestsOverdue: 3, OutboxBacklogAge: [3, 0] });
    expect(emf.documents()[0]!._aws.CloudWatchMetrics[0]!.Metrics).toContainEqual({ Name: 'OutboxBacklogAge', Unit: 'Seconds' });
  });

  it('are printed as one document per channel, so each push keeps its channel and the rest none', async () => {
    // Prepare
    const handler = invocation(() => {
      count('pushesSent', 1, 'wechat');
      count('pushesFailed', 1, 'wecom');
      count('pushesFailed', 1, 'wecom');
      count('requestsSubmitted');
    });
    // Act
    await handler({});
    // Assess
    expect(emf.documents()).toHaveLength(3);
    expect(emf.carrying('PushesSent', { channel: 'wechat' })).toEqual([
      expect.objectContaining({ _aws: expect.objectContaining({ CloudWatchMetrics: [expect.objectContaining({ Dimensions: [['service', 'channel']] })] }) }),
    ]);
    expect(emf.sum('PushesFailed', { channel: 'wecom' })).toBe(2);
    expect(emf.carrying('PushesFailed', { channel: 'wecom' })[0]).not.toHaveProperty('PushesSent');
    expect(emf.carrying('RequestsSubmitted')[0]).not.toHaveProperty('channel');
  });

  it('are printed when the handler throws, and its error still reaches the caller', async () => {
    // Prepare
    const handler = invocation(() => {
      count('consumerRetries');
      throw new Error('the table is down');
    });
    // Act
    const failed = handler({});
    // Assess
    await expect(failed).rejects.toThrow('the table is down');
    expect(emf.sum('ConsumerRetries')).toBe(1);
  });

  it('print nothing when the invocation recorded nothing', async () => {
    // Prepare
    const handler = invocation(() => undefined);
    // Act
    await handler({});
    // Assess
    expect(emf.documents()).toEqual([]);
  });

  it('stay with their own invocation when several run at once in one process, as the local runtime runs them', async () => {
    // Prepare: two invocations whose steps interleave.
    const submitting = invocation(async () => {
      count('requestsSubmitted');
      await elsewhere();
      count('requestsSubmitted');
    });
    const reserving = invocation(async () => {
      await elsewhere();
      count('reservationsMade');
      await elsewhere();
    });
    // Act
    await Promise.all([submitting({}), reserving({})]);
    // Assess
    expect(emf.documents()).toHaveLength(2);
    expect(emf.carrying('RequestsSubmitted')).toEqual([expect.not.objectContaining({ ReservationsMade: expect.anything() })]);
    expect(emf.sum('RequestsSubmitted')).toBe(2);
    expect(emf.carrying('ReservationsMade')).toEqual([expect.not.objectContaining({ RequestsSubmitted: expect.anything() })]);
  });

  it('are not kept when recorded outside any invocation, or after it ended', async () => {
    // Prepare: a script's call, and work a handler left running past its end.
    let late: Promise<void> | undefined;
    const handler = invocation(() => {
      late = elsewhere().then(() => count('signIns'));
    });
    // Act
    count('requestsSubmitted');
    await handler({});
    await late;
    await invocation(() => undefined)({});
    // Assess
    expect(emf.documents()).toEqual([]);
  });

  it('are handed to the local runtime as printed, which sums them for its /metrics page', async () => {
    // Prepare
    const tally = new MetricsTally();
    const seen: EmfOutput[] = [];
    metricsObservedBy(() => (document) => {
      seen.push(document);
      tally.record(document);
    });
    const handler = invocation(() => {
      count('pushesFailed', 1, 'wecom');
      measure('outboxBacklogAge', 42);
    });
    // Act
    await handler({});
    await handler({});
    // Assess
    expect(seen).toHaveLength(4);
    expect(tally.summary().metrics).toEqual(
      expect.arrayContaining([
        { metric: 'PushesFailed', unit: 'Count', dimensions: { channel: 'wecom' }, sum: 2, samples: 2, max: 1, last: 1 },
        { metric: 'PushesFailed', unit: 'Count', dimensions: { channel: 'wechat' }, sum: 0, samples: 0 },
        { metric: 'OutboxBacklogAge', unit: 'Seconds', dimensions: {}, sum: 84, samples: 2, max: 42, last: 42 },
      ]),
    );
    expect(tally.text()).toMatch(/^PushesFailed\{channel="wecom"\} +2$/m);
    expect(tally.text()).toMatch(/^OutboxBacklogAge +last 42, max 42 seconds \(2 samples\)$/m);
  });
});
