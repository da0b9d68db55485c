// One cold start, in a fresh node process: load a bundle, invoke its handler once, print the ms
// (in all, and the load and the first call apart).
// Usage: node bench/cold-driver.mjs <bundle.mjs> <event.json>
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
// A consumer dedupes on the event's own id: every round gets a new one, or all but the first would
// measure a duplicate delivery (a claim that fails and a read of the saved result), not the work.
if (typeof event.detail?.meta?.id === 'string') event.detail.meta.id = `${event.detail.meta.id}-${randomUUID()}`;
const context = {
  functionName: 'bench',
  awsRequestId: 'bench',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:bench',
  getRemainingTimeInMillis: () => 10_000,
};
// What the Lambda runtime sets for each invocation of a function deployed with active tracing (every
// one is), once the function has loaded: the invocation's trace header, sampled, under which a
// bundle built with `traceSdkCalls` records its subsegments.
const hex = (bytes) => randomUUID().replaceAll('-', '').slice(0, bytes * 2);
const traceHeader = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${hex(12)};Parent=${hex(8)};Sampled=1`;
const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const loaded = performance.now();
process.env._X_AMZN_TRACE_ID = traceHeader;
let outcome = 'ok';
try {
  const result = await handler(event, context);
  // An HTTP function answers a status: a 4xx first call did less than a real one would.
  if (typeof result?.statusCode === 'number') outcome = String(result.statusCode);
} catch (error) {
  // A consumer handed a synthetic event may refuse it; the load and first call still count.
  outcome = String(error?.name ?? 'error');
}
const ended = performance.now();
process.stdout.write(JSON.stringify({ ms: ended - started, loadMs: loaded - started, callMs: ended - loaded, outcome }));
