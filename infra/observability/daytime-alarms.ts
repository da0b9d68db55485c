import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { metricCatalogue } from '../../shared/observability/catalogue';
import { TIME_ZONE } from '../../shared/time/local';
import type { MakeAlarm } from './alarms';
import { FIVE_MINUTES, catalogueMetric } from './catalogue-metrics';
import type { RunbookSection } from './runbook';

/**
 * Silence during the service's day: an hour without a sign-in, a submission or a reservation while
 * people are always about.
 */

const ONE_HOUR = Duration.hours(1);

/**
 * The local hours when residents and workers are always about (08:00–20:00 in the service's zone):
 * an hour of them without a sign-in, a submission or a reservation means something stops people,
 * not that they are asleep.
 */
const SERVICE_DAY = { fromHour: 8, toHour: 20 } as const;

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
export function noneDuringTheDay(alarm: MakeAlarm, name: string, section: RunbookSection, key: 'signIns' | 'requestsSubmitted' | 'reservationsMade', what: string): void {
  const expression = new cloudwatch.MathExpression({
    expression: `IF(${duringTheDay('m')}, FILL(m, 0), 1)`,
    usingMetrics: { m: catalogueMetric(key, { statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES }) },
    label: `${metricCatalogue[key].name} in five minutes (1 outside ${SERVICE_DAY.fromHour}:00–${SERVICE_DAY.toHour}:00)`,
    period: FIVE_MINUTES,
  });
  const anHour = ONE_HOUR.toMinutes() / FIVE_MINUTES.toMinutes();
  alarm(name, section, what, {
    metric: expression,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: anHour,
    datapointsToAlarm: anHour,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
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
