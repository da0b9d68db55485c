import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach } from 'vitest';

/**
 * Stands in for EventBridge in integration tests: accepts every PutEvents before each test, and
 * reads back the data of the events sent with a detail-type.
 */
export function useAcceptingBus() {
  const bus = mockClient(EventBridgeClient);
  beforeEach(() => {
    bus.reset();
    bus.on(PutEventsCommand).callsFake((input) => ({
      FailedEntryCount: 0,
      Entries: (input.Entries ?? []).map((_: unknown, index: number) => ({ EventId: `e${index}` })),
    }));
  });
  const eventsSent = (detailType: string) =>
    bus
      .commandCalls(PutEventsCommand)
      .flatMap((call) => call.args[0].input.Entries!)
      .filter((entry) => entry.DetailType === detailType)
      .map((entry) => JSON.parse(entry.Detail!).data);
  return { bus, eventsSent };
}
