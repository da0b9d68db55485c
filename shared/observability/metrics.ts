import { AsyncLocalStorage } from 'node:async_hooks';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { EmfOutput } from '@aws-lambda-powertools/metrics/types';
import { logger } from '../logger';
import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricDefinition, type MetricKey, metricCatalogue } from './catalogue';

/**
 * The service's business metrics (the catalogue in ./catalogue.ts), written as CloudWatch embedded
 * metric format (EMF) by Powertools Metrics: one JSON line on stdout per invocation and dimension,
 * which CloudWatch Logs turns into metrics in the `GridService` namespace, `service = grid-service`.
 *
 * A domain point calls {@link count} or {@link measure} where the thing really happened; the
 * function's wrapper ({@link withMetrics}: `httpFunction`, `consumerFunction`, the schedules)
 * publishes what its invocation recorded once, when it ends, failed or not.
 *
 * What an invocation records is kept in its own store, followed through its async calls
 * (AsyncLocalStorage), not in one module-level buffer: in Lambda one process runs one invocation
 * at a time, but the local runtime runs every function in one process, many invocations at once, and
 * one of them must neither publish nor lose another's metrics. The store is also why the metrics are
 * not added to Powertools as they happen: a Powertools `Metrics` holds one set of dimensions for all
 * its metrics, while one invocation may count pushes on two channels and a submission besides, so
 * each dimension value gets its own EMF document at the end. Publishing is synchronous, so the one
 * Powertools instance is never shared by two invocations at a time.
 */

type Catalogue = typeof metricCatalogue;

/** Metrics that count things ({@link count}). */
export type CountKey = { [K in MetricKey]: Catalogue[K]['unit'] extends 'Count' ? K : never }[MetricKey];
/** Metrics that measure a quantity, a duration or an age ({@link measure}). */
export type MeasureKey = Exclude<MetricKey, CountKey>;

/** The values a metric's one extra dimension may take (never, when it has none). */
export type DimensionValue<K extends MetricKey> = Catalogue[K] extends { dimension: { values: readonly (infer V)[] } } ? V : never;

/** `count`'s arguments after the key: a split metric needs its dimension value, the others cannot take one. */
type CountArguments<K extends CountKey> = [DimensionValue<K>] extends [never]
  ? [value?: number]
  : [value: number, dimension: DimensionValue<K>];

/** One dimension value's metrics, as one invocation recorded them. */
interface Series {
  dimension?: { name: string; value: string };
  /** A count's values are summed; a measurement's are kept one by one (EMF takes a list). */
  values: Map<MetricKey, number[]>;
}

/** What one invocation has recorded, by dimension (`''`: none). */
interface Recorded {
  series: Map<string, Series>;
  /** Set once published: anything recorded later (work the handler left running) is not. */
  published: boolean;
}

const invocations = new AsyncLocalStorage<Recorded>();

/**
 * Counts `value` (default 1) occurrences of `key`, with its dimension value when the catalogue splits
 * it: `count('requestsSubmitted')`, `count('pushesFailed', 1, 'wecom')`. Outside an invocation (a
 * script, a test calling a use case directly) nothing would publish it, so it is not kept.
 */
export function count<K extends CountKey>(key: K, ...[value = 1, dimension]: CountArguments<K>): void {
  const values = valuesOf(key, dimension as string | undefined);
  // One summed value per invocation: CloudWatch's Sum is what a count is read by.
  if (values) values[0] = (values[0] ?? 0) + value;
}

/**
 * Records one measurement of `key` in the catalogue's unit (seconds for `outboxBacklogAge`); each
 * measurement of an invocation is published, so CloudWatch's maximum and average see them all.
 */
export function measure(key: MeasureKey, value: number): void {
  valuesOf(key, undefined)?.push(value);
}

function valuesOf(key: MetricKey, dimensionValue: string | undefined): number[] | undefined {
  const recorded = invocations.getStore();
  if (!recorded || recorded.published) return undefined;
  const definition: MetricDefinition = metricCatalogue[key];
  const dimension = definition.dimension && dimensionValue !== undefined ? { name: definition.dimension.name, value: dimensionValue } : undefined;
  const seriesKey = dimension ? `${dimension.name}=${dimension.value}` : '';
  let series = recorded.series.get(seriesKey);
  if (!series) {
    series = { ...(dimension ? { dimension } : {}), values: new Map() };
    recorded.series.set(seriesKey, series);
  }
  let values = series.values.get(key);
  if (!values) {
    values = [];
    series.values.set(key, values);
  }
  return values;
}

/**
 * Wraps a Lambda handler so that the metrics its invocation records are published when it ends —
 * once, whether it returned or threw (the error is rethrown as it was).
 */
export function withMetrics<Event, Result, Rest extends unknown[]>(
  handler: (event: Event, ...rest: Rest) => Promise<Result>,
): (event: Event, ...rest: Rest) => Promise<Result> {
  return (event, ...rest) => {
    const recorded: Recorded = { series: new Map(), published: false };
    return invocations.run(recorded, async () => {
      try {
        return await handler(event, ...rest);
      } finally {
        publish(recorded);
      }
    });
  };
}

/** Powertools Metrics, telling whether it prints at all (`POWERTOOLS_METRICS_DISABLED`). */
class Emitter extends Metrics {
  get printing(): boolean {
    return !this.isDisabled();
  }
}

let powertools: Emitter | undefined;

/**
 * Built on first use rather than at import, so it reads the environment the function runs with
 * (`POWERTOOLS_METRICS_DISABLED`, which the tests set to keep EMF out of their output).
 */
const emitter = (): Emitter => (powertools ??= new Emitter({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE }));

/** Prints one EMF document per dimension value the invocation recorded; nothing when it recorded nothing. */
function publish(recorded: Recorded): void {
  recorded.published = true;
  for (const { dimension, values } of recorded.series.values()) {
    const metrics = emitter();
    try {
      for (const [key, numbers] of values) {
        const { name, unit } = metricCatalogue[key];
        for (const value of numbers) metrics.addMetric(name, unit, value);
      }
      if (dimension) metrics.addDimension(dimension.name, dimension.value);
      // Serialised twice only where someone looks (the local runtime); Powertools prints its own.
      const observer = metricsObserver();
      const document = observer && metrics.printing ? metrics.serializeMetrics() : undefined;
      metrics.publishStoredMetrics();
      if (document) observer!(document);
    } catch (error) {
      // Metrics never fail the work they describe: drop this document, keep the next one clean.
      metrics.clearMetrics();
      metrics.clearDimensions();
      logger.warn('could not publish metrics', { error });
    }
  }
  recorded.series.clear();
}

/** Who else sees each EMF document published (the local runtime's /metrics page); set only locally. */
let metricsObserver: () => ((document: EmfOutput) => void) | undefined = () => undefined;

/**
 * Set only by the local runtime (infra/local/function-scope.ts): where the running function's
 * published EMF documents also go, so the runtime can sum them for its local /metrics page. In
 * Lambda nobody is told: CloudWatch reads the lines from the logs.
 */
export function metricsObservedBy(source: (() => ((document: EmfOutput) => void) | undefined) | undefined): void {
  metricsObserver = source ?? (() => undefined);
}

export type { EmfOutput };
