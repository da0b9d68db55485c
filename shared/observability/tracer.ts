import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Annotate, Annotations } from './tracing';

/**
 * Powertools Tracer, loaded only by shared/observability/tracing.ts and only when `TRACE_SDK_CALLS`
 * is `true` (the `-c traceSdkCalls=true` deployment option): every other module goes through
 * tracing.ts, so a bundle built without the option carries none of this. It imports nothing of ours
 * that imports tracing.ts, which awaits this module while it loads.
 *
 * Outside Lambda (no `AWS_EXECUTION_ENV`) or with `POWERTOOLS_TRACE_ENABLED=false`, Powertools
 * switches tracing off by itself and every call below passes straight through.
 */
export const tracer = new Tracer({
  serviceName: 'grid-service',
  // Not every outgoing request: WeChat's and WeCom's URLs carry the app secret, access tokens and
  // robot webhook keys, which an automatic HTTP subsegment would record. Those calls get subsegments
  // of their own (inSubsegment) with safe annotations; the AWS SDK's calls get theirs below.
  captureHTTPsRequests: false,
});

/** The client with its calls traced as subsegments (service, operation, table, status, retries). */
export function captureClient<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}

/**
 * Runs `work` in a subsegment of its own, annotated, closed when `work` settles; an error is
 * recorded on it and thrown on. Concurrent calls each get theirs (the X-Ray SDK's
 * `captureAsyncFunc` gives `work` its own context).
 */
export async function inSubsegment<T>(name: string, annotations: Annotations, work: (annotate: Annotate) => Promise<T>): Promise<T> {
  if (!tracer.isTracingEnabled()) return work(() => undefined);
  return (await tracer.provider.captureAsyncFunc(name, async (subsegment) => {
    const annotate: Annotate = (key, value) => subsegment?.addAnnotation(key, value);
    for (const [key, value] of Object.entries(annotations)) annotate(key, value);
    try {
      return await work(annotate);
    } catch (error) {
      subsegment?.addError(error as Error);
      throw error;
    } finally {
      subsegment?.close();
    }
  })) as T;
}
