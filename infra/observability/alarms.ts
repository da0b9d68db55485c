import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { metricCatalogue } from '../../shared/observability/catalogue';
import type { LambdaFunction } from '../functions';
import { OnCallAlerts } from '../on-call';
import { apiErrorRate, apiLatency, routeGroupLatency } from './api-alarms';
import { noneDuringTheDay } from './daytime-alarms';
import { departmentDeliveriesDead, outboxBacklog, pushFailureRate } from './delivery-alarms';
import { functionsByFeature } from './features';
import { functionErrors, functionThrottles, tableThrottled } from './platform-alarms';
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

/**
 * Makes one alarm of the service (`ServiceAlarms`): its name without the service prefix, its runbook
 * section, what it means, and the alarm's own properties. The alarms of each kind (api-alarms.ts,
 * platform-alarms.ts, delivery-alarms.ts, daytime-alarms.ts) are made through it.
 */
export type MakeAlarm = (
  name: string,
  section: RunbookSection,
  what: string,
  props: Omit<cloudwatch.AlarmProps, 'alarmName' | 'alarmDescription'>,
) => cloudwatch.Alarm;

/**
 * The service's alarms besides the dead-letter queues' (infra/dead-letter-queue.ts, one per
 * asynchronous function). Every alarm names its runbook section in its description, and
 * infra/on-call.ts sends it to the on-call topic when it fires and when it clears; the API's
 * symptoms are reported through one composite alarm, `ApiUnhealthy`. Each kind of alarm
 * is in a module of its own: api-alarms.ts, platform-alarms.ts, delivery-alarms.ts, daytime-alarms.ts.
 */
export class ServiceAlarms extends Construct {
  /** Every alarm this construct made, by its name without the service prefix. */
  readonly alarms = new Map<string, cloudwatch.AlarmBase>();
  private readonly serviceName: string;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.serviceName = props.serviceName;
    const alarm: MakeAlarm = (...args) => this.alarm(...args);
    const apiSymptoms = [apiErrorRate(alarm, props.stage), apiLatency(alarm, props.stage), ...routeGroupLatency(alarm, props.functions)];
    this.apiUnhealthy(apiSymptoms);
    for (const [feature, members] of functionsByFeature(props.functions.map(({ definition }) => definition))) {
      const deployed = members.map((member) => props.functions.find(({ definition }) => definition === member)!);
      // The authorizer refuses a token by throwing (API Gateway's 401), which Lambda counts as an
      // error: its errors are mostly callers with an expired or made-up token, not faults. Its faults
      // (a key it cannot load, a timeout) make API Gateway answer 500, which ApiErrorRate sees.
      functionErrors(alarm, feature, deployed.filter(({ definition }) => definition.kind !== 'authorizer').map(({ fn }) => fn));
      functionThrottles(alarm, feature, deployed.map(({ fn }) => fn));
    }
    tableThrottled(alarm, props.table);
    outboxBacklog(alarm);
    for (const channel of metricCatalogue.pushesFailed.dimension.values) pushFailureRate(alarm, channel);
    departmentDeliveriesDead(alarm);
    noneDuringTheDay(alarm, 'NoSignIns', 'noSignIns', 'signIns', 'Nobody signed in for an hour of the day: the mini-program cannot let people in.');
    noneDuringTheDay(alarm, 'NoSubmissions', 'noSubmissions', 'requestsSubmitted', 'No resident submitted a request for an hour of the day.');
    noneDuringTheDay(alarm, 'NoReservations', 'noReservations', 'reservationsMade', 'Nobody reserved a seat at a station for an hour of the day.');
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

  /** An alarm of this construct, named after the service, its description ending with its runbook section. */
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

/** The zone's offset from UTC in whole hours; throws for a zone with daylight saving time or a part-hour offset. */
