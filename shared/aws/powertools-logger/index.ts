/**
 * What the bundles get instead of `@aws-lambda-powertools/logger` (an alias in infra/bundling.ts):
 * the part of Powertools Logger the house uses — `new Logger({ serviceName })`, `debug`, `info`,
 * `warn` and `error` with a message and keys (an object, an `Error`, a string), `appendKeys`,
 * `setCorrelationId`, and the Lambda context and key reset of the middy middleware
 * (./middleware.ts) — writing the same JSON line for the same calls: the same keys in the same
 * order, empty ones left out, errors as Powertools formats them, the same timestamp (with the `TZ`
 * offset), the same level threshold (`AWS_LAMBDA_LOG_LEVEL`, the constructor, `POWERTOOLS_LOG_LEVEL`
 * or `LOG_LEVEL`), `POWERTOOLS_DEV`'s indentation, `POWERTOOLS_LOGGER_LOG_EVENT`, and debug and info
 * on stdout, warn and error on stderr.
 *
 * Why: Powertools builds a `Console` over `process.stdout` and `process.stderr` when the logger is
 * made, at import, and that makes Node build both stream objects (about 5 ms of every cold start);
 * and with `TZ` set it makes an `Intl.DateTimeFormat` for every line, the first of which sets up ICU
 * (over 20 ms, on the first line a function logs). This writes each line to the descriptor
 * (../stdout.ts) and reads the date in the zone from V8's `Date`, which is already in `TZ`. The
 * package is also 18 KiB of every bundle, and 2 to 3.5 more of Powertools commons; this, with the
 * middleware and the writer, is under 7.
 *
 * Not here, and a type error through shared/logger.ts: `trace`, `critical`, persistent keys,
 * `removeKeys`, child loggers, custom formatters and replacers, log buffering, sampling, correlation
 * id search, the class method decorator, and the state per invocation Powertools keeps when Lambda
 * runs invocations side by side (`AWS_LAMBDA_MAX_CONCURRENCY`). What would silently change a line
 * throws instead: a constructor option other than `serviceName` and `logLevel`, a
 * `POWERTOOLS_LOGGER_SAMPLE_RATE` above 0 (Powertools would log at DEBUG in that share of
 * invocations), `AWS_LAMBDA_MAX_CONCURRENCY`, and the middleware options that need what is not here.
 * With `POWERTOOLS_DEV` set, lines go through the global `console`, as Powertools sends them.
 * test/unit/bundling.test.ts holds this to the real package: the same lines, to the same stream,
 * for the same calls.
 */

import { flagFromEnv, refusalOf } from '../powertools-commons';
import { writeLine } from '../stdout';

/** Powertools' levels: a line is printed when its level is at or above the logger's. */
const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;

export type LogLevel = keyof typeof LEVELS | Lowercase<keyof typeof LEVELS>;

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Keys Powertools writes itself and drops, with a warning, when they are given as keys. */
const RESERVED_KEYS = ['level', 'message', 'sampling_rate', 'service', 'timestamp'];

/** Keys of a log line, as Powertools types them. */
export type LogAttributes = { [key: string]: unknown };

/** Keys for {@link HouseLogger.appendKeys}: any but the reserved ones. */
export type LogKeys = LogAttributes & { message?: never; level?: never; sampling_rate?: never; service?: never; timestamp?: never };

/** What may follow a message: keys, an `Error` (the `error` key) or a string (the `extra` key). */
export type LogExtra = LogAttributes | Error | string;

/**
 * What the house asks of a logger: the type of shared/logger.ts's `logger`, so a call the stand-in
 * does not have fails the type check rather than a deployed function. Powertools' `Logger`
 * satisfies it too (the local runtime hands shared/logger.ts real ones).
 */
export interface HouseLogger {
  debug(message: string, ...extra: LogExtra[]): void;
  info(message: string, ...extra: LogExtra[]): void;
  warn(message: string, ...extra: LogExtra[]): void;
  error(message: string, ...extra: LogExtra[]): void;
  /** Keys for every line until the middleware resets them after the invocation. */
  appendKeys(keys: LogKeys): void;
  /** The `correlation_id` key, as {@link appendKeys} adds it. */
  setCorrelationId(id: string): void;
}

/** The part of a Lambda context Powertools reads. */
export interface LambdaContextFields {
  invokedFunctionArn: string;
  awsRequestId: string;
  memoryLimitInMB: string;
  functionName: string;
  tenantId?: string;
}

/** Powertools commons' `isDevMode`: an unreadable value is false. */
const isDevMode = (): boolean => flagFromEnv('POWERTOOLS_DEV') ?? false;

const isLevel = (name: string | undefined): name is keyof typeof LEVELS => name !== undefined && Object.hasOwn(LEVELS, name);

export class Logger implements HouseLogger {
  private readonly serviceName: string;
  private readonly threshold: number;
  /** `POWERTOOLS_DEV` when the logger was made: the global console, and indented lines. */
  private readonly toConsole: boolean;
  private readonly indentation: 0 | 4;
  private readonly logEvent: boolean;
  /** Powertools' cold-start heuristic: only an on-demand environment has a cold start. */
  private coldStart: boolean;
  private context: (LambdaContextFields & { coldStart: boolean }) | undefined;
  private keys: LogAttributes = {};
  private readonly zones = new Map<string, boolean>();
  private zoneWarned = false;

  constructor(options: { serviceName?: string; logLevel?: LogLevel } = {}) {
    const unsupported = Object.keys(options).filter((option) => option !== 'serviceName' && option !== 'logLevel');
    if (unsupported.length > 0) unavailable(`the option ${unsupported.join(', ')}`);
    if (process.env.AWS_LAMBDA_MAX_CONCURRENCY?.trim()) unavailable('keys kept apart for invocations running side by side (AWS_LAMBDA_MAX_CONCURRENCY)');
    this.serviceName = options.serviceName || process.env.POWERTOOLS_SERVICE_NAME?.trim() || 'service_undefined';
    this.coldStart = process.env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() === 'on-demand';

    // As Powertools reads them, in its order: the variables are case-sensitive, the option is not.
    const alcVariable = process.env.AWS_LAMBDA_LOG_LEVEL?.trim();
    const alc = alcVariable === 'FATAL' ? 'CRITICAL' : alcVariable;
    const logEvent = process.env.POWERTOOLS_LOGGER_LOG_EVENT?.trim().toLowerCase() ?? 'false';
    if (logEvent !== 'true' && logEvent !== 'false') throw new Error('Environment variable POWERTOOLS_LOGGER_LOG_EVENT must be a boolean');
    this.logEvent = logEvent === 'true';
    const requested = options.logLevel?.toUpperCase();
    const variable = process.env.POWERTOOLS_LOG_LEVEL?.trim() || process.env.LOG_LEVEL?.trim();
    const level = isLevel(alc) ? alc : isLevel(requested) ? requested : isLevel(variable) ? variable : 'INFO';
    this.threshold = LEVELS[level];
    const sampleRate = Number(process.env.POWERTOOLS_LOGGER_SAMPLE_RATE?.trim() ?? '0');
    if (Number.isNaN(sampleRate)) throw new TypeError('Environment variable POWERTOOLS_LOGGER_SAMPLE_RATE must be a number');
    if (sampleRate > 0 && sampleRate <= 1) unavailable('debug sampling (POWERTOOLS_LOGGER_SAMPLE_RATE)');
    this.toConsole = isDevMode();
    this.indentation = this.toConsole ? 4 : 0;

    if (isLevel(alc) && isLevel(requested) && LEVELS[alc] > LEVELS[requested]) {
      this.warn(`Current log level (${requested}) does not match AWS Lambda Advanced Logging Controls minimum log level (${alc}). This can lead to data loss, consider adjusting them.`);
    }
  }

  debug(message: string, ...extra: LogExtra[]): void {
    this.print('DEBUG', message, extra);
  }

  info(message: string, ...extra: LogExtra[]): void {
    this.print('INFO', message, extra);
  }

  warn(message: string, ...extra: LogExtra[]): void {
    this.print('WARN', message, extra);
  }

  error(message: string, ...extra: LogExtra[]): void {
    this.print('ERROR', message, extra);
  }

  appendKeys(keys: LogKeys): void {
    merge(this.keys, this.withoutReserved(keys));
  }

  setCorrelationId(id: string): void {
    this.appendKeys({ correlation_id: id });
  }

  /** Clears what {@link appendKeys} added; the Lambda context stays. */
  resetKeys(): void {
    this.keys = {};
  }

  /** The Lambda context keys of every line from now on; the first call in an on-demand environment is its cold start. */
  addContext(context: LambdaContextFields): void {
    const coldStart = this.coldStart;
    this.coldStart = false;
    const { invokedFunctionArn, awsRequestId, memoryLimitInMB, functionName, tenantId } = context;
    this.context = { invokedFunctionArn, coldStart, awsRequestId, memoryLimitInMB, functionName, tenantId };
  }

  /** Logs the invocation's event when `POWERTOOLS_LOGGER_LOG_EVENT` (or the middleware's `logEvent`) asks. */
  logEventIfEnabled(event: unknown, overwrite?: boolean): void {
    if (typeof overwrite === 'boolean' ? overwrite : this.logEvent) this.info('Lambda invocation event', { event });
  }

  private print(level: Level, message: string, extra: LogExtra[]): void {
    if (LEVELS[level] < this.threshold) return;
    const keys: LogAttributes = {};
    for (const [key, value] of Object.entries(this.keys)) if (value !== undefined) keys[key] = value;
    for (const item of extra) {
      if (item === null || item === undefined) continue;
      if (item instanceof Error) keys.error = item;
      else if (typeof item === 'string') keys.extra = item;
      else Object.assign(keys, this.withoutReserved(item));
    }
    const context = this.context;
    const line: LogAttributes = {
      level,
      message,
      timestamp: this.timestampOf(new Date()),
      service: this.serviceName,
      cold_start: context?.coldStart,
      function_arn: context?.invokedFunctionArn,
      function_memory_size: context?.memoryLimitInMB,
      function_name: context?.functionName,
      function_request_id: context?.awsRequestId,
      sampling_rate: 0,
      xray_trace_id: xRayTraceId(),
      tenant_id: context?.tenantId,
    };
    merge(line, keys);
    // Powertools leaves out the line's own keys that are empty; nested ones stay.
    for (const key in line) if (line[key] === undefined || line[key] === '' || line[key] === null) delete line[key];
    const text = JSON.stringify(line, jsonReplacer(), this.indentation);
    if (this.toConsole) console[level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error'](text);
    else writeLine(level === 'DEBUG' || level === 'INFO' ? 1 : 2, text);
  }

  /** The keys but the reserved ones, each of which Powertools drops with a warning. */
  private withoutReserved(keys: LogAttributes): LogAttributes {
    const kept: LogAttributes = {};
    for (const [key, value] of Object.entries(keys)) {
      if (RESERVED_KEYS.includes(key)) this.warn(`The key "${key}" is a reserved key and will be dropped.`);
      else kept[key] = value;
    }
    return kept;
  }

  /**
   * ISO 8601, in `TZ` with its offset when `TZ` is set and not UTC, as Powertools writes it. Node
   * keeps `Date`'s local time in `TZ`, so its fields are the ones Powertools reads from an Intl
   * formatter in that zone, without ICU. An unknown zone is UTC to both (offset 0); Powertools then
   * warns once, which only a zone at offset 0 needs the formatter to tell.
   */
  private timestampOf(date: Date): string {
    const zone = process.env.TZ?.trim() ?? '';
    if (!zone || zone.includes('UTC')) return date.toISOString();
    const offset = -date.getTimezoneOffset();
    if (offset === 0 && !this.resolves(zone)) return `${date.toISOString().slice(0, 23)}+00:00`;
    const two = (value: number) => value.toString().padStart(2, '0');
    const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
    const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${date.getMilliseconds().toString().padStart(3, '0')}`;
    // Powertools' arithmetic, which rounds a negative offset's hours away from zero (-03:30 is -04:30).
    return `${day}T${time}${offset >= 0 ? '+' : '-'}${two(Math.abs(Math.floor(offset / 60)))}:${two(Math.abs(offset % 60))}`;
  }

  private resolves(zone: string): boolean {
    let known = this.zones.get(zone);
    if (known === undefined) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        known = true;
      } catch {
        known = false;
        // Once for the logger, as Powertools warns, through the console as it does.
        if (!this.zoneWarned) console.warn(`Invalid or unresolvable time zone: "${zone}" - falling back to UTC.`);
        this.zoneWarned = true;
      }
      this.zones.set(zone, known);
    }
    return known;
  }
}

/** Refuses a feature of Powertools Logger the stand-in leaves out. */
export const unavailable: (what: string) => never = refusalOf('Powertools Logger', 'shared/aws/powertools-logger');

/** The trace id Powertools reads: the runtime's invoke store's, else `_X_AMZN_TRACE_ID`'s `Root`. */
function xRayTraceId(): string | undefined {
  const store = (globalThis as { awslambda?: { InvokeStore?: { getXRayTraceId(): string | undefined } } }).awslambda?.InvokeStore;
  const header = store?.getXRayTraceId() ?? process.env._X_AMZN_TRACE_ID?.trim() ?? '';
  if (header === '') return undefined;
  if (!header.includes('=')) return header;
  let root: string | undefined;
  for (const field of header.split(';')) {
    const [key, value] = field.split('=');
    if (key === 'Root') root = value;
  }
  return root;
}

const isPlainObject = (value: unknown): value is LogAttributes => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * Powertools commons' `deepMerge`, which builds each line: plain objects merged key by key and
 * arrays index by index, as copies; anything else by reference; `undefined` never over a value;
 * `__proto__` and `constructor` skipped, and so is a value that contains itself.
 */
function merge(target: LogAttributes, source: LogAttributes): void {
  const ancestors: unknown[] = [target, source];
  for (const key of Object.keys(source)) mergeInto(target, key, source[key], ancestors);
}

function mergeInto(target: Record<string | number, unknown>, key: string | number, value: unknown, ancestors: unknown[]): void {
  if (!Array.isArray(value) && !isPlainObject(value)) {
    if (value !== undefined || target[key] === undefined) target[key] = value;
    return;
  }
  if (ancestors.includes(value)) return;
  const existing = target[key];
  ancestors.push(value);
  if (Array.isArray(value)) {
    const into: unknown[] = Array.isArray(existing) ? existing : [];
    for (let index = 0; index < value.length; index += 1) mergeInto(into as unknown as Record<number, unknown>, index, value[index], ancestors);
    target[key] = into;
  } else {
    const into: LogAttributes = isPlainObject(existing) ? existing : {};
    for (const name of Object.keys(value)) if (name !== '__proto__' && name !== 'constructor') mergeInto(into, name, value[name], ancestors);
    target[key] = into;
  }
  ancestors.pop();
}

/** Powertools' JSON replacer: errors formatted, bigints as strings, a value inside itself left out. */
function jsonReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown) {
    const replaced = value instanceof Error ? formatError(value) : value;
    if (typeof replaced === 'bigint') return replaced.toString();
    if (typeof replaced === 'object' && replaced !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  };
}

/** An error as Powertools writes it: name, where it was thrown, message, stack, cause, and its own other keys. */
function formatError(error: Error): LogAttributes {
  const { name, message, stack, cause, ...attributes } = error as Error & LogAttributes;
  const formatted: LogAttributes = {
    name,
    location: locationOf(error.stack),
    message,
    stack: isDevMode() && typeof stack === 'string' ? stack.split('\n') : stack,
    cause: cause instanceof Error ? formatError(cause) : cause,
  };
  for (const key in error) {
    if (!['name', 'message', 'stack', 'cause'].includes(key)) formatted[key] = attributes[key];
  }
  return formatted;
}

function locationOf(stack: string | undefined): string {
  if (!stack) return '';
  for (const line of stack.split('\n')) {
    const match = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(line);
    if (match) return `${match[1]}:${Number(match[2])}`;
  }
  return '';
}
