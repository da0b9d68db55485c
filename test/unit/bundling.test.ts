import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Metrics as RealMetrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundleAliases, esbuildOptions, houseBundling } from '../../infra/bundling';
import { PowertoolsFunctions } from '../../shared/aws/jmespath/functions';
import { isFieldPath, search } from '../../shared/aws/jmespath/index';
import { Metrics as StandInMetrics } from '../../shared/aws/powertools-metrics/index';

const root = resolve(import.meta.dirname, '../..');

/** The real package, resolved as Powertools idempotency resolves it (it may sit in its own node_modules). */
const real = createRequire(createRequire(join(root, 'package.json')).resolve('@aws-lambda-powertools/idempotency'))(
  '@aws-lambda-powertools/jmespath',
) as { search: (expression: string, data: unknown, options?: unknown) => unknown };

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

describe('the JMESPath stand-in the bundles carry', () => {
  const event = {
    detail: { meta: { id: 'evt-1', version: 1 }, data: { list: [1, 2], flag: false, zero: 0, nothing: null } },
    key: 'caller#key-1',
    request: { route: 'POST /requests', params: null, query: null, body: { title: 'x' } },
  };

  it('finds what the Powertools interpreter finds for every field path', () => {
    // Prepare
    const expressions = ['key', 'request', 'detail.meta.id', 'detail.data.list', 'detail.data.flag', 'detail.data.zero', 'detail.data.nothing', 'detail.missing.id', 'key.length', 'detail.data.list.length', 'request.params.id'];

    // Act
    const ours = expressions.map((expression) => search(expression, event, { customFunctions: new PowertoolsFunctions() }));

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

  /** Every printed line, parsed, with the timestamp made comparable. */
  const printedBy = (publish: () => void): unknown[] => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    publish();
    vi.restoreAllMocks();
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
    const forBenchmark = esbuildOptions('entry.ts', 'out.mjs', 'node20', root).alias;

    // Assess
    expect(forCdk).toEqual(Object.entries(bundleAliases).map(([name, path]) => `${name}=${path}`));
    expect(forBenchmark).toEqual(bundleAliases);
  });
});
