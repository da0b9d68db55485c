import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Logger as RealLogger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext as realLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics as RealMetrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LAMBDA_TARGET, bundleAliases, esbuildOptions, houseBundling, requiredBuiltins } from '../../infra/bundling';
import { lambdaFunctions } from '../../infra/functions';
import { isFieldPath, search } from '../../shared/aws/jmespath/index';
import { type HouseLogger, Logger as StandInLogger } from '../../shared/aws/powertools-logger/index';
import { injectLambdaContext as standInLambdaContext } from '../../shared/aws/powertools-logger/middleware';
import { Metrics as StandInMetrics } from '../../shared/aws/powertools-metrics/index';
import * as stdout from '../../shared/aws/stdout';
import { refusedAsNotInBundles } from '../support/stand-ins';

const root = resolve(import.meta.dirname, '../..');

/** The real package, resolved as Powertools idempotency resolves it (it may sit in its own node_modules). */
const real = createRequire(createRequire(join(root, 'package.json')).resolve('@aws-lambda-powertools/idempotency'))(
  '@aws-lambda-powertools/jmespath',
) as { search: (expression: string, data: unknown, options?: unknown) => unknown };

/** Where a line went: a standard stream (the package's through `process.stdout`/`stderr`, ours to the descriptor), or a method of the global console. */
type Channel = 'stdout' | 'stderr' | `console.${'debug' | 'info' | 'log' | 'warn' | 'error'}`;

/**
 * Everything `act` prints, in order: what the packages write to `process.stdout` and
 * `process.stderr` (Powertools prints through a `Console` over them), what the stand-ins write with
 * shared/aws/stdout.ts (to descriptor 1 or 2, as a line), and what goes through the global console.
 */
function captured(act: () => void): [Channel, string][];
function captured(act: () => Promise<void>): Promise<[Channel, string][]>;
function captured(act: () => void | Promise<void>): [Channel, string][] | Promise<[Channel, string][]> {
  const printed: [Channel, string][] = [];
  const stream = (channel: 'stdout' | 'stderr') => (chunk: string | Uint8Array) => {
    printed.push([channel, String(chunk)]);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(stream('stdout'));
  vi.spyOn(process.stderr, 'write').mockImplementation(stream('stderr'));
  vi.spyOn(stdout, 'writeLine').mockImplementation((fd, text) => {
    printed.push([fd === 1 ? 'stdout' : 'stderr', `${text}\n`]);
  });
  for (const method of ['debug', 'info', 'log', 'warn', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation((text: unknown) => {
      printed.push([`console.${method}`, String(text)]);
    });
  }
  const done = () => {
    vi.restoreAllMocks();
    return printed;
  };
  const acting = act();
  if (!(acting instanceof Promise)) return done();
  return acting.then(done, (error: unknown) => {
    done();
    throw error;
  });
}

/** Every JMESPath expression the house hands Powertools, as written in shared/. */
function expressionsInShared(): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const match of readFileSync(join(root, path), 'utf8').matchAll(/JmesPath\s*:\s*(['"`])([^'"`]*)\1/g)) found.push(match[2]!);
      }
    }
  };
  walk('shared');
  return found;
}

describe('the field lookup the idempotency stand-in reads keys with, in JMESPath\'s place', () => {
  const event = {
    detail: { meta: { id: 'evt-1', version: 1 }, data: { list: [1, 2], flag: false, zero: 0, nothing: null } },
    key: 'caller#key-1',
    request: { route: 'POST /requests', params: null, query: null, body: { title: 'x' } },
  };

  it('finds what the Powertools interpreter finds for every field path', () => {
    // Prepare
    const expressions = ['key', 'request', 'detail.meta.id', 'detail.data.list', 'detail.data.flag', 'detail.data.zero', 'detail.data.nothing', 'detail.missing.id', 'key.length', 'detail.data.list.length', 'request.params.id'];

    // Act
    const ours = expressions.map((expression) => search(expression, event));

    // Assess
    expect(ours).toEqual(expressions.map((expression) => real.search(expression, event)));
  });

  it('refuses what is not a field path, rather than meaning something else', () => {
    // Prepare
    const expressions = ['powertools_json(body).id', 'detail.data.list[0]', '"quoted key"', 'a || b', '[key, request]', '@'];

    // Act
    const refused = expressions.filter((expression) => {
      try {
        search(expression, event);
        return false;
      } catch {
        return true;
      }
    });

    // Assess
    expect(refused).toEqual(expressions);
  });

  it('covers every expression the house hands Powertools idempotency', () => {
    // Prepare
    const expressions = expressionsInShared();

    // Act
    const unsupported = expressions.filter((expression) => !isFieldPath(expression));

    // Assess
    expect(expressions).toEqual(expect.arrayContaining(['detail.meta.id', 'key', 'request']));
    expect(unsupported).toEqual([]);
  });
});

describe('the Powertools Metrics stand-in the bundles carry', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  /** What shared/observability/metrics.ts asks of the package, through the class given. */
  type Emitter = {
    addMetric(name: string, unit: string, value: number): unknown;
    addDimension(name: string, value: string): unknown;
    serializeMetrics(): unknown;
    publishStoredMetrics(): unknown;
    clearMetrics(): unknown;
    clearDimensions(): unknown;
  };
  const both = (options: { namespace?: string; serviceName?: string }) => ({
    real: new RealMetrics(options) as unknown as Emitter,
    ours: new StandInMetrics(options) as unknown as Emitter,
  });

  /** One invocation's metrics as shared/observability/metrics.ts records them: counts, measurements, a channel. */
  const record = (metrics: Emitter, dimension?: string) => {
    metrics.addMetric('PushesFailed', 'Count', 2);
    metrics.addMetric('OutboxBacklogAge', 'Seconds', 30);
    metrics.addMetric('OutboxBacklogAge', 'Seconds', 0);
    metrics.addMetric('OutboxBacklogAge', 'Seconds', 12);
    if (dimension) metrics.addDimension('channel', dimension);
  };

  /** Every line printed on stdout (the package's through the stream, ours to the descriptor), parsed, with the timestamp made comparable. */
  const printedBy = (publish: () => void): unknown[] => {
    const lines = captured(publish)
      .filter(([channel]) => channel === 'stdout')
      .map(([, text]) => text);
    return lines.join('').split('\n').filter(Boolean).map((line) => withoutTimestamp(JSON.parse(line)));
  };
  const withoutTimestamp = (document: unknown) => {
    const { _aws, ...rest } = document as { _aws: { Timestamp: number } };
    expect(Math.abs(_aws.Timestamp - Date.now())).toBeLessThan(60_000);
    return { ...rest, _aws: { ..._aws, Timestamp: 'now' } };
  };

  it('serialises the same EMF documents as the package, with and without a dimension', () => {
    // Prepare
    const { real, ours } = both({ namespace: 'GridService', serviceName: 'grid-service' });

    // Act
    const documents = [real, ours].map((metrics) => {
      record(metrics, 'wecom');
      const withChannel = withoutTimestamp(metrics.serializeMetrics());
      metrics.clearMetrics();
      metrics.clearDimensions();
      record(metrics);
      return [withChannel, withoutTimestamp(metrics.serializeMetrics())];
    });

    // Assess
    expect(documents[1]).toEqual(documents[0]);
    expect(documents[1]![0]).toMatchObject({ service: 'grid-service', channel: 'wecom', PushesFailed: 2, OutboxBacklogAge: [30, 0, 12] });
  });

  it('prints the same line as the package, once, and then holds nothing', () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const { real, ours } = both({ namespace: 'GridService', serviceName: 'grid-service' });

    // Act
    const lines = [real, ours].map((metrics) =>
      printedBy(() => {
        record(metrics, 'wechat');
        metrics.publishStoredMetrics();
        metrics.publishStoredMetrics();
      }),
    );

    // Assess
    expect(lines[1]).toEqual(lines[0]);
    expect(lines[1]).toHaveLength(1);
  });

  it('is switched off and on by the same variables as the package', () => {
    // Prepare
    const settings: [disabled: string | undefined, dev: string | undefined][] = [
      [undefined, undefined],
      ['true', undefined],
      ['false', undefined],
      ['1', undefined],
      ['off', undefined],
      [undefined, 'true'],
      ['false', 'true'],
    ];

    // Act
    const switches = settings.map(([disabled, dev]) => {
      vi.stubEnv('POWERTOOLS_METRICS_DISABLED', disabled);
      vi.stubEnv('POWERTOOLS_DEV', dev);
      const { real, ours } = both({ namespace: 'GridService' });
      const isDisabled = (metrics: Emitter) => (metrics as unknown as { isDisabled(): boolean }).isDisabled();
      return { real: isDisabled(real), ours: isDisabled(ours) };
    });

    // Assess
    expect(switches.map(({ ours }) => ours)).toEqual(switches.map(({ real }) => real));
    expect(new Set(switches.map(({ real }) => real))).toEqual(new Set([true, false]));
  });
});

describe('the house bundling settings', () => {
  it('give CDK and the benchmark the same aliases', () => {
    // Prepare
    const forCdk = houseBundling.esbuildArgs['--alias'];

    // Act
    const forBenchmark = esbuildOptions('entry.ts', 'out.mjs', undefined, root);

    // Assess
    expect(forCdk).toEqual(Object.entries(bundleAliases).map(([name, path]) => `${name}=${path}`));
    expect(forBenchmark.alias).toEqual(bundleAliases);
    // CDK derives the target from the runtime (nodejs24.x: node24); the benchmark builds for the same.
    expect(forBenchmark.target).toBe(LAMBDA_TARGET);
    expect(LAMBDA_TARGET).toBe('node24');
  });

  it("take every Node built-in module through require, so that no bundle builds a built-in's ES module facade", async () => {
    // Prepare: every function, as deployed and as deployed with -c traceSdkCalls=true.
    const functions = lambdaFunctions();
    const imported = new Set<string>();

    // Act
    for (const traceSdkCalls of [false, true]) {
      const { entryPoints: _entry, outfile: _outfile, ...house } = esbuildOptions('', '', undefined, root, { traceSdkCalls });
      const { metafile } = await build({
        ...house,
        entryPoints: functions.map((fn) => ({ in: join(root, fn.entry), out: fn.name })),
        outdir: 'out',
        metafile: true,
        write: false,
        logLevel: 'silent',
      });
      for (const output of Object.values(metafile.outputs)) {
        for (const { path, kind, external } of output.imports) {
          if (external && kind !== 'require-call' && isBuiltin(path)) imported.add(path);
        }
      }
    }

    // Assess: none is imported as an ES module; a new one needs its shim in requiredBuiltins.
    expect([...imported]).toEqual([]);
    for (const name of requiredBuiltins) {
      expect(readFileSync(join(root, bundleAliases[name]!), 'utf8')).toContain(`process.getBuiltinModule('node:${name}')`);
    }
  });
});

describe('the Powertools Logger stand-in the bundles carry', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** The environment of a deployed function (infra/functions.ts), at INFO, in an on-demand execution environment, traced. */
  const deployed = {
    TZ: 'Asia/Shanghai',
    POWERTOOLS_SERVICE_NAME: 'grid-service',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    _X_AMZN_TRACE_ID: 'Root=1-67a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1',
  };

  const contextOf = (requestId: string) =>
    ({
      functionName: 'grid-service-users',
      functionVersion: '$LATEST',
      memoryLimitInMB: '512',
      invokedFunctionArn: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:grid-service-users',
      awsRequestId: requestId,
      callbackWaitsForEmptyEventLoop: true,
      logGroupName: '/aws/lambda/grid-service-users',
      logStreamName: '2026/03/08/[$LATEST]0123456789abcdef',
    }) as Context;

  /** An error of the AWS SDK's kind: its own name, and keys of its own. */
  class ThrottlingException extends Error {
    override readonly name = 'ThrottlingException';
    readonly $fault = 'client';
    readonly $metadata = { httpStatusCode: 400, requestId: 'sdk-1', attempts: 3 };
  }
  const cause = new TypeError('socket hang up');
  const failure = Object.assign(new Error('could not publish', { cause }), { code: 'E_PUBLISH' });
  const throttled = new ThrottlingException('Rate exceeded');
  const loop: Record<string, unknown> = { name: 'loop' };
  loop.self = loop;

  type Made = { logger: HouseLogger; lambdaContext: () => middy.MiddlewareObj };
  const real = (options: { serviceName?: string; logLevel?: 'debug' } = { serviceName: 'grid-service' }): Made => {
    const logger = new RealLogger(options);
    return { logger, lambdaContext: () => realLambdaContext(logger, { resetKeys: true }) as middy.MiddlewareObj };
  };
  const ours = (options: { serviceName?: string; logLevel?: 'debug' } = { serviceName: 'grid-service' }): Made => {
    const logger = new StandInLogger(options);
    return { logger, lambdaContext: () => standInLambdaContext(logger, { resetKeys: true }) as middy.MiddlewareObj };
  };

  /**
   * The house's use, as shared/http/function.ts, shared/events/*.ts and their callers log: a line
   * at load (no Lambda context yet), then invocations through the middy middleware that append keys
   * and a correlation id and log at every level with every kind of extra argument; one fails.
   */
  const houseUse = async ({ logger, lambdaContext }: Made) => {
    logger.info('loaded');
    const handler = middy<{ id: string; fail?: boolean }, void>()
      .use(lambdaContext())
      .handler(async (event) => {
        logger.appendKeys({ requestId: `api-${event.id}`, routeKey: 'POST /users/me/phone' });
        logger.setCorrelationId(`case-${event.id}`);
        logger.debug('below INFO');
        logger.info('with keys', { userId: 'u-1', count: 2, big: 10n, nested: { list: [1, null, 'x'], empty: '' }, nothing: null, blank: '', missing: undefined, loop });
        logger.warn('WeChat refused the call', { errcode: 40029, errmsg: 'invalid code' });
        logger.error('unexpected fault', failure);
        logger.error('request failed', { error: throttled, requestId: `api-${event.id}` });
        logger.info('a plain extra', 'detail', { message: 'reserved', service: 'reserved too' } as Record<string, unknown>);
        if (event.fail) throw failure;
      });
    await handler({ id: '1' }, contextOf('req-1'));
    logger.info('between invocations');
    await handler({ id: '2', fail: true }, contextOf('req-2')).catch(() => undefined);
    logger.info('after a failed invocation');
    await handler({ id: '3' }, contextOf('req-3'));
  };

  /** What the package and the stand-in, each made under `environment` at a fixed time, print for the house's use; one after the other. */
  const printedUnder = async (environment: Record<string, string | undefined>, options?: { serviceName?: string; logLevel?: 'debug' }) => {
    const printed: [Channel, string][][] = [];
    for (const make of [real, ours]) {
      for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
      vi.useFakeTimers({ now: new Date('2026-03-08T01:02:03.045Z'), toFake: ['Date'] });
      const made = make(options);
      printed.push(await captured(() => houseUse(made)));
      vi.useRealTimers();
      vi.unstubAllEnvs();
    }
    return printed as [package_: [Channel, string][], standIn: [Channel, string][]];
  };

  it('prints the same lines as the package, to the same streams, as a deployed function uses it', async () => {
    // Act
    const printed = await printedUnder(deployed);

    // Assess
    expect(printed[1]).toEqual(printed[0]);
    const lines = printed[1]!.map(([channel, text]) => [channel, JSON.parse(text)] as const);
    expect(lines[0]).toEqual(['stdout', { level: 'INFO', message: 'loaded', timestamp: '2026-03-08T09:02:03.045+08:00', service: 'grid-service', sampling_rate: 0, xray_trace_id: '1-67a1b2c3-0123456789abcdef01234567' }]);
    expect(lines.map(([channel, line]) => `${channel} ${line.level} ${line.cold_start} ${line.requestId}`)).toEqual(
      expect.arrayContaining(['stdout INFO true api-1', 'stderr WARN true api-1', 'stderr ERROR true api-1', 'stdout INFO true undefined', 'stdout INFO false api-2', 'stdout INFO false undefined', 'stdout INFO false api-3']),
    );
    expect(lines.find(([, line]) => line.message === 'unexpected fault')?.[1]).toMatchObject({
      correlation_id: 'case-1',
      error: { name: 'Error', message: 'could not publish', code: 'E_PUBLISH', cause: { name: 'TypeError', message: 'socket hang up' } },
    });
    expect(lines.some(([, line]) => line.level === 'DEBUG')).toBe(false);
  });

  it('holds the same threshold as the package, whichever variable or option sets it', async () => {
    // Prepare
    const settings: [Record<string, string | undefined>, 'debug' | undefined][] = [
      [{ POWERTOOLS_LOG_LEVEL: 'WARN' }, undefined],
      [{ POWERTOOLS_LOG_LEVEL: 'DEBUG' }, undefined],
      [{ POWERTOOLS_LOG_LEVEL: 'debug' }, undefined],
      [{ POWERTOOLS_LOG_LEVEL: 'SILENT' }, undefined],
      [{ POWERTOOLS_LOG_LEVEL: undefined, LOG_LEVEL: 'ERROR' }, undefined],
      [{ POWERTOOLS_LOG_LEVEL: 'SILENT' }, 'debug'],
      [{ AWS_LAMBDA_LOG_LEVEL: 'ERROR' }, 'debug'],
      [{ AWS_LAMBDA_LOG_LEVEL: 'FATAL' }, undefined],
    ];

    // Act
    const printed = [];
    for (const [variables, logLevel] of settings) {
      printed.push(await printedUnder({ ...deployed, ...variables }, logLevel ? { serviceName: 'grid-service', logLevel } : undefined));
    }

    // Assess
    for (const [package_, standIn] of printed) expect(standIn).toEqual(package_);
    expect(printed.map(([package_]) => package_!.length)).toEqual([9, 27, 24, 0, 6, 27, 6, 0]);
  });

  it('indents and prints through the console under POWERTOOLS_DEV, as the package does', async () => {
    // Act
    const printed = await printedUnder({ ...deployed, POWERTOOLS_DEV: 'true' });

    // Assess
    expect(printed[1]).toEqual(printed[0]);
    expect(printed[1]![0]![0]).toBe('console.info');
    expect(printed[1]![0]![1]).toContain('\n    "message": "loaded",\n');
  });

  it('writes the time as the package does in every zone TZ may name', async () => {
    // Prepare
    const zones = [undefined, 'UTC', ':UTC', 'Asia/Shanghai', 'Asia/Kolkata', 'America/St_Johns', 'America/Los_Angeles', 'Europe/London', 'Bogus/Zone'];

    // Act
    const printed = [];
    for (const TZ of zones) printed.push(await printedUnder({ ...deployed, TZ }));

    // Assess
    for (const [package_, standIn] of printed) expect(standIn).toEqual(package_);
    expect(printed.map(([package_]) => JSON.parse(package_!.find(([channel]) => channel === 'stdout')![1]).timestamp)).toEqual([
      '2026-03-08T01:02:03.045Z',
      '2026-03-08T01:02:03.045Z',
      '2026-03-08T01:02:03.045Z',
      '2026-03-08T09:02:03.045+08:00',
      '2026-03-08T06:32:03.045+05:30',
      '2026-03-07T21:32:03.045-04:30',
      '2026-03-07T17:02:03.045-08:00',
      '2026-03-08T01:02:03.045+00:00',
      '2026-03-08T01:02:03.045+00:00',
    ]);
  });

  it('marks a provisioned environment as no cold start, and logs the event when asked, as the package does', async () => {
    // Act
    const printed = await printedUnder({ ...deployed, AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency', POWERTOOLS_LOGGER_LOG_EVENT: 'true', _X_AMZN_TRACE_ID: '1-67a1b2c3-0123456789abcdef01234567' });

    // Assess
    expect(printed[1]).toEqual(printed[0]);
    expect(printed[1]!.map(([, text]) => JSON.parse(text))).toContainEqual(expect.objectContaining({ message: 'Lambda invocation event', event: { id: '1' }, cold_start: false }));
  });

  it('refuses what would change its lines without saying so', () => {
    // Prepare
    const attempts = [
      () => new StandInLogger({ serviceName: 'grid-service', persistentKeys: { function_name: 'users' } } as never),
      () => {
        vi.stubEnv('POWERTOOLS_LOGGER_SAMPLE_RATE', '0.1');
        return new StandInLogger();
      },
      () => standInLambdaContext(new StandInLogger(), { correlationIdPath: 'requestContext.requestId' } as never),
    ];

    // Act
    const refused = refusedAsNotInBundles(attempts);

    // Assess
    expect(refused).toHaveLength(attempts.length);
  });

  it('has the surface shared/logger.ts types its logger with, which the package satisfies too', () => {
    // Prepare
    const loggers: HouseLogger[] = [new RealLogger({ serviceName: 'grid-service' }), new StandInLogger({ serviceName: 'grid-service' })];

    // Act
    const methods = loggers.map((logger) => ['debug', 'info', 'warn', 'error', 'appendKeys', 'setCorrelationId'].filter((name) => typeof Reflect.get(logger, name) === 'function'));

    // Assess
    expect(methods[1]).toEqual(methods[0]);
    expect(methods[1]).toHaveLength(6);
  });
});

describe('a function bundled with the house settings', () => {
  /** A function as the house writes one: the shared logger, the middy middleware, a line at each level. */
  const probe = [
    "import middy from '@middy/core';",
    "import { injectLambdaContext, logger } from './shared/logger';",
    "export const handler = middy().use(injectLambdaContext(logger, { resetKeys: true })).handler(async () => {",
    "  logger.info('probe', { key: 'value' });",
    "  logger.warn('probe warning');",
    '});',
  ].join('\n');

  /** Bundles the probe with `alias`, loads it in a Node of its own and invokes it: what it printed, and when it first read process.stdout or process.stderr. */
  const run = async (alias: Record<string, string>) => {
    const folder = mkdtempSync(join(tmpdir(), 'logger-bundle-'));
    try {
      const { entryPoints: _entry, ...house } = esbuildOptions('', join(folder, 'index.mjs'), undefined, root);
      await build({ ...house, alias, stdin: { contents: probe, resolveDir: root, sourcefile: 'probe.ts', loader: 'ts' }, logLevel: 'silent' });
      const script = [
        "import { writeSync } from 'node:fs';",
        'const read = [];',
        "for (const name of ['stdout', 'stderr']) {",
        '  const stream = Object.getOwnPropertyDescriptor(process, name);',
        '  Object.defineProperty(process, name, { ...stream, get() { read.push(name); return stream.get.call(process); } });',
        '}',
        `const { handler } = await import(${JSON.stringify(pathToFileURL(join(folder, 'index.mjs')).href)});`,
        'const atLoad = [...read];',
        "await handler({}, { functionName: 'probe', memoryLimitInMB: '512', invokedFunctionArn: 'arn', awsRequestId: 'req-1' });",
        "writeSync(1, JSON.stringify({ atLoad, afterInvocation: [...new Set(read)] }) + '\\n');",
      ].join('\n');
      const environment = { PATH: process.env.PATH, ...deployedEnvironment };
      const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: environment, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const lines = printed.trim().split('\n');
      return { lines: lines.slice(0, -1).map((line) => JSON.parse(line)), ...(JSON.parse(lines.at(-1)!) as { atLoad: string[]; afterInvocation: string[] }) };
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  const deployedEnvironment = { TZ: 'Asia/Shanghai', POWERTOOLS_SERVICE_NAME: 'grid-service', POWERTOOLS_LOG_LEVEL: 'INFO', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' };

  it('carries the logger stand-in, not the package', async () => {
    // Act
    const { metafile } = await build({ ...esbuildOptions(join(root, 'functions/http/users.ts'), 'out.mjs', undefined, root), metafile: true, write: false, logLevel: 'silent' });

    // Assess
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((path) => path.includes('node_modules/@aws-lambda-powertools/logger'))).toEqual([]);
    expect(inputs).toEqual(expect.arrayContaining(['shared/aws/powertools-logger/index.ts', 'shared/aws/powertools-logger/middleware.ts', 'shared/aws/stdout.ts']));
  });

  it('never builds process.stdout or process.stderr, loading or logging, where the package builds both as it loads', async () => {
    // Act
    const standIn = await run({ ...bundleAliases });
    const { '@aws-lambda-powertools/logger': _logger, ...withoutLoggerAlias } = bundleAliases;
    const package_ = await run(withoutLoggerAlias);

    // Assess
    expect(standIn.atLoad).toEqual([]);
    expect(standIn.afterInvocation).toEqual([]);
    expect(standIn.lines).toEqual([expect.objectContaining({ level: 'INFO', message: 'probe', key: 'value', cold_start: true, function_request_id: 'req-1' })]);
    expect(package_.atLoad).toEqual(['stdout', 'stderr']);
    expect(package_.lines.map(({ timestamp: _, ...line }) => line)).toEqual(standIn.lines.map(({ timestamp: _, ...line }) => line));
  });
});
