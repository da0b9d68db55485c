import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { metricCatalogue } from '../../shared/observability/catalogue';
import { TIME_ZONE } from '../../shared/time/local';
import type { LambdaFunction } from '../functions';
import { OnCallAlerts } from '../on-call';
import { ITEM_ACTIONS } from '../table-access';
import { ONE_MINUTE, catalogueMetric, throttledRequests } from './catalogue-metrics';
import { type Feature, functionsByFeature } from './features';
import { type RunbookSection, withRunbook } from './runbook';

/** A deployed function with its entry of `lambdaFunctions()`. */
export interface ObservedFunction {
  definition: LambdaFunction;
  fn: lambda.IFunction;
}

export interface ServiceAlarmsProps {
  /** Prefix of every alarm's name (the stack's name), so the notification says whose alarm it is. */
  serviceName: string;
  /** The HTTP API's `$default` stage: its requests, 5xx answers and latency. */
  stage: apigwv2.IHttpStage;
  /** Every function of `lambdaFunctions()`, deployed. */
  functions: readonly ObservedFunction[];
  table: dynamodb.ITableV2;
}

const FIVE_MINUTES = Duration.minutes(5);
const ONE_HOUR = Duration.hours(1);

/**
 * The p99 of a route group's function above which its callers wait too long, in milliseconds. The
 * bench models every HTTP operation at under 70 ms on Lambda (`npm run bench peak`), so 1 s is a
 * slowdown (throttled table calls retried with backoff, a slow dependency), not noise. Lambda's
 * `Duration` leaves out a cold start's initialisation, which the API-wide latency alarm sees.
 */
const ROUTE_GROUP_P99_MS: { default: number } & Readonly<Record<string, number>> = {
  default: 1_000,
  // One GetItem and a signature check (7 ms modelled) on every request whose token is not cached.
  authorizer: 500,
  // Waits up to 3 s for WeChat's code exchange, then signs with KMS.
  auth: 3_500,
  // A district's table per grid reads a district, its subdistricts and its ~200 communities.
  reports: 3_000,
  // Takes in up to 4 MiB of photo (decoded from base64, parsed) and writes it to S3 before answering.
  uploads: 2_000,
};

/**
 * The local hours when residents and workers are always about (08:00–20:00 in the service's zone):
 * an hour of them without a sign-in, a submission or a reservation means something stops people,
 * not that they are asleep.
 */
const SERVICE_DAY = { fromHour: 8, toHour: 20 } as const;

/**
 * The service's alarms besides the dead-letter queues' (infra/dead-letter-queue.ts, one per
 * asynchronous function). Every alarm names its runbook section in its description, and
 * infra/on-call.ts sends it to the on-call topic when it fires and when it clears; the API's
 * symptoms are reported through one composite alarm, `ApiUnhealthy`.
 */
export class ServiceAlarms extends Construct {
  /** Every alarm this construct made, by its name without the service prefix. */
  readonly alarms = new Map<string, cloudwatch.AlarmBase>();
  private readonly serviceName: string;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.serviceName = props.serviceName;
    const apiSymptoms = [this.apiErrorRate(props.stage), this.apiLatency(props.stage), ...this.routeGroupLatency(props.functions)];
    this.apiUnhealthy(apiSymptoms);
    for (const [feature, members] of functionsByFeature(props.functions.map(({ definition }) => definition))) {
      const deployed = members.map((member) => props.functions.find(({ definition }) => definition === member)!);
      // The authorizer refuses a token by throwing (API Gateway's 401), which Lambda counts as an
      // error: its errors are mostly callers with an expired or made-up token, not faults. Its faults
      // (a key it cannot load, a timeout) make API Gateway answer 500, which ApiErrorRate sees.
      this.functionErrors(feature, deployed.filter(({ definition }) => definition.kind !== 'authorizer').map(({ fn }) => fn));
      this.functionThrottles(feature, deployed.map(({ fn }) => fn));
    }
    this.tableThrottled(props.table);
    this.outboxBacklog();
    for (const channel of metricCatalogue.pushesFailed.dimension.values) this.pushFailureRate(channel);
    this.departmentDeliveriesDead();
    this.noneDuringTheDay('NoSignIns', 'noSignIns', 'signIns', 'Nobody signed in for an hour of the day: the mini-program cannot let people in.');
    this.noneDuringTheDay('NoSubmissions', 'noSubmissions', 'requestsSubmitted', 'No resident submitted a request for an hour of the day.');
    this.noneDuringTheDay('NoReservations', 'noReservations', 'reservationsMade', 'Nobody reserved a seat at a station for an hour of the day.');
  }

  /**
   * More than 5 % of the API's answers are 5xx in 3 of 5 minutes with at least 5 requests a minute:
   * a failing function, the authorizer or Lambda's throttling, sustained long enough not to be one
   * unlucky request, and judged only with enough traffic for a rate to mean anything.
   */
  private apiErrorRate(stage: apigwv2.IHttpStage): cloudwatch.Alarm {
    const rate = new cloudwatch.MathExpression({
      // FILL: a minute without any 5xx (or any request) has no data point, and is 0.
      expression: 'IF(FILL(requests, 0) >= 5, 100 * FILL(errors, 0) / FILL(requests, 0), 0)',
      usingMetrics: {
        requests: stage.metricCount({ statistic: cloudwatch.Stats.SUM, period: ONE_MINUTE }),
        errors: stage.metricServerError({ statistic: cloudwatch.Stats.SUM, period: ONE_MINUTE }),
      },
      label: '5xx answers, % of requests',
      period: ONE_MINUTE,
    });
    return this.alarm('ApiErrorRate', 'apiErrorRate', 'More than 5 % of the API\'s answers were 5xx in 3 of the last 5 minutes.', {
      metric: rate,
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      // The expression has a value for every minute; were it missing, there was nothing to judge.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * The API's p99, as the caller sees it (the authorizer, a cold start's initialisation, the
   * gateway and the function), above 3 s in 2 of 3 five-minute periods: one person in a hundred
   * waits that long. Five minutes because a p99 of one minute's few requests is their slowest one.
   */
  private apiLatency(stage: apigwv2.IHttpStage): cloudwatch.Alarm {
    return this.alarm('ApiLatency', 'apiLatency', 'The API\'s p99 latency was above 3 s in 2 of the last 3 five-minute periods.', {
      metric: stage.metricLatency({ statistic: cloudwatch.Stats.p(99), period: FIVE_MINUTES }),
      threshold: 3_000,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      // No request in five minutes: no latency to judge.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * The p99 of each route group: the routes one HTTP function serves (a feature's; shifts has two),
   * and the authorizer in front of them all. Read from the function's `Duration`, a standard Lambda
   * metric: the HTTP API's own latency per route needs its detailed metrics (infra/http-api.ts says
   * why they stay off). Same periods as the API's latency, same reason.
   */
  private routeGroupLatency(functions: readonly ObservedFunction[]): cloudwatch.Alarm[] {
    return functions
      .filter(({ definition }) => definition.kind === 'http' || definition.kind === 'authorizer')
      .map(({ definition, fn }) => {
        const threshold = ROUTE_GROUP_P99_MS[definition.name] ?? ROUTE_GROUP_P99_MS.default;
        return this.alarm(
          `RouteLatency-${definition.name}`,
          'routeLatency',
          `The p99 duration of the ${definition.name} function (its routes) was above ${threshold} ms in 2 of the last 3 five-minute periods.`,
          {
            metric: fn.metricDuration({ statistic: cloudwatch.Stats.p(99), period: FIVE_MINUTES }),
            threshold,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            // Not invoked in five minutes: no latency to judge.
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          },
        );
      });
  }

  /**
   * "The API is unhealthy": any of its symptoms. One failing dependency (the table throttled, a bad
   * deployment, Lambda out of concurrency) raises the error rate, the API's latency and several
   * route groups' at once; the on-call engineer is paged once, by this alarm, whose notification
   * names the symptoms that fired. The symptoms themselves notify nobody (infra/on-call.ts).
   */
  private apiUnhealthy(symptoms: readonly cloudwatch.Alarm[]): void {
    const composite = new cloudwatch.CompositeAlarm(this, 'ApiUnhealthy', {
      compositeAlarmName: this.nameOf('ApiUnhealthy'),
      alarmDescription: withRunbook(
        'The API answers errors or answers slowly: at least one of the API\'s error rate, its latency or a route group\'s latency is in alarm (the notification lists which).',
        'apiUnhealthy',
      ),
      alarmRule: cloudwatch.AlarmRule.anyOf(...symptoms),
    });
    OnCallAlerts.reportThrough(composite, symptoms);
    this.alarms.set('ApiUnhealthy', composite);
  }

  /**
   * A feature's functions (the authorizer aside: see the constructor) failed (threw, timed out or
   * crashed) 5 times or more in each of two consecutive five-minute periods. HTTP functions turn
   * their errors into 500s, so these are timeouts and crashes there; a consumer's one bad event
   * throws 3 times (Lambda's two retries) and then reaches its dead-letter alarm, so 5 in each of
   * 10 minutes is a failing feature, not an event.
   */
  private functionErrors(feature: Feature, functions: readonly lambda.IFunction[]): void {
    this.alarm(`FunctionErrors-${feature}`, 'functionErrors', `The ${feature} functions failed 5 times or more in each of the last two five-minute periods.`, {
      metric: sumOf(functions.map((fn) => fn.metricErrors({ statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES })), `${feature} errors`, FIVE_MINUTES),
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      // Not invoked: nothing failed.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Lambda turned a feature's invocations away 10 times or more in five minutes: the function's
   * reserved concurrency (the authorizer, sign-in) or the account's unreserved pool is used up. A
   * throttled request is an error for its caller, so more than a momentary burst is worth a page.
   */
  private functionThrottles(feature: Feature, functions: readonly lambda.IFunction[]): void {
    this.alarm(`FunctionThrottles-${feature}`, 'functionThrottles', `Lambda throttled the ${feature} functions 10 times or more in five minutes.`, {
      metric: sumOf(functions.map((fn) => fn.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES })), `${feature} throttles`, FIVE_MINUTES),
      threshold: 10,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // Not invoked: nothing throttled.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * DynamoDB throttled 10 requests or more a minute in 3 of 5 minutes, on the table or any index
   * (`ThrottledRequests` counts a request throttled by either, per operation; the dashboard shows
   * which index). On demand, that is a hot partition over 1,000 WCU or 3,000 RCU a second
   * (README, The noon peak). The SDK retries a lone throttle and the relay's bursts are a
   * second long, so only a sustained one pages.
   */
  private tableThrottled(table: dynamodb.ITableV2): void {
    const perOperation = ITEM_ACTIONS.map((operation) =>
      throttledRequests(table, operation, { statistic: cloudwatch.Stats.SUM, period: ONE_MINUTE }),
    );
    this.alarm('TableThrottled', 'tableThrottled', 'DynamoDB throttled 10 requests or more a minute in 3 of the last 5 minutes.', {
      metric: sumOf(perOperation, 'throttled table requests', ONE_MINUTE),
      threshold: 10,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      // No request throttled: no data point.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * The oldest write still holding unpublished events was over 5 minutes old at 3 relay runs in a
   * row. A writer publishes its events at once, and the relay (every minute) republishes what a
   * writer could not; a backlog this old that stays means the bus refuses or the relay fails, and
   * every consumer (notifications, rollups, waitlists) is that far behind.
   */
  private outboxBacklog(): void {
    this.alarm('OutboxBacklog', 'outboxBacklog', 'Events have waited in the outbox for more than 5 minutes at 3 relay runs in a row.', {
      metric: catalogueMetric('outboxBacklogAge', { statistic: cloudwatch.Stats.MAXIMUM, period: ONE_MINUTE }),
      threshold: 300,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      // The relay reports every run, 0 when there is no backlog; a gap is EMF's delivery delay or a
      // relay that failed, which its errors and dead-letter alarms report: keep the state.
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
  }

  /**
   * More than a quarter of a channel's push attempts failed in each of three five-minute periods,
   * with at least 5 attempts a period. Failed attempts include retries (a robot over WeCom's 20 a
   * minute, a moment's network error), so a few are normal; a quarter for 15 minutes is the channel
   * down, or the AppSecret or a robot's key refused.
   */
  private pushFailureRate(channel: 'wechat' | 'wecom'): void {
    const sent = catalogueMetric('pushesSent', { statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES }, channel);
    const failed = catalogueMetric('pushesFailed', { statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES }, channel);
    const rate = new cloudwatch.MathExpression({
      expression: 'IF(FILL(sent, 0) + FILL(failed, 0) >= 5, 100 * FILL(failed, 0) / (FILL(sent, 0) + FILL(failed, 0)), 0)',
      usingMetrics: { sent, failed },
      label: `${channel} pushes failed, % of attempts`,
      period: FIVE_MINUTES,
    });
    this.alarm(`PushFailureRate-${channel}`, 'pushFailureRate', `More than 25 % of ${channel} push attempts failed in each of the last three five-minute periods.`, {
      metric: rate,
      threshold: 25,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      // No push attempted: nothing failed.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Any delivery to a department dead-lettered in five minutes. Unlike a push, each one is a case a
   * department's system has not received (24 hours of failures, a 4xx, or no endpoint), and it sits
   * in the table's dead letters, retried by nobody, until an admin redrives it: one is worth a page.
   * It clears after five minutes without another; the dead letters stay until redriven.
   */
  private departmentDeliveriesDead(): void {
    this.alarm(
      'DepartmentDeliveriesDead',
      'departmentDeliveriesDead',
      'A case could not be delivered to a department\'s system and was dead-lettered. List them with GET /deliveries/dead-letters, check the department\'s endpoint (GET /departments/{departmentId}/endpoint) and its system, then redrive each with POST /requests/{requestId}/deliveries/{deliveryId}/redrive.',
      {
        metric: catalogueMetric('departmentDeliveriesDead', { statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // Published only when a delivery dies: no data point, nothing dead.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
  }

  /**
   * None of `metric` for a whole hour of the service's day (a fixed floor of one: at the volumes
   * the service is built for, hundreds an hour, an empty hour is an outage, not a lull). Judged on
   * the last twelve five-minute periods, all of which must be empty and in the day, rather than on
   * one hour-long period: CloudWatch also evaluates the period still under way, so an hour-long one
   * would look empty at 08:01. The metric exists only when something happened, so an empty period
   * has no data point: `FILL` makes it 0; outside the day the expression is 1, never breaching, so
   * the first hour of the day cannot fire before 09:00. `HOUR` gives every period a value (the docs
   * call its result non-sparse), so the expression always has data; were it ever missing,
   * CloudWatch could not evaluate it, which must page rather than go quiet.
   */
  private noneDuringTheDay(name: string, section: RunbookSection, key: 'signIns' | 'requestsSubmitted' | 'reservationsMade', what: string): void {
    const expression = new cloudwatch.MathExpression({
      expression: `IF(${duringTheDay('m')}, FILL(m, 0), 1)`,
      usingMetrics: { m: catalogueMetric(key, { statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES }) },
      label: `${metricCatalogue[key].name} in five minutes (1 outside ${SERVICE_DAY.fromHour}:00–${SERVICE_DAY.toHour}:00)`,
      period: FIVE_MINUTES,
    });
    const anHour = ONE_HOUR.toMinutes() / FIVE_MINUTES.toMinutes();
    this.alarm(name, section, what, {
      metric: expression,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: anHour,
      datapointsToAlarm: anHour,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }

  private alarm(
    name: string,
    section: RunbookSection,
    what: string,
    props: Omit<cloudwatch.AlarmProps, 'alarmName' | 'alarmDescription'>,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, name.replace(/-/g, ''), {
      ...props,
      alarmName: this.nameOf(name),
      alarmDescription: withRunbook(what, section),
    });
    this.alarms.set(name, alarm);
    return alarm;
  }

  private nameOf(name: string): string {
    return `${this.serviceName}-${name}`;
  }
}

/**
 * The sum of up to 10 metrics (a metric math alarm takes no more), each missing minute as 0: a
 * function not invoked, or an operation never throttled, publishes nothing.
 */
function sumOf(metrics: readonly cloudwatch.IMetric[], label: string, period: Duration): cloudwatch.MathExpression {
  if (metrics.length === 0 || metrics.length > 10) throw new Error(`${label}: an alarm adds up 1 to 10 metrics, not ${metrics.length}`);
  const usingMetrics = Object.fromEntries(metrics.map((metric, i) => [`m${i}`, metric]));
  return new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics).map((id) => `FILL(${id}, 0)`).join(' + '),
    usingMetrics,
    label,
    period,
  });
}

/**
 * Whether a period of `id` began during the service's day, as metric math (`HOUR` reads UTC): the
 * local hours shifted by the zone's offset, which must not change with the seasons.
 */
function duringTheDay(id: string): string {
  const offset = utcOffsetHours(TIME_ZONE);
  const from = (((SERVICE_DAY.fromHour - offset) % 24) + 24) % 24;
  const to = (((SERVICE_DAY.toHour - offset) % 24) + 24) % 24;
  return from < to ? `HOUR(${id}) >= ${from} AND HOUR(${id}) < ${to}` : `(HOUR(${id}) >= ${from} OR HOUR(${id}) < ${to})`;
}

/** The zone's offset from UTC in whole hours; throws for a zone with daylight saving time or a part-hour offset. */
function utcOffsetHours(timeZone: string): number {
  const offsetAt = (instant: Date): number => {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(instant);
    const part = (type: string): number => Number(parts.find((p) => p.type === type)!.value);
    const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
    return (local - instant.getTime()) / 3_600_000;
  };
  const winter = offsetAt(new Date(Date.UTC(2026, 0, 15)));
  const summer = offsetAt(new Date(Date.UTC(2026, 6, 15)));
  if (winter !== summer || !Number.isInteger(winter)) {
    throw new Error(`${timeZone}: the daytime alarms need a fixed whole-hour UTC offset (got ${winter} and ${summer})`);
  }
  return winter;
}
