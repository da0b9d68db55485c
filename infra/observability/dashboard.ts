import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type MetricDefinition, type MetricKey, metricCatalogue } from '../../shared/observability/catalogue';
import { tableDesign } from '../../shared/table/design';
import { ITEM_ACTIONS } from '../table-access';
import type { ObservedFunction } from './alarms';
import { catalogueSeries, throttledRequests } from './catalogue-metrics';
import { type Feature, functionsByFeature } from './features';
import { RUNBOOK_PATH } from './runbook';

export interface ServiceDashboardProps {
  /** The stack's name: the dashboard's name, and the prefix of every alarm's name. */
  serviceName: string;
  stage: apigwv2.IHttpStage;
  functions: readonly ObservedFunction[];
  table: dynamodb.ITableV2;
  /** The dead-letter queue of each asynchronously invoked function, by function name. */
  deadLetters: ReadonlyMap<string, sqs.IQueue>;
  /** Every alarm, for the status panel at the top. */
  alarms: readonly cloudwatch.IAlarm[];
}

/** Five minutes: fine enough to see a peak's shape over the dashboard's three hours, coarse enough for a p99. */
const PERIOD = Duration.minutes(5);

/** The row of the dashboard each feature of the metric catalogue's metrics is drawn in. */
const CATALOGUE_FEATURE_ROW: Readonly<Record<MetricDefinition['feature'], Feature>> = {
  auth: 'people',
  requests: 'requests',
  stations: 'stations',
  notifications: 'notifications',
  // Deliveries are drawn in their own feature's row, beside its functions' errors and its queues' dead letters.
  departments: 'departments',
  events: 'events',
};

const FULL_WIDTH = 24;
const GRAPH_HEIGHT = 6;

/**
 * The service's CloudWatch dashboard: the alarms' states, the API's golden signals, then a row per
 * feature (infra/observability/features.ts) with its functions' traffic, errors, latency and
 * saturation (throttles, concurrency), its business metrics from the catalogue and its dead letters,
 * and last the table's throttles and consumed capacity, per index.
 */
export class ServiceDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.serviceName,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# ${props.serviceName}\nGolden signals per feature (traffic, errors, latency, saturation), the business metrics, the table. What each alarm means and what to do: \`${RUNBOOK_PATH}\` in the repository.`,
        width: FULL_WIDTH,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: FULL_WIDTH, height: 4 }),
    );
    this.dashboard.addWidgets(...apiRow(props.stage));
    const businessByRow = businessMetricsByRow();
    for (const [feature, members] of functionsByFeature(props.functions.map(({ definition }) => definition))) {
      const deployed = members.map((member) => ({ name: member.name, fn: props.functions.find(({ definition }) => definition === member)!.fn }));
      this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `## ${feature}`, width: FULL_WIDTH, height: 1 }));
      this.dashboard.addWidgets(...goldenSignals(feature, deployed));
      const queues = members.flatMap(({ name }) => {
        const queue = props.deadLetters.get(name);
        return queue ? [{ name, queue }] : [];
      });
      const extra = [...businessGraphs(feature, businessByRow.get(feature) ?? []), ...(queues.length > 0 ? [deadLetterGraph(feature, queues)] : [])];
      if (extra.length > 0) this.dashboard.addWidgets(...extra);
    }
    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '## table', width: FULL_WIDTH, height: 1 }));
    this.dashboard.addWidgets(...tableRow(props.table));
  }
}

/** Requests, 4xx and 5xx, latency as callers see it, and the account's Lambda concurrency. */
function apiRow(stage: apigwv2.IHttpStage): cloudwatch.IWidget[] {
  const sum = { statistic: cloudwatch.Stats.SUM, period: PERIOD };
  return [
    graph('API requests', [stage.metricCount({ ...sum, label: 'requests' })]),
    graph('API errors', [stage.metricClientError({ ...sum, label: '4xx' }), stage.metricServerError({ ...sum, label: '5xx' })]),
    graph('API latency (ms)', [
      stage.metricLatency({ statistic: cloudwatch.Stats.p(50), period: PERIOD, label: 'p50' }),
      stage.metricLatency({ statistic: cloudwatch.Stats.p(99), period: PERIOD, label: 'p99' }),
      stage.metricIntegrationLatency({ statistic: cloudwatch.Stats.p(99), period: PERIOD, label: 'integration p99' }),
    ]),
    graph('Lambda concurrency (account)', [
      lambda.Function.metricAllConcurrentExecutions({ statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD, label: 'all' }),
      lambda.Function.metricAllUnreservedConcurrentExecutions({ statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD, label: 'unreserved' }),
    ]),
  ];
}

/** A feature's functions: invocations, errors, p99 duration, and throttles beside peak concurrency. */
function goldenSignals(feature: Feature, functions: readonly { name: string; fn: lambda.IFunction }[]): cloudwatch.IWidget[] {
  const sum = { statistic: cloudwatch.Stats.SUM, period: PERIOD };
  return [
    graph(`${feature}: traffic (invocations)`, functions.map(({ name, fn }) => fn.metricInvocations({ ...sum, label: name }))),
    graph(`${feature}: errors`, functions.map(({ name, fn }) => fn.metricErrors({ ...sum, label: name }))),
    graph(
      `${feature}: latency (p99 ms)`,
      functions.map(({ name, fn }) => fn.metricDuration({ statistic: cloudwatch.Stats.p(99), period: PERIOD, label: name })),
    ),
    graph(
      `${feature}: saturation (throttles; concurrency →)`,
      functions.map(({ name, fn }) => fn.metricThrottles({ ...sum, label: `${name} throttles` })),
      functions.map(({ name, fn }) => fn.metric('ConcurrentExecutions', { statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD, label: name })),
    ),
  ];
}

/** The catalogue's metrics by the dashboard row they belong to, in the catalogue's order. */
function businessMetricsByRow(): Map<Feature, MetricKey[]> {
  const rows = new Map<Feature, MetricKey[]>();
  for (const key of Object.keys(metricCatalogue) as MetricKey[]) {
    const row = CATALOGUE_FEATURE_ROW[metricCatalogue[key].feature];
    rows.set(row, [...(rows.get(row) ?? []), key]);
  }
  return rows;
}

/** One graph of a feature's business metrics: counts (sums) on the left, ages and durations (maxima) on the right. */
function businessGraphs(feature: Feature, keys: readonly MetricKey[]): cloudwatch.IWidget[] {
  if (keys.length === 0) return [];
  const counts = keys.filter((key) => metricCatalogue[key].unit === 'Count');
  const measures = keys.filter((key) => metricCatalogue[key].unit !== 'Count');
  return [
    graph(
      `${feature}: business metrics${measures.length > 0 ? ` (${measures.map((key) => `${metricCatalogue[key].name} →`).join(', ')})` : ''}`,
      counts.flatMap((key) => catalogueSeries(key, { statistic: cloudwatch.Stats.SUM, period: PERIOD })),
      measures.flatMap((key) => catalogueSeries(key, { statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD })),
      12,
    ),
  ];
}

/** Messages waiting in the dead-letter queues of a feature's asynchronous functions. */
function deadLetterGraph(feature: Feature, queues: readonly { name: string; queue: sqs.IQueue }[]): cloudwatch.IWidget {
  return graph(
    `${feature}: dead letters waiting`,
    queues.map(({ name, queue }) => queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD, label: name })),
    [],
    12,
  );
}

/** Throttled requests by operation, throttle events and consumed capacity by index (the table's own and each GSI). */
function tableRow(table: dynamodb.ITableV2): cloudwatch.IWidget[] {
  const sum = { statistic: cloudwatch.Stats.SUM, period: PERIOD };
  const indexes = [undefined, ...Object.keys(tableDesign.indexes)];
  const perIndex = (metricName: string) =>
    indexes.map((index) =>
      table.metric(metricName, {
        ...sum,
        dimensionsMap: { TableName: table.tableName, ...(index ? { GlobalSecondaryIndexName: index } : {}) },
        label: index ?? 'table',
      }),
    );
  return [
    graph('table: throttled requests by operation', ITEM_ACTIONS.map((operation) => throttledRequests(table, operation, sum))),
    graph('table: write throttle events (read →)', perIndex('WriteThrottleEvents'), perIndex('ReadThrottleEvents')),
    graph('table: consumed write capacity', perIndex('ConsumedWriteCapacityUnits')),
    graph('table: consumed read capacity', perIndex('ConsumedReadCapacityUnits')),
  ];
}

function graph(title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = [], width = 6): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, right, width, height: GRAPH_HEIGHT, period: PERIOD });
}
