import { describe, expect, it } from 'vitest';
import { eventCatalogue, subscriptions } from '../../events/catalogue';
import { matchesRule, rulePattern } from '../../infra/event-rules';
import { LocalBus } from '../../infra/local/bus';

const asRouted = (event: { source: string; detailType: string }) => ({ source: event.source, 'detail-type': event.detailType });

describe('the event rules', () => {
  it('never give two events of the catalogue the same detail-type', () => {
    // Prepare
    const detailTypes = eventCatalogue.map((event) => event.detailType);
    // Act
    const repeated = detailTypes.filter((detailType, index) => detailTypes.indexOf(detailType) !== index);
    // Assess
    expect(repeated).toEqual([]);
  });

  it('subscribe consumers only to events of the catalogue', () => {
    // Prepare
    const catalogued = new Set(eventCatalogue);
    // Act
    const strangers = subscriptions.flatMap(({ consumer, events }) =>
      events.filter((event) => !catalogued.has(event)).map((event) => `${consumer}: ${event.detailType}`),
    );
    // Assess
    expect(strangers).toEqual([]);
  });

  it("match, of the whole catalogue, exactly the events each consumer subscribes to", () => {
    for (const { consumer, events } of subscriptions) {
      // Prepare
      const pattern = rulePattern(events);
      // Act
      const matched = eventCatalogue.filter((event) => matchesRule(pattern, asRouted(event)));
      // Assess
      expect(matched.map((event) => event.detailType).sort(), consumer).toEqual(events.map((event) => event.detailType).sort());
    }
  });

  it('match an event only when both its source and its detail-type are listed', () => {
    // Prepare
    const pattern = rulePattern([
      { source: 'grid.a', detailType: 'a.one' },
      { source: 'grid.b', detailType: 'b.one' },
    ]);
    // Act
    const verdicts = [
      matchesRule(pattern, { source: 'grid.a', 'detail-type': 'a.one' }),
      matchesRule(pattern, { source: 'grid.b', 'detail-type': 'b.one' }),
      // The product of the lists: matched although no event was declared so. Unique detail-types keep it from happening.
      matchesRule(pattern, { source: 'grid.a', 'detail-type': 'b.one' }),
      matchesRule(pattern, { source: 'grid.c', 'detail-type': 'a.one' }),
      matchesRule(pattern, { source: 'grid.a', 'detail-type': 'c.one' }),
    ];
    // Assess
    expect(verdicts).toEqual([true, true, true, false, false]);
  });

  it('decide what the local bus delivers: each catalogue event reaches exactly the consumers subscribed to it', async () => {
    // Prepare
    const invoked: string[] = [];
    const bus = new LocalBus({
      busName: 'event-rules-test',
      lambdas: {
        invoke: async (name, event) => {
          invoked.push(`${name} ${(event as { 'detail-type': string })['detail-type']}`);
        },
      },
    });
    bus.resume();
    // Act
    await bus.putEvents(eventCatalogue.map((event) => ({ Source: event.source, DetailType: event.detailType, Detail: '{}' })));
    await bus.close();
    // Assess
    const expected = eventCatalogue.flatMap((event) =>
      subscriptions.filter(({ events }) => events.includes(event)).map(({ consumer }) => `${consumer} ${event.detailType}`),
    );
    expect(invoked.sort()).toEqual(expected.sort());
  });
});
