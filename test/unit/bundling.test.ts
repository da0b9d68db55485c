import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleAliases, esbuildOptions, houseBundling } from '../../infra/bundling';
import { PowertoolsFunctions } from '../../shared/aws/jmespath/functions';
import { isFieldPath, search } from '../../shared/aws/jmespath/index';

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
