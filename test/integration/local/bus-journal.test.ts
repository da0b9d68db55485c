import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { DELIVERY_RETRIES } from '../../../events/catalogue';
import { BusJournal, type DeliveryState } from '../../../infra/local/bus-journal';
import { LocalBus, type LocalBusOptions } from '../../../infra/local/bus';
import { type Mode, crashEntry, modeOf } from '../../support/bus-crash';

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

const dataFolder = () => {
  const folder = mkdtempSync(join(tmpdir(), 'grid-bus-journal-'));
  folders.push(folder);
  return { journalFile: join(folder, 'bus-journal.jsonl'), deadLetterFile: join(folder, 'dead-letters.jsonl') };
};

type BusEvent = EventBridgeEvent<string, unknown>;

/**
 * A bus whose only consumer (request-links, for `request.marked-duplicate`) behaves by the event's
 * mode: `fast` is handled, `failing` throws, `slow` is never called here. It records every call.
 */
function busOn(files: ReturnType<typeof dataFolder>, options: Partial<LocalBusOptions> & { fail?: (event: BusEvent, call: number) => Error | undefined } = {}) {
  const calls: BusEvent[] = [];
  const bus = new LocalBus({
    busName: 'bus-journal-test',
    ...files,
    retryDelayMs: () => 1,
    ...options,
    lambdas: {
      invoke: async (_name, event) => {
        const busEvent = event as BusEvent;
        calls.push(busEvent);
        const error = options.fail?.(busEvent, calls.filter((call) => call.id === busEvent.id).length);
        if (error) throw error;
        if (!options.fail && modeOf(busEvent) === 'failing') throw new Error('the consumer is down');
      },
    },
  });
  bus.resume();
  return { bus, calls };
}

const entries = (...modes: Mode[]) => modes.map((mode, index) => crashEntry(mode, index).entry);

/** Waits until `condition` holds (the bus works on timers); not a measure of time. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { type: string; event?: BusEvent; deliveries?: DeliveryState[] });

const inProgress = () => Object.assign(new Error('There is already an execution in progress'), { name: 'IdempotencyAlreadyInProgressError' });

describe('the local bus with a journal', () => {
  it('has an accepted event on disk when PutEvents returns, and lets it go once its deliveries are handled', async () => {
    // Prepare
    const files = dataFolder();
    const { bus } = busOn(files);
    const url = await bus.listen();
    bus.hold(true);
    // Act
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSEvents.PutEvents', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ Entries: entries('fast') }),
    });
    const { Entries } = (await response.json()) as { Entries: { EventId: string }[] };
    const onDisk = linesOf(files.journalFile);
    bus.hold(false);
    await bus.idle();
    await bus.close();
    const afterwards = new BusJournal(files.journalFile).live();
    // Assess
    expect(onDisk).toEqual([expect.objectContaining({ type: 'accepted', event: expect.objectContaining({ id: Entries[0]!.EventId }) })]);
    expect(afterwards).toEqual([]);
  });

  it('resumes after a restart the deliveries left pending, with their attempt counts and next-attempt times', async () => {
    // Prepare
    const files = dataFolder();
    const first = busOn(files, { retryDelayMs: () => 300 });
    await first.bus.putEvents(entries('failing', 'failing'));
    await until(() => first.bus.deliveries().every((delivery) => delivery.attempts === 1 && !delivery.running));
    const before = first.bus.deliveries();
    await first.bus.close();
    // Act
    const second = busOn(files, { fail: () => undefined });
    const atRestart = second.bus.deliveries();
    await second.bus.idle();
    const handled = second.calls.map((event) => event.id).sort();
    await second.bus.close();
    // Assess
    expect(atRestart).toEqual(before);
    expect(atRestart.map(({ attempts, failures }) => ({ attempts, failures }))).toEqual([
      { attempts: 1, failures: 1 },
      { attempts: 1, failures: 1 },
    ]);
    expect(handled).toEqual(before.map((delivery) => delivery.eventId).sort());
    expect(second.bus.listDeadLetters()).toEqual([]);
    expect(new BusJournal(files.journalFile).live()).toEqual([]);
  });

  it('does not deliver again after a restart what was handled before it', async () => {
    // Prepare
    const files = dataFolder();
    const first = busOn(files, { retryDelayMs: () => 60_000 });
    const accepted = await first.bus.putEvents(entries('fast', 'failing'));
    await until(() => first.bus.deliveries().length === 1 && first.bus.deliveries()[0]!.attempts === 1);
    await first.bus.close();
    // Act
    const second = busOn(files, { fail: () => undefined });
    const pending = second.bus.deliveries().map((delivery) => delivery.eventId);
    await second.bus.close();
    // Assess
    const [fast, failing] = accepted.map((result) => ('EventId' in result ? result.EventId : ''));
    expect(first.calls.map((event) => event.id).sort()).toEqual([fast, failing].sort());
    expect(pending).toEqual([failing]);
  });

  it('ignores a torn last line (a crash mid-append) and goes on after it', async () => {
    // Prepare
    const files = dataFolder();
    const first = busOn(files);
    first.bus.hold(true);
    await first.bus.putEvents(entries('fast', 'fast'));
    await first.bus.close();
    const [firstDelivery] = new BusJournal(files.journalFile).live()[0]!.deliveries;
    // The record that would have finished the first delivery, cut short by the crash.
    appendFileSync(files.journalFile, `{"type":"finished","id":"${firstDelivery!.id}","outc`);
    // Act
    const second = busOn(files);
    await second.bus.idle();
    await second.bus.close();
    // Assess
    expect(second.calls).toHaveLength(2);
    expect(() => linesOf(files.journalFile)).not.toThrow();
    expect(new BusJournal(files.journalFile).live()).toEqual([]);
  });

  it('compacts the journal to exactly its live entries, and a restart finds the same ones', async () => {
    // Prepare
    const { journalFile } = dataFolder();
    const journal = new BusJournal(journalFile, { compactAtBytes: 4096 });
    const { entry } = crashEntry('fast', 0);
    const live: string[] = [];
    for (let index = 0; index < 200; index += 1) {
      const busEvent = {
        version: '0',
        id: `event-${index}`,
        'detail-type': entry.DetailType,
        source: entry.Source,
        account: '000000000000',
        time: new Date().toISOString(),
        region: 'local',
        resources: [],
        detail: JSON.parse(entry.Detail),
      };
      const delivery: DeliveryState = { id: `delivery-${index}`, consumer: 'request-links', attempts: 0, failures: 0, nextAttemptAt: 0, since: 0 };
      journal.accepted(busEvent, [delivery]);
      if (index % 40 === 0) {
        journal.failed({ ...delivery, attempts: 1, failures: 1, nextAttemptAt: 1000, lastError: 'Error: down' });
        live.push(delivery.id);
      } else {
        journal.finished(delivery.id, 'handled');
      }
    }
    await journal.commit();
    const sizeAfterAutomaticCompactions = journal.size();
    // Act
    journal.compact();
    const lines = linesOf(journalFile);
    const state = journal.live();
    await journal.close();
    const reopened = new BusJournal(journalFile).live();
    // Assess
    expect(sizeAfterAutomaticCompactions).toBeLessThan(2 * 4096);
    expect(lines.every((line) => line.type === 'accepted')).toBe(true);
    expect(lines.flatMap((line) => line.deliveries!.map((delivery) => delivery.id))).toEqual(live);
    expect(lines[0]!.deliveries![0]).toMatchObject({ attempts: 1, failures: 1, nextAttemptAt: 1000, lastError: 'Error: down' });
    expect(reopened).toEqual(state);
  });

  it('waits out an idempotency record in progress instead of spending its retries on it', async () => {
    // Prepare
    const files = dataFolder();
    const waits = 3 * (1 + DELIVERY_RETRIES);
    const { bus, calls } = busOn(files, { fail: (_event, call) => (call <= waits ? inProgress() : undefined) });
    // Act
    await bus.putEvents(entries('fast'));
    await bus.idle();
    await bus.close();
    // Assess
    expect(calls).toHaveLength(waits + 1);
    expect(bus.listDeadLetters()).toEqual([]);
  });

  it('dead-letters after the retries a delivery that keeps failing, keeps the letter on disk, and a redrive delivers it', async () => {
    // Prepare
    const files = dataFolder();
    let down = true;
    const { bus, calls } = busOn(files, { fail: () => (down ? new Error('the consumer is down') : undefined) });
    await bus.putEvents(entries('fast'));
    await bus.idle();
    const letters = linesOf(files.deadLetterFile);
    // Act
    down = false;
    const redriven = await bus.redrive();
    await bus.idle();
    await bus.close();
    // Assess
    expect(letters).toEqual([expect.objectContaining({ consumer: 'request-links', attempts: 1 + DELIVERY_RETRIES })]);
    expect(redriven).toBe(1);
    expect(calls).toHaveLength(2 + DELIVERY_RETRIES);
    expect(readFileSync(files.deadLetterFile, 'utf8')).toBe('');
    expect(new BusJournal(files.journalFile).live()).toEqual([]);
  });

  it('dead-letters a delivery still waiting when its maximum event age passes', async () => {
    // Prepare
    const files = dataFolder();
    const { bus } = busOn(files, { maxEventAgeMs: 50, retryDelayMs: () => 5, fail: () => inProgress() });
    // Act
    await bus.putEvents(entries('fast'));
    await bus.idle();
    await bus.close();
    // Assess
    expect(bus.listDeadLetters()).toEqual([
      expect.objectContaining({ error: expect.stringMatching(/^maximum event age passed; last error IdempotencyAlreadyInProgressError/) }),
    ]);
  });
});
