import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { type Subscription, subscriptions } from '../../events/catalogue';
import { type RulePattern, matchesRule, rulePattern } from '../event-rules';

/**
 * What the local bus accepts and who receives it: a PutEvents entry becomes an event as EventBridge
 * would stamp it, and goes to the consumers whose rule pattern matches it (the patterns CDK deploys,
 * infra/event-rules.ts). The deliveries themselves are the bus's (`bus.ts`).
 */

/** One entry of a PutEvents call, as the SDK client sends it. */
export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
}

/** What PutEvents answers for one entry: its event's id, or why it was refused. */
export type PutEventsResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** One rule per subscription, with the very pattern CDK gives the consumer's rule (infra/event-rules.ts). */
const RULES: readonly { subscription: Subscription; pattern: RulePattern }[] = subscriptions.map((subscription) => ({
  subscription,
  pattern: rulePattern(subscription.events),
}));

/** The event an entry becomes, stamped now with a fresh id; the refusal PutEvents answers for an invalid one. */
export function eventOf(entry: PutEventsEntry): { event: EventBridgeEvent<string, unknown> } | { refused: PutEventsResult } {
  if (!entry.Source || !entry.DetailType || !entry.Detail) {
    return { refused: { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required' } };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    return { refused: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' } };
  }
  return {
    event: {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'local',
      resources: entry.Resources ?? [],
      detail,
    },
  };
}

/** The subscriptions whose rule matches an event. */
export const targetsOf = (event: EventBridgeEvent<string, unknown>): Subscription[] =>
  RULES.filter(({ pattern }) => matchesRule(pattern, event)).map(({ subscription }) => subscription);

/** The subscription of a consumer by name; throws when there is none. */
export function subscriptionOf(consumer: string): Subscription {
  const found = subscriptions.find((candidate) => candidate.consumer === consumer);
  if (!found) throw new Error(`no consumer named ${consumer}`);
  return found;
}
