import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import { documents } from '../../../shared/aws/clients';
import { mapLimit } from '../../../shared/concurrency';
import { newId } from '../../../shared/ids';
import { announce } from '../../../shared/notifications/announcements';
import { type BatchDue, type BatchLimits, deliverAnnouncementBatch } from '../../../shared/notifications/announcements-delivery';
import { getAnnouncement, restartDelivery } from '../../../shared/notifications/announcements-store';
import { keys } from '../../../shared/table/design';
import { useAcceptingBus } from '../../support/bus';
import { useEngine } from '../../support/engine';
import { type SmallCity, buildSmallCity } from '../../support/small-city';

const { tableName } = useEngine();
const { eventsSent } = useAcceptingBus();

/** Small batches, so a few hundred grid workers take several. */
const LIMITS: BatchLimits = { units: 25, recipients: 40, walkReads: 30 };
const cityAdmin: Identity = { userId: 'city-admin', role: 'admin', units: ['city'] };

let city: SmallCity;
beforeAll(async () => {
  // 3 × 2 × 4 × 8 = 192 grids, 231 grid workers, 12 of them in a second grid further on.
  city = await buildSmallCity({ prefix: 'nj', districts: 3, subdistricts: 2, communities: 4, grids: 8, secondWorkerEvery: 5, sharedWorkers: 12, sharedAcross: 40 });
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function announceTo(scope: string, identity = cityAdmin) {
  const { announcement } = await announce(identity, { title: '防汛通知', body: '今晚有暴雨，请各网格员巡查低洼地段。', scope, audience: 'grid_workers' }, { id: newId() }, new Date());
  return announcement;
}

/**
 * Runs an announcement's batches as the consumer would, from `step`: each batch, then the step
 * its continued event (sent through the bus stand-in) hands on, until none is handed on.
 */
async function deliverAll(announcementId: string, first: BatchDue = { run: 0, step: 0 }) {
  const outcomes = [];
  for (let due: BatchDue | undefined = first; due !== undefined; ) {
    const outcome = await deliverAnnouncementBatch(announcementId, due, new Date(), LIMITS);
    outcomes.push(outcome);
    due = outcome.outcome === 'advanced' ? handedOn(announcementId) : undefined;
  }
  return outcomes;
}

/** The batch the last continued event of an announcement handed on. */
const handedOn = (announcementId: string): BatchDue => {
  const data = eventsSent('notifications.announcement-continued').filter((event) => event.announcementId === announcementId).at(-1)!;
  return { run: data.run, step: data.step };
};

/** How many inbox items each of these people has of this announcement. */
async function itemsOf(userIds: readonly string[], announcementId: string): Promise<Map<string, number>> {
  const counts = await mapLimit(userIds, 16, async (userId) => {
    const inbox = keys.inboxOf(userId);
    const output = await documents().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': inbox.pk, ':sk': inbox.skPrefix },
        ConsistentRead: true,
      }),
    );
    return (output.Items ?? []).filter((item) => (item.subject as { id?: string } | undefined)?.id === announcementId).length;
  });
  return new Map(userIds.map((userId, index) => [userId, counts[index]!]));
}

const everyoneOnce = (counts: Map<string, number>) => [...counts.values()].every((count) => count === 1);

describe('an announcement to every grid worker of the city', () => {
  it('is written in several batches, one inbox item per grid worker, and ends sent with its progress', async () => {
    // Prepare
    const made = await announceTo('city');
    // Act
    const outcomes = await deliverAll(made.id);
    const sent = await getAnnouncement(made.id);
    const counts = await itemsOf(city.gridWorkers, made.id);
    // Assess
    expect(outcomes.length).toBeGreaterThan(5);
    expect(outcomes.at(-1)!.outcome).toBe('sent');
    expect(outcomes.every((outcome) => outcome.units <= LIMITS.units)).toBe(true);
    expect(everyoneOnce(counts)).toBe(true);
    expect(sent).toMatchObject({ status: 'sent', unitsDone: city.grids.length, recipientsWritten: city.gridWorkers.length, step: outcomes.length });
    expect(sent!.finishedAt).toBeDefined();
    expect(sent!.cursor).toBeUndefined();
  });

  it('writes nothing new when a batch event comes again, or the whole delivery is run again from the start', async () => {
    // Prepare
    const made = await announceTo('city');
    const first = await deliverAll(made.id);
    const before = await getAnnouncement(made.id);
    // Act: every batch's event again (each finds the announcement past it), then the whole
    // delivery started again from the start.
    const repeated = await Promise.all(first.map((_, step) => deliverAnnouncementBatch(made.id, { run: 0, step }, new Date(), LIMITS)));
    const restarted = await restartDelivery(before!, new Date());
    const rerun = await deliverAll(made.id, handedOn(made.id));
    const after = await getAnnouncement(made.id);
    const counts = await itemsOf(city.gridWorkers, made.id);
    // Assess
    expect(repeated.every((outcome) => outcome.outcome === 'skipped')).toBe(true);
    expect(restarted).toBe(true);
    expect(rerun.length).toBe(first.length);
    expect(rerun.at(-1)!.outcome).toBe('sent');
    expect(rerun.reduce((sum, outcome) => sum + outcome.written, 0)).toBe(0);
    expect(after).toMatchObject({ run: 1, status: 'sent', unitsDone: city.grids.length, recipientsWritten: before!.recipientsWritten });
    expect(everyoneOnce(counts)).toBe(true);
  });

  it('resumes a batch that crashed after some of its writes, to exactly one item per grid worker, counted once', async () => {
    // Prepare: two batches done; the third will die after writing ten of its inbox items.
    const made = await announceTo('city');
    await deliverAnnouncementBatch(made.id, { run: 0, step: 0 }, new Date(), LIMITS);
    await deliverAnnouncementBatch(made.id, { run: 0, step: 1 }, new Date(), LIMITS);
    const crashedAt = await getAnnouncement(made.id);
    const client = documents();
    const send = client.send.bind(client);
    let inboxPuts = 0;
    vi.spyOn(client, 'send').mockImplementation(((command: unknown) => {
      const item = command instanceof PutCommand ? command.input.Item : undefined;
      if (typeof item?.pk === 'string' && item.pk.startsWith('INBOX#') && (inboxPuts += 1) > 10) {
        return Promise.reject(new Error('the Lambda ran out of time'));
      }
      return send(command as never);
    }) as typeof client.send);
    // Act
    const crash = await deliverAnnouncementBatch(made.id, { run: 0, step: 2 }, new Date(), LIMITS).catch((error: Error) => error);
    vi.restoreAllMocks();
    const stood = await getAnnouncement(made.id);
    const resumed = await deliverAll(made.id, { run: 0, step: 2 });
    const sent = await getAnnouncement(made.id);
    const counts = await itemsOf(city.gridWorkers, made.id);
    // Assess
    expect(crash).toBeInstanceOf(Error);
    expect(inboxPuts).toBeGreaterThan(10);
    expect(stood).toMatchObject({ step: 2, cursor: crashedAt!.cursor, recipientsWritten: crashedAt!.recipientsWritten });
    expect(resumed.at(-1)!.outcome).toBe('sent');
    expect(everyoneOnce(counts)).toBe(true);
    expect(sent).toMatchObject({ status: 'sent', recipientsWritten: city.gridWorkers.length, unitsDone: city.grids.length });
  });

  it('lets only one of two runners of the same batch move the announcement on, and counts its people once', async () => {
    // Prepare
    const made = await announceTo('city');
    await deliverAnnouncementBatch(made.id, { run: 0, step: 0 }, new Date(), LIMITS);
    // Act: the second batch's event delivered twice at once.
    const twice = await Promise.all([0, 1].map(() => deliverAnnouncementBatch(made.id, { run: 0, step: 1 }, new Date(), LIMITS)));
    const outcomes = await deliverAll(made.id, handedOn(made.id));
    const sent = await getAnnouncement(made.id);
    const counts = await itemsOf(city.gridWorkers, made.id);
    // Assess
    // The other found it moved on: before writing (skipped) or after (overtaken, its writes the same items).
    expect(twice.map((batch) => batch.outcome.replace('skipped', 'overtaken')).sort()).toEqual(['advanced', 'overtaken']);
    expect(outcomes.at(-1)!.outcome).toBe('sent');
    expect(everyoneOnce(counts)).toBe(true);
    expect(sent).toMatchObject({ recipientsWritten: city.gridWorkers.length, unitsDone: city.grids.length });
  });

  it('gives a grid worker of two grids, in two batches, one item', async () => {
    // Prepare
    const made = await announceTo('city');
    const twoGrids = city.gridWorkers.filter((worker) => [...city.workersOf.values()].filter((workers) => workers.includes(worker)).length > 1);
    // Act
    await deliverAll(made.id);
    const counts = await itemsOf(twoGrids, made.id);
    // Assess
    expect(twoGrids.length).toBeGreaterThan(5);
    expect(everyoneOnce(counts)).toBe(true);
  });

  it("reaches only the grid workers of a district's grids when announced to the district, by its admin", async () => {
    // Prepare
    const district = city.districts[2]!;
    const admin: Identity = { userId: 'district-admin', role: 'admin', units: [district] };
    const made = await announceTo(district, admin);
    const outside = city.gridWorkers.filter((worker) => !city.gridWorkersUnder(district).includes(worker));
    // Act
    await deliverAll(made.id);
    const inside = await itemsOf(city.gridWorkersUnder(district), made.id);
    const others = await itemsOf(outside, made.id);
    // Assess
    expect(everyoneOnce(inside)).toBe(true);
    expect([...others.values()].every((count) => count === 0)).toBe(true);
    expect(await getAnnouncement(made.id)).toMatchObject({ status: 'sent', recipientsWritten: inside.size });
  });
});
