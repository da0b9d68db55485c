import { readFileSync } from 'node:fs';
import type { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGridApp } from '../../infra/grid-app';
import type { GridServiceStack } from '../../infra/grid-stack';
import { lambdaFunctions, signInFunction } from '../../infra/functions';
import { INTEGRATION_TIMEOUT } from '../../infra/http-api';
import { type Feature, featureFunctions } from '../../infra/observability/features';
import { RUNBOOK_PATH, headingAnchor, runbookSections } from '../../infra/observability/runbook';
import { FALLBACK_THROTTLE, STAGE_THROTTLE, type Throttle, routeThrottles } from '../../infra/route-throttles';
import { ITEM_ACTIONS } from '../../infra/table-access';
import { routeKeyOf } from '../../shared/http/route';
import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricKey, metricCatalogue } from '../../shared/observability/catalogue';
import { type OperationId, routeCatalogue } from '../../shared/routes';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
type Dimension = { Name: string; Value: unknown };

/** The context `cdk synth` runs with (feature flags), so the tests see the template that deploys. */
const cdkContext = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

let stack: GridServiceStack;
/** The service's stack: the functions, the API, the dead-letter queues and their alarms, the topic. */
let parent: Template;
/** The nested stack of infra/observability/stack.ts: the other alarms and the dashboard. */
let nested: Template;

beforeAll(() => {
  // Prepare: the app as `cdk synth` builds it, minus the esbuild bundling.
  ({ stack } = buildGridApp({ ...cdkContext(), 'aws:cdk:bundling-stacks': [] }));
  // Act
  parent = Template.fromStack(stack);
  nested = Template.fromStack(stack.observability);
}, 120_000);

const resourcesOf = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type) as Record<string, Resource>);
const logicalIdOf = (construct: IConstruct): string =>
  stack.resolve((construct.node.defaultChild as CfnResource).logicalId);
const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Computes `make()` once, on first use (after the stack is built). */
const once = <T>(make: () => T): (() => T) => {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
};

/**
 * What the parent passes the nested stack for each of its parameters: a value of the parent reaches
 * the nested template as `{ Ref: <parameter> }`.
 */
const nestedParameters = once((): Map<string, unknown> => {
  const [[, resource]] = resourcesOf(parent, 'AWS::CloudFormation::Stack') as [[string, Resource]];
  return new Map(Object.entries(resource.Properties.Parameters as Record<string, unknown>));
});

/** The nested stack's reference to a resource of the parent (`{ Ref: <its logical id> }` there). */
function nestedReferenceTo(construct: IConstruct): { Ref: string } {
  const id = logicalIdOf(construct);
  const parameter = [...nestedParameters()].find(([, value]) => sameJson(value, { Ref: id }))?.[0];
  if (!parameter) throw new Error(`the nested stack is given no reference to ${id}`);
  return { Ref: parameter };
}

/** The parent's resources the alarms watch, by logical id: each function by its name, the API and the table. */
const watchedResources = once(
  (): Map<string, string> =>
    new Map([
      [logicalIdOf(stack.api.api), 'api'],
      [logicalIdOf(stack.table), 'table'],
      ...lambdaFunctions().map(({ name }) => [logicalIdOf(stack.functionNamed(name)), name] as [string, string]),
    ]),
);

/** What a dimension value of the nested template stands for: a function's name, `api`, `table`, or the value itself. */
function dimensionLabel(value: unknown): string {
  if (typeof value === 'string') return value;
  const ref = (value as { Ref?: string }).Ref;
  const passed = ref === undefined ? undefined : (nestedParameters().get(ref) as { Ref?: string } | undefined)?.Ref;
  return (passed && watchedResources().get(passed)) ?? `?${JSON.stringify(value)}`;
}

/** The periods the alarms use, as the table below writes them. */
const PERIODS = { '1m': 60, '5m': 300, '1h': 3600 } as const;
type Period = keyof typeof PERIODS;
const periodOf = (seconds: number): string =>
  Object.entries(PERIODS).find(([, s]) => s === seconds)?.[0] ?? `${seconds}s`;

/** A metric, as a line: `namespace name dimension=value…` (dimensions sorted). */
const metricId = (namespace: string, name: string, dimensions: Record<string, string>): string =>
  [namespace, name, ...Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`)].join(' ');

/** A metric as an alarm reads it: `namespace name dimension=value… statistic period`. */
const metricLine = (namespace: string, name: string, stat: string, period: string, dimensions: Record<string, string> = {}): string =>
  `${metricId(namespace, name, dimensions)} ${stat} ${period}`;

const deployedMetricLine = (namespace: string, name: string, stat: string, period: number, dimensions: Dimension[] = []): string =>
  metricLine(namespace, name, stat, periodOf(period), Object.fromEntries(dimensions.map(({ Name, Value }) => [Name, dimensionLabel(Value)])));

type MetricSummary = string | { expression: string; using: Record<string, string> };

/** An alarm of a template, read back into the terms of the table below. */
interface AlarmRow {
  name: string;
  metric?: MetricSummary;
  /** A composite's rule: the alarms it fires on, sorted (`rule`: one of another shape, as written). */
  anyOf?: string[];
  rule?: string;
  /** The comparison and the threshold: `> 5`. */
  when?: string;
  /** Datapoints to alarm of evaluation periods: `3 of 5`. */
  in?: string;
  missing?: string;
  /** `on call`: the alarm and OK actions notify the on-call topic; `none`: no action at all. */
  actions: string;
}

const COMPARISONS: Record<string, string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '>=',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
};

function metricOf(properties: Record<string, any>): MetricSummary {
  if (!properties.Metrics) {
    return deployedMetricLine(
      properties.Namespace,
      properties.MetricName,
      properties.Statistic ?? properties.ExtendedStatistic,
      properties.Period,
      properties.Dimensions,
    );
  }
  const queries = properties.Metrics as { Id: string; Expression?: string; ReturnData?: boolean; MetricStat?: any }[];
  const statOf = ({ Metric, Stat, Period }: any) => deployedMetricLine(Metric.Namespace, Metric.MetricName, Stat, Period, Metric.Dimensions);
  // A metric with a label of its own is written as a one-metric query.
  if (queries.length === 1 && queries[0]!.MetricStat) return statOf(queries[0]!.MetricStat);
  const expressions = queries.filter((query) => query.Expression !== undefined);
  if (expressions.length !== 1 || expressions[0]!.ReturnData !== true) return JSON.stringify(queries);
  return {
    expression: expressions[0]!.Expression!,
    using: Object.fromEntries(queries.filter((query) => query.MetricStat).map(({ Id, MetricStat }) => [Id, statOf(MetricStat)])),
  };
}

function actionsOf(properties: Record<string, any>, topic: unknown): string {
  const { AlarmActions, OKActions, InsufficientDataActions } = properties;
  if (AlarmActions === undefined && OKActions === undefined && InsufficientDataActions === undefined) return 'none';
  if (sameJson(AlarmActions, [topic]) && sameJson(OKActions, [topic]) && InsufficientDataActions === undefined) return 'on call';
  return JSON.stringify({ AlarmActions, OKActions, InsufficientDataActions });
}

/** The names of the alarms a composite's rule fires on, if it is `ALARM(a) OR ALARM(b) …`; else the rule. */
function compositeRuleOf(rule: unknown, nameOfLogicalId: (id: string) => string): string[] | string {
  const parts = (rule as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const read = (part: unknown): string => (typeof part === 'string' ? part : nameOfLogicalId((part as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]));
  const names = parts.filter((part) => typeof part !== 'string').map(read);
  const rendered = parts.map(read).join('');
  return rendered === `(${names.map((name) => `ALARM("${name}")`).join(' OR ')})` ? [...names].sort() : rendered;
}

/** Every alarm of the nested template, by its name without the stack's prefix. */
const nestedAlarms = once((): Map<string, AlarmRow> => {
  const topic = nestedReferenceTo(stack.onCall.topic);
  const resources = [...resourcesOf(nested, 'AWS::CloudWatch::Alarm'), ...resourcesOf(nested, 'AWS::CloudWatch::CompositeAlarm')];
  const nameOf = (properties: Record<string, any>) => String(properties.AlarmName).replace(`${stack.stackName}-`, '');
  const byLogicalId = new Map(resources.map(([id, { Properties }]) => [id, nameOf(Properties)]));
  return new Map(
    resources.map(([, { Type, Properties: p }]): [string, AlarmRow] => {
      const name = nameOf(p);
      if (Type === 'AWS::CloudWatch::CompositeAlarm') {
        const rule = compositeRuleOf(p.AlarmRule, (id) => byLogicalId.get(id) ?? id);
        return [name, { name, ...(Array.isArray(rule) ? { anyOf: rule } : { rule }), actions: actionsOf(p, topic) }];
      }
      return [
        name,
        {
          name,
          metric: metricOf(p),
          when: `${COMPARISONS[p.ComparisonOperator] ?? p.ComparisonOperator} ${p.Threshold}`,
          in: `${p.DatapointsToAlarm ?? p.EvaluationPeriods} of ${p.EvaluationPeriods}`,
          missing: p.TreatMissingData,
          actions: actionsOf(p, topic),
        },
      ];
    }),
  );
});

// The expected alarms, in the terms of AlarmRow.
const gateway = (name: string, stat: string, period: Period) => metricLine('AWS/ApiGateway', name, stat, period, { ApiId: 'api', Stage: '$default' });
const ofFunction = (fn: string, name: string, stat: string, period: Period) => metricLine('AWS/Lambda', name, stat, period, { FunctionName: fn });
const business = (key: MetricKey, stat: string, period: Period, dimensions: Record<string, string> = {}) =>
  metricLine(METRICS_NAMESPACE, metricCatalogue[key].name, stat, period, { service: METRICS_SERVICE, ...dimensions });
/** The sum of metrics, each missing period as 0 (`sumOf` in infra/observability/platform-alarms.ts). */
const sumOf = (metrics: string[]): MetricSummary => ({
  expression: metrics.map((_, i) => `FILL(m${i}, 0)`).join(' + '),
  using: Object.fromEntries(metrics.map((metric, i) => [`m${i}`, metric])),
});

/** Every feature, in the order of infra/observability/features.ts: one error and one throttle alarm each. */
const FEATURES: readonly Feature[] = ['people', 'requests', 'stations', 'shifts', 'notifications', 'photos', 'departments', 'events'];

/** The p99 bound of each function behind the API (its route group), in milliseconds. */
const ROUTE_GROUP_P99_MS: Readonly<Record<string, number>> = {
  authorizer: 500,
  meta: 1_000,
  'api-docs': 1_000,
  auth: 3_500,
  users: 1_000,
  organisation: 1_000,
  'shift-planning': 1_000,
  'shift-seats': 1_000,
  stations: 1_000,
  facilities: 1_000,
  'notifications-api': 1_000,
  announcements: 1_000,
  requests: 1_000,
  open311: 1_000,
  reports: 3_000,
  uploads: 2_000,
  deliveries: 1_000,
  departments: 1_000,
  'department-callbacks': 1_000,
};

/** The API's symptoms: reported by the composite ApiUnhealthy, they notify nobody themselves. */
const apiSymptoms: AlarmRow[] = [
  {
    name: 'ApiErrorRate',
    metric: {
      expression: 'IF(FILL(requests, 0) >= 5, 100 * FILL(errors, 0) / FILL(requests, 0), 0)',
      using: { requests: gateway('Count', 'Sum', '1m'), errors: gateway('5xx', 'Sum', '1m') },
    },
    when: '> 5',
    in: '3 of 5',
    missing: 'notBreaching',
    actions: 'none',
  },
  { name: 'ApiLatency', metric: gateway('Latency', 'p99', '5m'), when: '> 3000', in: '2 of 3', missing: 'notBreaching', actions: 'none' },
  ...Object.entries(ROUTE_GROUP_P99_MS).map(([fn, ms]) => ({
    name: `RouteLatency-${fn}`,
    metric: ofFunction(fn, 'Duration', 'p99', '5m'),
    when: `> ${ms}`,
    in: '2 of 3',
    missing: 'notBreaching',
    actions: 'none',
  })),
];

/** A whole hour of the day (08:00–20:00 in Asia/Shanghai, UTC+8: 00:00–12:00 UTC) without one of `key`: twelve empty five-minute periods; 1 outside it. */
const noneDuringTheDay = (name: string, key: MetricKey): AlarmRow => ({
  name,
  metric: { expression: 'IF(HOUR(m) >= 0 AND HOUR(m) < 12, FILL(m, 0), 1)', using: { m: business(key, 'Sum', '5m') } },
  when: '< 1',
  in: '12 of 12',
  missing: 'breaching',
  actions: 'on call',
});

const pushFailureRate = (channel: string): AlarmRow => ({
  name: `PushFailureRate-${channel}`,
  metric: {
    expression: 'IF(FILL(sent, 0) + FILL(failed, 0) >= 5, 100 * FILL(failed, 0) / (FILL(sent, 0) + FILL(failed, 0)), 0)',
    using: { sent: business('pushesSent', 'Sum', '5m', { channel }), failed: business('pushesFailed', 'Sum', '5m', { channel }) },
  },
  when: '> 25',
  in: '3 of 3',
  missing: 'notBreaching',
  actions: 'on call',
});

const expectedAlarms: AlarmRow[] = [
  ...apiSymptoms,
  { name: 'ApiUnhealthy', anyOf: apiSymptoms.map(({ name }) => name).sort(), actions: 'on call' },
  ...FEATURES.flatMap((feature): AlarmRow[] => [
    {
      name: `FunctionErrors-${feature}`,
      // The authorizer is left out: it refuses a token by throwing, which Lambda counts as an error.
      metric: sumOf(featureFunctions[feature].filter((fn) => fn !== 'authorizer').map((fn) => ofFunction(fn, 'Errors', 'Sum', '5m'))),
      when: '>= 5',
      in: '2 of 2',
      missing: 'notBreaching',
      actions: 'on call',
    },
    {
      name: `FunctionThrottles-${feature}`,
      metric: sumOf(featureFunctions[feature].map((fn) => ofFunction(fn, 'Throttles', 'Sum', '5m'))),
      when: '>= 10',
      in: '1 of 1',
      missing: 'notBreaching',
      actions: 'on call',
    },
  ]),
  {
    name: 'TableThrottled',
    metric: sumOf(ITEM_ACTIONS.map((operation) => metricLine('AWS/DynamoDB', 'ThrottledRequests', 'Sum', '1m', { TableName: 'table', Operation: operation }))),
    when: '>= 10',
    in: '3 of 5',
    missing: 'notBreaching',
    actions: 'on call',
  },
  { name: 'OutboxBacklog', metric: business('outboxBacklogAge', 'Maximum', '1m'), when: '> 300', in: '3 of 3', missing: 'ignore', actions: 'on call' },
  pushFailureRate('wechat'),
  pushFailureRate('wecom'),
  {
    name: 'DepartmentDeliveriesDead',
    metric: business('departmentDeliveriesDead', 'Sum', '5m'),
    when: '>= 1',
    in: '1 of 1',
    missing: 'notBreaching',
    actions: 'on call',
  },
  noneDuringTheDay('NoSignIns', 'signIns'),
  noneDuringTheDay('NoSubmissions', 'requestsSubmitted'),
  noneDuringTheDay('NoReservations', 'reservationsMade'),
];

/** The functions invoked asynchronously, each with a dead-letter queue and its alarm in the parent. */
const asynchronousFunctions = () => lambdaFunctions().filter(({ kind }) => kind === 'consumer' || kind === 'schedule');

describe('the alarms of the nested stack', () => {
  it('are exactly the alarms of the table below, no more and no fewer', () => {
    // Act
    const deployed = [...nestedAlarms().keys()].sort();
    // Assess
    expect(deployed).toEqual(expectedAlarms.map(({ name }) => name).sort());
  });

  it.each(expectedAlarms)('$name watches its metric at its threshold and notifies as the table says', (expected) => {
    // Act
    const deployed = nestedAlarms().get(expected.name);
    // Assess
    expect(deployed).toEqual(expected);
  });
});

describe('the alarm on dead department deliveries', () => {
  it('tells the on-call engineer where to see the dead letters, what to check and how to redrive them', () => {
    // Prepare
    const [[, alarm]] = resourcesOf(nested, 'AWS::CloudWatch::Alarm').filter(([, { Properties }]) =>
      String(Properties.AlarmName).endsWith('-DepartmentDeliveriesDead'),
    ) as [[string, Resource]];
    // Act
    const description = String(alarm.Properties.AlarmDescription);
    // Assess: the routes as the catalogue spells them, so a renamed route cannot leave the page pointing nowhere.
    for (const operationId of ['listDeliveryDeadLetters', 'getDepartmentEndpoint', 'redriveDelivery'] as const) {
      expect(description, operationId).toContain(routeKeyOf(routeCatalogue[operationId]));
    }
  });
});

describe('the dead-letter alarms of the parent stack', () => {
  it('are one per asynchronously invoked function, each on the first message in its queue', () => {
    // Prepare
    const expected = asynchronousFunctions().map(({ name }) => {
      const { alarm, queue } = stack.functionNamed(name).deadLetters!;
      return [logicalIdOf(alarm), metricLine('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'Maximum', '1m', { QueueName: logicalIdOf(queue) })];
    });
    // Act
    const deployed = resourcesOf(parent, 'AWS::CloudWatch::Alarm').map(([id, { Properties: p }]) => [
      id,
      metricLine(p.Namespace, p.MetricName, p.Statistic, periodOf(p.Period), { QueueName: p.Dimensions[0].Value['Fn::GetAtt'][0] }),
      `${COMPARISONS[p.ComparisonOperator]} ${p.Threshold}`,
    ]);
    // Assess
    expect(deployed).toHaveLength(expected.length);
    expect(deployed).toEqual(expect.arrayContaining(expected.map(([id, metric]) => [id, metric, '> 0'])));
  });

  it('notify the on-call topic when they fire and when they clear, and link the DeadLetters section', () => {
    // Prepare
    const topic = { Ref: logicalIdOf(stack.onCall.topic) };
    const link = `Runbook: ${RUNBOOK_PATH}#${headingAnchor(runbookSections.deadLetters)}`;
    // Act
    const alarms = resourcesOf(parent, 'AWS::CloudWatch::Alarm');
    // Assess
    expect(alarms.length).toBe(asynchronousFunctions().length);
    for (const [id, { Properties }] of alarms) {
      expect(actionsOf(Properties, topic), id).toBe('on call');
      expect(String(Properties.AlarmDescription).slice(-link.length), id).toBe(link);
    }
  });
});

describe('the runbook', () => {
  const runbookAnchors = (): Set<string> =>
    new Set(
      readFileSync(new URL(`../../${RUNBOOK_PATH}`, import.meta.url), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('## '))
        .map((line) => headingAnchor(line.slice(3))),
    );
  const RUNBOOK_LINK = new RegExp(`Runbook: ${RUNBOOK_PATH.replace(/\./g, '\\.')}#([\\w-]+)$`);
  /** Every alarm of both templates, with the anchor its description links to. */
  const linkedAnchors = (): [string, string | undefined][] =>
    [parent, nested].flatMap((template) =>
      [...resourcesOf(template, 'AWS::CloudWatch::Alarm'), ...resourcesOf(template, 'AWS::CloudWatch::CompositeAlarm')].map(
        ([id, { Properties }]): [string, string | undefined] => [Properties.AlarmName ?? id, RUNBOOK_LINK.exec(Properties.AlarmDescription ?? '')?.[1]],
      ),
    );

  it('has a section headed by the name of every kind of alarm', () => {
    // Act
    const anchors = runbookAnchors();
    // Assess
    for (const heading of Object.values(runbookSections)) expect(anchors, heading).toContain(headingAnchor(heading));
  });

  it('is linked from the end of every alarm description in both templates, to a heading it has', () => {
    // Prepare
    const anchors = runbookAnchors();
    // Act
    const links = linkedAnchors();
    // Assess
    expect(links.length).toBe(expectedAlarms.length + asynchronousFunctions().length);
    for (const [alarm, anchor] of links) {
      expect(anchor, alarm).toBeDefined();
      expect(anchors, alarm).toContain(anchor);
    }
  });

  it('is linked from each alarm of the nested stack at the section of its kind', () => {
    // Act
    const links = linkedAnchors().filter(([alarm]) => alarm.startsWith(`${stack.stackName}-`));
    // Assess
    expect(links.length).toBe(expectedAlarms.length);
    for (const [alarm, anchor] of links) {
      const kind = alarm.slice(stack.stackName.length + 1).split('-')[0]!;
      expect(anchor, alarm).toBe(headingAnchor(kind));
    }
  });
});

describe('the dashboard', () => {
  /**
   * The dashboard's body as JSON, each token CloudFormation fills in (an ARN, a function's name, the
   * region) as the placeholder `@token<i>@`, with the tokens themselves.
   */
  const dashboardBody = (): { widgets: { type: string; properties: Record<string, any> }[]; tokens: unknown[] } => {
    const [[, dashboard]] = resourcesOf(nested, 'AWS::CloudWatch::Dashboard') as [[string, Resource]];
    const tokens: unknown[] = [];
    const parts = dashboard.Properties.DashboardBody['Fn::Join'][1] as unknown[];
    const text = parts.map((part) => (typeof part === 'string' ? part : `@token${tokens.push(part) - 1}@`)).join('');
    return { ...JSON.parse(text), tokens };
  };
  /** A graph's metric (`[namespace, name, dimension, value, …, options]`) as `namespace name dimension=value…`, dimensions sorted. */
  const dashboardMetricLine = (metric: unknown[]): string => {
    const [namespace, name, ...dimensions] = metric.filter((part): part is string => typeof part === 'string');
    const pairs = Object.fromEntries(dimensions.flatMap((part, i) => (i % 2 === 0 ? [[part, dimensions[i + 1]!]] : [])));
    return metricId(namespace!, name!, pairs);
  };
  const titles = () => dashboardBody().widgets.map(({ properties }) => properties.title ?? properties.markdown);

  it('exists once, named after the stack', () => {
    // Act
    const dashboards = resourcesOf(nested, 'AWS::CloudWatch::Dashboard');
    // Assess
    expect(dashboards.map(([, { Properties }]) => Properties.DashboardName)).toEqual([stack.stackName]);
  });

  it('has a row per feature, with its traffic, errors, latency and saturation, and the table last', () => {
    // Act
    const shown = titles();
    // Assess
    for (const feature of FEATURES) {
      expect(shown).toEqual(
        expect.arrayContaining([
          `## ${feature}`,
          `${feature}: traffic (invocations)`,
          `${feature}: errors`,
          `${feature}: latency (p99 ms)`,
          `${feature}: saturation (throttles; concurrency →)`,
        ]),
      );
    }
    expect(shown.filter((title) => String(title).startsWith('## '))).toEqual([...FEATURES.map((feature) => `## ${feature}`), '## table']);
  });

  it('draws every metric of the catalogue, each value of its dimension too, in a business metrics graph', () => {
    // Prepare
    const expected = (Object.keys(metricCatalogue) as MetricKey[]).flatMap((key) => {
      const definition = metricCatalogue[key];
      const line = (dimensions: Record<string, string> = {}) => metricId(METRICS_NAMESPACE, definition.name, { service: METRICS_SERVICE, ...dimensions });
      return 'dimension' in definition ? definition.dimension.values.map((value) => line({ [definition.dimension.name]: value })) : [line()];
    });
    // Act
    const drawn = dashboardBody()
      .widgets.filter(({ properties }) => /^\w+: business metrics/.test(properties.title ?? ''))
      .flatMap(({ properties }) => (properties.metrics as unknown[][]).map(dashboardMetricLine));
    // Assess
    expect(drawn).toEqual(expect.arrayContaining(expected));
  });

  it('shows the state of every alarm of both stacks at the top', () => {
    // Prepare
    const nestedIds = resourcesOf(nested, 'AWS::CloudWatch::Alarm')
      .concat(resourcesOf(nested, 'AWS::CloudWatch::CompositeAlarm'))
      .map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    const parentIds = resourcesOf(parent, 'AWS::CloudWatch::Alarm').map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    const parameters = nestedParameters();
    // Act
    const { widgets, tokens } = dashboardBody();
    const panel = widgets.find(({ type }) => type === 'alarm')!;
    const shown = (panel.properties.alarms as string[]).map((placeholder) => {
      const token = tokens[Number(/^@token(\d+)@$/.exec(placeholder)?.[1])] as { Ref?: string };
      return token.Ref === undefined ? token : parameters.get(token.Ref);
    });
    // Assess
    expect(shown).toHaveLength(nestedIds.length + parentIds.length);
    expect(shown).toEqual(expect.arrayContaining([...nestedIds, ...parentIds]));
  });
});

describe('the HTTP stage', () => {
  const stage = (): Resource => {
    const [[, deployed]] = resourcesOf(parent, 'AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    return deployed;
  };
  const settingsOf = (throttle: Throttle) => ({ ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit });
  const throttledRouteKeys = () => (Object.keys(routeThrottles) as OperationId[]).map((operationId) => routeKeyOf(routeCatalogue[operationId]));

  it("throttles every route of route-throttles.ts by its route key, and $default by the fallback's limits", () => {
    // Prepare
    const expected = {
      ...Object.fromEntries(
        (Object.entries(routeThrottles) as [OperationId, Throttle][]).map(([operationId, throttle]) => [routeKeyOf(routeCatalogue[operationId]), settingsOf(throttle)]),
      ),
      $default: settingsOf(FALLBACK_THROTTLE),
    };
    // Act
    const { RouteSettings } = stage().Properties;
    // Assess
    expect(RouteSettings).toEqual(expected);
  });

  it('throttles every other route by the stage default', () => {
    // Act
    const { DefaultRouteSettings } = stage().Properties;
    // Assess
    expect(DefaultRouteSettings).toMatchObject(settingsOf(STAGE_THROTTLE));
  });

  it('waits for the routes it has settings for (API Gateway refuses settings for a route that does not exist yet)', () => {
    // Prepare
    const routeIds = new Map(resourcesOf(parent, 'AWS::ApiGatewayV2::Route').map(([id, route]) => [route.Properties.RouteKey as string, id]));
    // Act
    const dependsOn = stage().DependsOn ?? [];
    // Assess
    for (const routeKey of [...throttledRouteKeys(), '$default']) expect(dependsOn, routeKey).toContain(routeIds.get(routeKey));
  });

  it('gives every Lambda integration the 29 s timeout', () => {
    // Act
    const integrations = resourcesOf(parent, 'AWS::ApiGatewayV2::Integration');
    // Assess
    expect(INTEGRATION_TIMEOUT.toMilliseconds()).toBe(29_000);
    expect(integrations.length).toBeGreaterThan(0);
    for (const [id, integration] of integrations) expect(integration.Properties.TimeoutInMillis, id).toBe(INTEGRATION_TIMEOUT.toMilliseconds());
  });
});

describe('the functions', () => {
  /** What Lambda leaves unreserved at the least, and the account quota the README's deployment guide asks for. */
  const UNRESERVED_MINIMUM = 100;
  const QUOTA_ASKED_FOR = 250;

  it('reserve concurrency for the authorizer and the sign-in function, as infra/functions.ts declares, and for no other', () => {
    // Prepare
    const declared = lambdaFunctions().filter(({ reservedConcurrency }) => reservedConcurrency !== undefined);
    // Act
    const reserved = Object.fromEntries(
      resourcesOf(parent, 'AWS::Lambda::Function')
        .filter(([, fn]) => fn.Properties.ReservedConcurrentExecutions !== undefined)
        .map(([id, fn]) => [id, fn.Properties.ReservedConcurrentExecutions]),
    );
    // Assess
    expect(declared.map(({ name }) => name).sort()).toEqual(['authorizer', signInFunction].sort());
    expect(reserved).toEqual(Object.fromEntries(declared.map(({ name, reservedConcurrency }) => [logicalIdOf(stack.functionNamed(name)), reservedConcurrency])));
  });

  it('reserve no more than leaves Lambda its unreserved minimum within the quota the deployment guide asks for', () => {
    // Act
    const total = lambdaFunctions().reduce((sum, { reservedConcurrency = 0 }) => sum + reservedConcurrency, 0);
    // Assess
    expect(total).toBeGreaterThan(0);
    expect(total + UNRESERVED_MINIMUM).toBeLessThanOrEqual(QUOTA_ASKED_FOR);
  });

  it('behind a route time out, even after a cold start, before the API gives up on them', () => {
    // Prepare: Lambda bounds a cold start's initialisation at 10 s of its own.
    const initSeconds = 10;
    const behindRoutes = lambdaFunctions().filter(({ kind }) => kind === 'http' || kind === 'authorizer');
    const resources = parent.toJSON().Resources as Record<string, Resource>;
    // Act
    const timeouts = behindRoutes.map(({ name }) => [name, resources[logicalIdOf(stack.functionNamed(name))]!.Properties.Timeout] as const);
    // Assess
    expect(timeouts.length).toBeGreaterThan(1);
    for (const [name, timeout] of timeouts) {
      expect(timeout, name).toEqual(expect.any(Number));
      expect(timeout + initSeconds, name).toBeLessThan(INTEGRATION_TIMEOUT.toSeconds());
    }
  });
});
