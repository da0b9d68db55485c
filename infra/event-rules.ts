import type { EventDefinition } from '../shared/events/define';

/**
 * An EventBridge rule's event pattern over the two fields the service's rules match: the event's
 * `source` and `detail-type`, each a list of the values allowed (an event matches when both of its
 * values are in their lists). Written as CDK spells it (`detailType`), so CDK takes it as is.
 */
export interface RulePattern {
  source: string[];
  detailType: string[];
}

/** The fields of an event a rule pattern reads, as EventBridge names them. */
export interface RoutedEvent {
  source: string;
  'detail-type': string;
}

/**
 * The pattern of the rule that delivers these events to one target: their sources × their
 * detail-types. CDK builds every subscription's rule from it and the local bus matches events with
 * it, so the two cannot disagree. The product matches exactly the listed events only because no two
 * events of the catalogue share a detail-type (a test holds the catalogue to that).
 */
export function rulePattern(events: readonly Pick<EventDefinition, 'source' | 'detailType'>[]): RulePattern {
  return {
    source: distinct(events.map((event) => event.source)),
    detailType: distinct(events.map((event) => event.detailType)),
  };
}

/** Whether the rule with this pattern matches the event, as EventBridge decides it. */
export const matchesRule = (pattern: RulePattern, event: RoutedEvent): boolean =>
  pattern.source.includes(event.source) && pattern.detailType.includes(event['detail-type']);

const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];
