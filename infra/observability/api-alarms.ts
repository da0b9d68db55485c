import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { MakeAlarm, ObservedFunction } from './alarms';
import { FIVE_MINUTES, ONE_MINUTE } from './catalogue-metrics';

/**
 * The API's symptoms, as its callers feel them: 5xx answers, the API's latency, each route group's.
 * They page no one themselves: `ApiUnhealthy` (alarms.ts) pages once for any of them.
 */

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
 * More than 5 % of the API's answers are 5xx in 3 of 5 minutes with at least 5 requests a minute:
 * a failing function, the authorizer or Lambda's throttling, sustained long enough not to be one
 * unlucky request, and judged only with enough traffic for a rate to mean anything.
 */
export function apiErrorRate(alarm: MakeAlarm, stage: apigwv2.IHttpStage): cloudwatch.Alarm {
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
  return alarm('ApiErrorRate', 'apiErrorRate', 'More than 5 % of the API\'s answers were 5xx in 3 of the last 5 minutes.', {
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
export function apiLatency(alarm: MakeAlarm, stage: apigwv2.IHttpStage): cloudwatch.Alarm {
  return alarm('ApiLatency', 'apiLatency', 'The API\'s p99 latency was above 3 s in 2 of the last 3 five-minute periods.', {
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
export function routeGroupLatency(alarm: MakeAlarm, functions: readonly ObservedFunction[]): cloudwatch.Alarm[] {
  return functions
    .filter(({ definition }) => definition.kind === 'http' || definition.kind === 'authorizer')
    .map(({ definition, fn }) => {
      const threshold = ROUTE_GROUP_P99_MS[definition.name] ?? ROUTE_GROUP_P99_MS.default;
      return alarm(
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
