import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricKey, metricCatalogue } from '../../shared/observability/catalogue';

/** The dimension value of a split metric (`wecom` of `pushesFailed`), by the catalogue's own list. */
type DimensionValueOf<K extends MetricKey> = (typeof metricCatalogue)[K] extends { dimension: { values: readonly (infer V)[] } } ? V : never;

export interface CatalogueMetricOptions {
  statistic: string;
  period: Duration;
  label?: string;
}

/**
 * A metric of the catalogue (shared/observability/catalogue.ts) as the functions publish it: its
 * name and namespace from there, never spelled again, with the `service` dimension every one
 * carries and, for a split metric, its one extra dimension. Pass the dimension value exactly when
 * the catalogue splits the metric (the type says which).
 */
export function catalogueMetric<K extends MetricKey>(
  key: K,
  options: CatalogueMetricOptions,
  ...[dimensionValue]: [DimensionValueOf<K>] extends [never] ? [] : [DimensionValueOf<K>]
): cloudwatch.Metric {
  const definition = metricCatalogue[key];
  const split = 'dimension' in definition ? definition.dimension : undefined;
  if (split && dimensionValue === undefined) throw new Error(`metric ${key} is split by ${split.name}: say which value`);
  if (split && !(split.values as readonly string[]).includes(dimensionValue as string)) {
    throw new Error(`metric ${key}: ${split.name} takes ${split.values.join(', ')}, not ${String(dimensionValue)}`);
  }
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: definition.name,
    dimensionsMap: { service: METRICS_SERVICE, ...(split ? { [split.name]: dimensionValue as string } : {}) },
    statistic: options.statistic,
    period: options.period,
    label: options.label ?? (split ? `${definition.name} (${String(dimensionValue)})` : definition.name),
  });
}

/** Every series of a catalogue metric: one, or one per value of its extra dimension. */
export function catalogueSeries(key: MetricKey, options: Omit<CatalogueMetricOptions, 'label'>): cloudwatch.Metric[] {
  const definition = metricCatalogue[key];
  const split = 'dimension' in definition ? definition.dimension : undefined;
  const make = catalogueMetric as (key: MetricKey, options: CatalogueMetricOptions, value?: string) => cloudwatch.Metric;
  return split ? split.values.map((value) => make(key, options, value)) : [make(key, options)];
}

/** One minute: the finest period standard-resolution metrics have, and the alarms' default. */
export const ONE_MINUTE = Duration.minutes(1);
/** The period most alarms judge on. */
export const FIVE_MINUTES = Duration.minutes(5);

/**
 * DynamoDB's `ThrottledRequests` for one operation on the table, counting a request throttled by the
 * table or by any of its indexes. (aws-cdk-lib's ITableV2 offers only the sum over operations.)
 */
export function throttledRequests(table: dynamodb.ITableV2, operation: string, options: CatalogueMetricOptions): cloudwatch.Metric {
  return table.metric('ThrottledRequests', {
    dimensionsMap: { TableName: table.tableName, Operation: operation },
    statistic: options.statistic,
    period: options.period,
    label: options.label ?? operation,
  });
}
