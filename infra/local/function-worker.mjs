// One function's execution environment in bundle mode (infra/local/bundled-lambdas.ts): a worker
// thread with the function's own process.env, running the esbuild bundle CDK deploys. Plain
// JavaScript, so it needs no TypeScript loader: it only imports the bundle.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

// As NODE_OPTIONS=--enable-source-maps does in Lambda: stack traces name the sources, not the bundle.
if ((process.env.NODE_OPTIONS ?? '').includes('--enable-source-maps')) process.setSourceMapsEnabled(true);

/** The init phase: the bundle's module code runs once, before the first invocation is handled. */
const handlerLoaded = import(pathToFileURL(workerData.bundle).href).then((module) => {
  if (typeof module.handler !== 'function') throw new Error(`${workerData.bundle} does not export a handler`);
  return module.handler;
});
handlerLoaded.catch(() => undefined);

/**
 * The clock of the runtime that invokes this function. In process, functions read the runtime's own
 * clock, which a test may set and hold still (vi.setSystemTime with fake timers); a worker has a
 * clock of its own, so each invocation says what the runtime's reads. Where that is more than a
 * second off the real time, someone set it: `Date` here then reads exactly that, as a function in
 * process would. Otherwise `Date` is the real one, untouched.
 */
const RealDate = Date;
let setTo;
class RuntimeDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RuntimeDate.now());
    else super(...args);
  }
  static now() {
    return setTo ?? RealDate.now();
  }
}
function followClock(runtimeNow) {
  setTo = Math.abs(runtimeNow - RealDate.now()) > 1000 ? runtimeNow : undefined;
  if (setTo !== undefined && globalThis.Date !== RuntimeDate) globalThis.Date = RuntimeDate;
}

/** An error as data: its name and message (the bus and gateway read them), its stack and own fields. */
const asData = (error) =>
  error instanceof Error
    ? { ...JSON.parse(JSON.stringify(error, Object.getOwnPropertyNames(error))), name: error.name, message: error.message, stack: error.stack }
    : { name: 'Error', message: String(error) };

parentPort.on('message', async ({ id, event, clock, context: { remainingMs, ...fields } }) => {
  followClock(clock);
  const deadline = Date.now() + remainingMs;
  let handler;
  try {
    handler = await handlerLoaded;
  } catch (error) {
    parentPort.postMessage({ id, error: asData(error), initFailed: true });
    return;
  }
  const context = {
    ...fields,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  try {
    const result = await handler(event, context);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: asData(error) });
  }
});
