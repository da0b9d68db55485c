import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { ProblemError } from '../../../shared/http/errors';
import type { Station } from '../../../shared/stations/model';
import { createStation } from '../../../shared/stations/repository';
import { dailyHours, demoStation } from '../../../infra/local/seeds/stations';

/** An instant given as Beijing wall-clock time. */
export const beijing = (local: string) => new Date(`${local}+08:00`);

/** A station open around the clock (so nothing depends on the hour a test runs). */
export async function aStation(id: string, seats: Station['seats'], overrides: Partial<Station> = {}): Promise<Station> {
  const station: Station = { ...demoStation, id, name: `测试驿站 ${id}`, seats, hours: dailyHours('00:00', '24:00'), ...overrides };
  await createStation(station, []);
  return station;
}

/** Every event published through the mocked EventBridge, as `{ type, data }`. */
export function mockBus() {
  const bus = mockClient(EventBridgeClient);
  const published: { type: string; data: Record<string, unknown> }[] = [];
  bus.on(PutEventsCommand).callsFake((input: { Entries?: { DetailType?: string; Detail?: string }[] }) => {
    for (const entry of input.Entries ?? []) published.push({ type: entry.DetailType!, data: JSON.parse(entry.Detail!).data });
    return { FailedEntryCount: 0, Entries: (input.Entries ?? []).map((_, index) => ({ EventId: `e${index}` })) };
  });
  return { published, of: (type: string) => published.filter((event) => event.type === type) };
}

/** Runs attempts at once and sorts the outcomes: values, and refusals by `status code`. */
export async function race<T>(attempts: (() => Promise<T>)[]) {
  const results = await Promise.allSettled(attempts.map((run) => run()));
  const values = results.filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled').map((r) => r.value);
  const refusals: Record<string, number> = {};
  for (const result of results) {
    if (result.status !== 'rejected') continue;
    const reason = result.reason instanceof ProblemError ? `${result.reason.status} ${result.reason.code}` : String(result.reason);
    refusals[reason] = (refusals[reason] ?? 0) + 1;
  }
  return { values, refusals };
}

export const times = <T>(n: number, make: (index: number) => T): T[] => Array.from({ length: n }, (_, index) => make(index));
