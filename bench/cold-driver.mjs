// One cold start, in a fresh node process: load a bundle, invoke its handler once, print the ms.
// Usage: node bench/cold-driver.mjs <bundle.mjs> <event.json>
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = {
  functionName: 'bench',
  awsRequestId: 'bench',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:bench',
  getRemainingTimeInMillis: () => 10_000,
};
const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
let outcome = 'ok';
try {
  await handler(event, context);
} catch (error) {
  // A consumer handed a synthetic event may refuse it; the load and first call still count.
  outcome = String(error?.name ?? 'error');
}
process.stdout.write(JSON.stringify({ ms: performance.now() - started, outcome }));
