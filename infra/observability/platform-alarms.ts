import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { ITEM_ACTIONS } from '../table-access';
import type { MakeAlarm } from './alarms';
import { FIVE_MINUTES, ONE_MINUTE, throttledRequests } from './catalogue-metrics';
import type { Feature } from './features';

/**
 * What Lambda and DynamoDB report about the service: a feature's functions failing or throttled, the
 * table throttled.
 */

/**
 * A feature's functions (the authorizer aside: see the constructor) failed (threw, timed out or
 * crashed) 5 times or more in each of two consecutive five-minute periods. HTTP functions turn
 * their errors into 500s, so these are timeouts and crashes there; a consumer's one bad event
 * throws 3 times (Lambda's two retries) and then reaches its dead-letter alarm, so 5 in each of
 * 10 minutes is a failing feature, not an event.
 */
export function functionErrors(alarm: MakeAlarm, feature: Feature, functions: readonly lambda.IFunction[]): void {
  alarm(`FunctionErrors-${feature}`, 'functionErrors', `The ${feature} functions failed 5 times or more in each of the last two five-minute periods.`, {
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
export function functionThrottles(alarm: MakeAlarm, feature: Feature, functions: readonly lambda.IFunction[]): void {
  alarm(`FunctionThrottles-${feature}`, 'functionThrottles', `Lambda throttled the ${feature} functions 10 times or more in five minutes.`, {
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
export function tableThrottled(alarm: MakeAlarm, table: dynamodb.ITableV2): void {
  const perOperation = ITEM_ACTIONS.map((operation) =>
    throttledRequests(table, operation, { statistic: cloudwatch.Stats.SUM, period: ONE_MINUTE }),
  );
  alarm('TableThrottled', 'tableThrottled', 'DynamoDB throttled 10 requests or more a minute in 3 of the last 5 minutes.', {
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
