import { AsyncLocalStorage } from 'node:async_hooks';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../logger';
import { inSubsegment } from './tracing';

/**
 * The correlation id: one id that follows a case from the HTTP call that started it, through every
 * event it caused, to the pushes at the end. It is the API Gateway request id of that call (what
 * API Gateway answers in the `apigw-requestid` header); a schedule run starts a case of its own
 * (the scheduled event's id). Every event made while a case runs carries it in `meta.correlationId`
 * (`makeEvent`), a consumer works its events under it (an event from before correlation ids: under
 * the event's own id), and push jobs and inbox items keep it. Log lines carry it as Powertools'
 * `correlation_id` key, and with `-c traceSdkCalls=true` an X-Ray subsegment `## case` carries it
 * as the annotation `correlationId`, so one search finds every trace of the case.
 *
 * It lives in AsyncLocalStorage rather than in a variable: the local runtime runs every function
 * in one process, invocations side by side, and each must see its own case.
 */
const cases = new AsyncLocalStorage<string>();

/** The correlation id of the case the code running now works on; undefined outside any. */
export const correlationId = (): string | undefined => cases.getStore();

/**
 * Runs `work` as part of the case `id`: events it makes carry the id, its log lines name it, and
 * its traced calls nest under a subsegment annotated with it.
 */
export function inCase<T>(id: string, work: () => Promise<T>): Promise<T> {
  logger.setCorrelationId(id);
  return cases.run(id, () => inSubsegment('## case', { correlationId: id }, work));
}

/**
 * The case of an event on the bus: the one its `meta` names, else (an event from before correlation
 * ids, or made outside any case) the event itself. Read before the event is parsed, so it never
 * throws: an event without our envelope is its bus id's case, and fails at parsing as before.
 */
export function caseOf(event: { id: string; detail?: unknown }): string {
  const meta = (event.detail as { meta?: { id?: unknown; correlationId?: unknown } } | null | undefined)?.meta;
  if (typeof meta?.correlationId === 'string') return meta.correlationId;
  return typeof meta?.id === 'string' ? meta.id : event.id;
}

/** The case of a parsed event, by the same rule as {@link caseOf}: the one its meta names, else its own id. */
export const caseOfMeta = (meta: { id: string; correlationId?: string | undefined }): string => meta.correlationId ?? meta.id;

/**
 * Wraps a schedule's handler so each run is a case of its own, named by the scheduled event's id
 * (EventBridge gives every run a fresh one).
 */
export const scheduleRun =
  <R>(handler: (event: ScheduledEvent) => Promise<R>) =>
  (event: ScheduledEvent): Promise<R> =>
    inCase(event.id, () => handler(event));
