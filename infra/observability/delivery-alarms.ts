import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { MakeAlarm } from './alarms';
import { FIVE_MINUTES, ONE_MINUTE, catalogueMetric } from './catalogue-metrics';

/**
 * What the service sends on not going out: events stuck in the outbox, pushes to WeChat or WeCom
 * failing, cases a department's system never received.
 */

/**
 * The oldest write still holding unpublished events was over 5 minutes old at 3 relay runs in a
 * row. A writer publishes its events at once, and the relay (every minute) republishes what a
 * writer could not; a backlog this old that stays means the bus refuses or the relay fails, and
 * every consumer (notifications, rollups, waitlists) is that far behind.
 */
export function outboxBacklog(alarm: MakeAlarm): void {
  alarm('OutboxBacklog', 'outboxBacklog', 'Events have waited in the outbox for more than 5 minutes at 3 relay runs in a row.', {
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
export function pushFailureRate(alarm: MakeAlarm, channel: 'wechat' | 'wecom'): void {
  const sent = catalogueMetric('pushesSent', { statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES }, channel);
  const failed = catalogueMetric('pushesFailed', { statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES }, channel);
  const rate = new cloudwatch.MathExpression({
    expression: 'IF(FILL(sent, 0) + FILL(failed, 0) >= 5, 100 * FILL(failed, 0) / (FILL(sent, 0) + FILL(failed, 0)), 0)',
    usingMetrics: { sent, failed },
    label: `${channel} pushes failed, % of attempts`,
    period: FIVE_MINUTES,
  });
  alarm(`PushFailureRate-${channel}`, 'pushFailureRate', `More than 25 % of ${channel} push attempts failed in each of the last three five-minute periods.`, {
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
export function departmentDeliveriesDead(alarm: MakeAlarm): void {
  alarm(
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
