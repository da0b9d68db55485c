import { readFileSync, readdirSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumerMismatch, subscriptions } from '../../events/catalogue';
import * as design from '../../shared/table/design';

const { keyGroups } = design;

/*
 * The dependency rules of CONTRIBUTING, checked on the import specifiers of every .ts file under
 * shared/, functions/, infra/ and events/ (read as text, so a file that does not compile yet is
 * still checked):
 *
 * - kernel: shared/{table,http,events,geo,time,aws,observability}/** and shared/{config,logger,ids,idempotency,
 *   concurrency,rate-limit}.ts import only the kernel (and packages): no feature, no catalogue, no
 *   events/ file, no infra/ or functions/.
 * - keys: a feature (shared/<feature>/**, events/<feature>.ts) builds only its own keys from
 *   shared/table/design.ts (`keyGroups` says who owns which); another feature's items it reads
 *   through that feature's repository. The kernel builds only kernel keys; functions/ build none.
 * - cycles: no two features import each other, directly or round a longer loop (a one-way edge such
 *   as facilities → stations is fine); shared/ and events/ import nothing from infra/ or functions/,
 *   and functions/ nothing from infra/.
 */

const root = resolve(import.meta.dirname, '../..');
const SCANNED = ['shared', 'functions', 'infra', 'events'];
const KERNEL_FOLDERS = ['table', 'http', 'events', 'geo', 'time', 'aws', 'observability'];
const KERNEL_FILES = ['config', 'logger', 'ids', 'idempotency', 'concurrency', 'rate-limit'].map((name) => `shared/${name}.ts`);
/**
 * Files that gather every feature on purpose, declared once: the routes (CDK, the gateway, OpenAPI) and their words for OpenAPI,
 * the events, and every feature's notification rules (the notifications consumer applies them all).
 */
const CATALOGUES = ['shared/routes.ts', 'shared/api-docs.ts', 'events/catalogue.ts', 'shared/notifications/catalogue.ts'];
const DESIGN = 'shared/table/design.ts';

/** Where a file sits in the house. */
type Place =
  | { kind: 'kernel' }
  | { kind: 'feature'; feature: string }
  | { kind: 'catalogue' }
  | { kind: 'functions' }
  | { kind: 'infra' }
  | { kind: 'unplaced' };

function placeOf(path: string): Place {
  const [top, second, ...rest] = path.split('/');
  if (CATALOGUES.includes(path)) return { kind: 'catalogue' };
  if (top === 'functions') return { kind: 'functions' };
  if (top === 'infra') return { kind: 'infra' };
  if (top === 'events' && second && rest.length === 0) return { kind: 'feature', feature: second.replace(/\.ts$/, '') };
  if (top === 'shared' && second) {
    if (KERNEL_FILES.includes(path) || (rest.length > 0 && KERNEL_FOLDERS.includes(second))) return { kind: 'kernel' };
    if (rest.length > 0) return { kind: 'feature', feature: second };
  }
  return { kind: 'unplaced' };
}

interface Import {
  specifier: string;
  /** The repository path it resolves to, or undefined for a package. */
  target: string | undefined;
  /** The bound names and what they are in the target: `{ local: 'k', imported: 'keys' }`; `*` for a namespace. */
  bindings: { local: string; imported: string }[];
  line: number;
  /** `import type …` / `export type …`: gone from the JavaScript, so it brings no code along. */
  typeOnly: boolean;
}

interface Violation {
  file: string;
  rule: 'kernel imports only the kernel' | "a feature uses only its own keys" | 'no cycle between features' | 'no import of infra or functions' | 'every file has a place';
  message: string;
}

/** The text without comments, same length and lines (so offsets still give line numbers). */
function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  let quote: string | undefined;
  while (i < text.length) {
    const char = text[i]!;
    const next = text[i + 1];
    if (quote) {
      out += char;
      if (char === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (char === quote) quote = undefined;
      i += 1;
    } else if (char === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') {
        out += ' ';
        i += 1;
      }
    } else if (char === '/' && next === '*') {
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
        out += text[i] === '\n' ? '\n' : ' ';
        i += 1;
      }
      out += '  ';
      i += 2;
    } else {
      if (char === "'" || char === '"' || char === '`') quote = char;
      out += char;
      i += 1;
    }
  }
  return out;
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Resolves a specifier from a file to a repository path among `paths`, or undefined for a package. */
function resolveSpecifier(from: string, specifier: string, paths: ReadonlySet<string>): string | undefined {
  let base: string;
  if (specifier.startsWith('.')) base = posix.join(posix.dirname(from), specifier);
  else if (specifier.startsWith('#shared/')) base = `shared/${specifier.slice('#shared/'.length)}`;
  else if (specifier.startsWith('#events/')) base = `events/${specifier.slice('#events/'.length)}`;
  else return undefined;
  const candidates = [base, `${base}.ts`, `${base.replace(/\.js$/, '')}.ts`, `${base}/index.ts`];
  return candidates.find((candidate) => paths.has(candidate)) ?? `${base}.ts`;
}

function bindingsOf(clause: string): Import['bindings'] {
  const bindings: Import['bindings'] = [];
  const namespace = clause.match(/\*\s+as\s+(\w+)/);
  if (namespace) bindings.push({ local: namespace[1]!, imported: '*' });
  const named = clause.match(/\{([^}]*)\}/);
  for (const part of named?.[1]?.split(',') ?? []) {
    const [imported, local] = part.replace(/\btype\s+/, '').trim().split(/\s+as\s+/);
    if (imported) bindings.push({ local: (local ?? imported).trim(), imported: imported.trim() });
  }
  return bindings;
}

/** Every import, re-export and dynamic import of a file. */
function importsOf(path: string, text: string, paths: ReadonlySet<string>): Import[] {
  const code = withoutComments(text);
  const found: Import[] = [];
  const statements = /\b(import|export)\s*(type\s+)?([\w*{}\s,$]*?)\s*from\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of code.matchAll(statements)) {
    const specifier = match[4] ?? match[5] ?? match[6]!;
    found.push({
      specifier,
      target: resolveSpecifier(path, specifier, paths),
      bindings: match[1] === 'import' && match[3] ? bindingsOf(match[3]) : [],
      line: lineAt(code, match.index),
      typeOnly: Boolean(match[2]),
    });
  }
  return found;
}

/** The key builders a file uses: `keys.station(…)`, `stationKeys.station`, `design.keys.station`, `{ station } = keys`. */
function keyUsesOf(text: string, imports: readonly Import[]): { group: string; name: string; line: number }[] {
  const code = withoutComments(text);
  const uses: { group: string; name: string; line: number }[] = [];
  const isKeys = (name: string) => name === 'keys' || name.endsWith('Keys');
  for (const entry of imports.filter((candidate) => candidate.target === DESIGN)) {
    for (const { local, imported } of entry.bindings) {
      if (imported === '*') {
        // A namespace import reaches every group as `<namespace>.<group>.<key>`.
        for (const match of code.matchAll(new RegExp(`(?<![\\w.$])${local}\\s*\\.\\s*(\\w+)\\s*\\??\\.\\s*(\\w+)`, 'g'))) {
          if (isKeys(match[1]!)) uses.push({ group: match[1]!, name: match[2]!, line: lineAt(code, match.index) });
        }
        continue;
      }
      if (!isKeys(imported)) continue;
      for (const match of code.matchAll(new RegExp(`(?<![\\w.$])${local}\\s*\\??\\.\\s*(\\w+)`, 'g'))) {
        uses.push({ group: imported, name: match[1]!, line: lineAt(code, match.index) });
      }
      for (const match of code.matchAll(new RegExp(`\\{([^}]*)\\}\\s*=\\s*${local}\\b`, 'g'))) {
        for (const part of match[1]!.split(',')) {
          const name = part.split(':')[0]!.trim();
          if (name) uses.push({ group: imported, name, line: lineAt(code, match.index) });
        }
      }
      // Importing a group itself says whose items a file builds keys for.
      if (imported !== 'keys') uses.push({ group: imported, name: '*', line: entry.line });
    }
  }
  return uses;
}

interface KeyOwnership {
  /** Owner of each key builder by name: `station` → `stations`. */
  ownerOfKey: Record<string, string>;
  /** Owner of each group constant: `stationKeys` → `stations`. */
  ownerOfGroup: Record<string, string>;
}

/** Checks a set of files (path → source text) against the house's dependency rules. */
function checkArchitecture(files: ReadonlyMap<string, string>, ownership: KeyOwnership): Violation[] {
  const paths = new Set(files.keys());
  const violations: Violation[] = [];
  /** feature → feature → the first import that makes the edge. */
  const edges = new Map<string, Map<string, { file: string; at: string }>>();

  for (const [file, text] of files) {
    const place = placeOf(file);
    const imports = importsOf(file, text, paths);
    if (place.kind === 'unplaced' && file.startsWith('shared/')) {
      violations.push({
        file,
        rule: 'every file has a place',
        message: `${file} is neither kernel nor in a feature folder: move it into shared/<feature>/ or add it to the kernel files of this test`,
      });
    }
    for (const entry of imports) {
      if (!entry.target) continue;
      const target = placeOf(entry.target);
      const at = `${file}:${entry.line} imports '${entry.specifier}' (${entry.target})`;
      if (place.kind === 'kernel' && target.kind !== 'kernel') {
        const what = target.kind === 'feature' ? `feature ${target.feature}` : target.kind;
        violations.push({ file, rule: 'kernel imports only the kernel', message: `${at}: the kernel imports no ${what}` });
      }
      if ((file.startsWith('shared/') || file.startsWith('events/')) && (target.kind === 'infra' || target.kind === 'functions')) {
        violations.push({ file, rule: 'no import of infra or functions', message: `${at}: shared/ and events/ import nothing from ${target.kind}/` });
      }
      if (place.kind === 'functions' && target.kind === 'infra') {
        violations.push({ file, rule: 'no import of infra or functions', message: `${at}: a function's bundle carries no infra/ (CDK, local runtime)` });
      }
      if (place.kind === 'feature' && target.kind === 'feature' && target.feature !== place.feature) {
        const from = edges.get(place.feature) ?? new Map<string, { file: string; at: string }>();
        if (!from.has(target.feature)) from.set(target.feature, { file, at });
        edges.set(place.feature, from);
      }
    }
    for (const use of keyUsesOf(text, imports)) {
      const owner = use.name === '*' || use.group !== 'keys' ? ownership.ownerOfGroup[use.group] : ownership.ownerOfKey[use.name];
      if (owner === undefined) continue;
      const spelled = use.name === '*' ? `imports ${use.group}` : `uses ${use.group}.${use.name}`;
      const at = `${file}:${use.line} ${spelled}, a key of ${owner}`;
      if (place.kind === 'functions') {
        violations.push({ file, rule: 'a feature uses only its own keys', message: `${at}: a handler is wiring; keys are built in the owner's repository` });
      } else if (place.kind === 'kernel' && owner !== 'kernel') {
        violations.push({ file, rule: 'a feature uses only its own keys', message: `${at}: the kernel builds only kernel keys` });
      } else if (place.kind === 'feature' && owner !== place.feature) {
        violations.push({
          file,
          rule: 'a feature uses only its own keys',
          message: `${at}: ${place.feature} reads these items only through the repository of shared/${owner}`,
        });
      }
    }
  }

  for (const loop of cyclesOf(edges)) {
    const witnesses = loop.map((feature, index) => {
      const next = loop[(index + 1) % loop.length]!;
      return `${feature} → ${next}: ${edges.get(feature)!.get(next)!.at}`;
    });
    violations.push({
      file: edges.get(loop[0]!)!.get(loop[1 % loop.length]!)!.file,
      rule: 'no cycle between features',
      message: `features ${loop.join(' → ')} → ${loop[0]} import each other round a loop; one edge must go (move the shared part down or behind a repository):\n    ${witnesses.join('\n    ')}`,
    });
  }
  return violations;
}

/** Loops between features: Tarjan's strongly connected groups, then a shortest loop through each member. */
function cyclesOf(edges: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[][] {
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((to) => [...to.keys()])])].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    for (const next of [...(edges.get(node)?.keys() ?? [])].sort()) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  // One shortest loop through each member of each group (breadth-first back to itself), each loop once.
  const loops = new Map<string, string[]>();
  for (const component of components) {
    for (const start of component) {
      const previous = new Map<string, string>();
      const queue = [start];
      search: while (queue.length > 0) {
        const node = queue.shift()!;
        for (const next of [...(edges.get(node)?.keys() ?? [])].sort()) {
          if (!component.includes(next)) continue;
          if (next === start) {
            const loop = [node];
            while (loop[0] !== start) loop.unshift(previous.get(loop[0]!)!);
            const first = loop.indexOf([...loop].sort()[0]!);
            const canonical = [...loop.slice(first), ...loop.slice(0, first)];
            loops.set(canonical.join(' → '), canonical);
            break search;
          }
          if (!previous.has(next)) {
            previous.set(next, node);
            queue.push(next);
          }
        }
      }
    }
  }
  return [...loops.values()];
}

function sourceFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.set(path, readFileSync(join(root, path), 'utf8'));
    }
  };
  for (const folder of SCANNED) walk(folder);
  return files;
}

/** Who owns each key builder and each group constant (`stationKeys`), from `keyGroups` itself. */
function houseOwnership(): KeyOwnership {
  const ownerOfKey: Record<string, string> = {};
  const ownerOfGroup: Record<string, string> = {};
  for (const [owner, group] of Object.entries(keyGroups)) {
    for (const name of Object.keys(group)) ownerOfKey[name] = owner;
    for (const [exported, value] of Object.entries(design)) if (value === group) ownerOfGroup[exported] = owner;
  }
  return { ownerOfKey, ownerOfGroup };
}

const report = (violations: readonly Violation[]) => violations.map((violation) => `[${violation.rule}] ${violation.message}`).join('\n');

describe('the dependency graph points one way', () => {
  const files = sourceFiles();
  const violations = checkArchitecture(files, houseOwnership());

  it('keeps the kernel free of features, catalogues, infra and functions', () => {
    // Prepare
    const rule: Violation['rule'] = 'kernel imports only the kernel';

    // Act
    const found = violations.filter((violation) => violation.rule === rule || violation.rule === 'every file has a place');

    // Assess
    expect(report(found)).toBe('');
  });

  it("lets a feature build only its own keys, so another feature's items are read through their repository", () => {
    // Prepare
    const rule: Violation['rule'] = 'a feature uses only its own keys';

    // Act
    const found = violations.filter((violation) => violation.rule === rule);

    // Assess
    expect(report(found)).toBe('');
  });

  it('has no import cycle between features, and nothing deployed imports infra', () => {
    // Prepare
    const rules: Violation['rule'][] = ['no cycle between features', 'no import of infra or functions'];

    // Act
    const found = violations.filter((violation) => rules.includes(violation.rule));

    // Assess
    expect(report(found)).toBe('');
  });

  it('sees the keys each feature builds, so the key rule is not passed by seeing none', () => {
    // Prepare
    const paths = new Set(files.keys());
    const ownership = houseOwnership();

    // Act
    const owners = new Set(
      [...files].flatMap(([file, text]) => {
        const place = placeOf(file);
        if (place.kind !== 'feature') return [];
        return keyUsesOf(text, importsOf(file, text, paths))
          .map((use) => (use.name === '*' || use.group !== 'keys' ? ownership.ownerOfGroup[use.group] : ownership.ownerOfKey[use.name]))
          .filter((owner) => owner === place.feature);
      }),
    );

    // Assess
    expect([...owners].sort()).toEqual(expect.arrayContaining(['facilities', 'notifications', 'organisation', 'requests', 'shifts', 'stations', 'users']));
  });

  it('keeps the route catalogue free of repositories and AWS clients, which every function that routes would carry', () => {
    // Prepare: what shared/routes.ts brings into a bundle, following every import that is not type-only
    const paths = new Set(files.keys());
    const reached = new Set<string>(['shared/routes.ts']);
    const packages = new Set<string>();
    for (const file of reached) {
      for (const entry of importsOf(file, files.get(file) ?? '', paths).filter((candidate) => !candidate.typeOnly)) {
        if (entry.target) reached.add(entry.target);
        else packages.add(entry.specifier);
      }
    }

    // Act
    const found = [...reached].filter((file) => file.startsWith('shared/aws/')).concat([...packages].filter((name) => name.startsWith('@aws-sdk/')));

    // Assess
    expect(found).toEqual([]);
  });

  it('knows every key builder of shared/table/design.ts by exactly one owner', () => {
    // Prepare
    const names = Object.values(keyGroups).flatMap((group) => Object.keys(group));

    // Act
    const duplicates = names.filter((name, index) => names.indexOf(name) !== index);

    // Assess
    expect(duplicates).toEqual([]);
    expect(Object.keys(design.keys).sort()).toEqual([...names].sort());
    expect(Object.keys(keyGroups).filter((owner) => owner !== 'kernel' && ![...files.keys()].some((path) => path.startsWith(`shared/${owner}/`)))).toEqual([]);
  });
});

describe('the dependency check', () => {
  // A small house with one violation of each rule planted in it, so the check cannot pass by finding nothing.
  const ownership: KeyOwnership = {
    ownerOfKey: { station: 'stations', facility: 'facilities', outboxShard: 'kernel' },
    ownerOfGroup: { stationKeys: 'stations', facilityKeys: 'facilities', kernelKeys: 'kernel' },
  };
  const planted = new Map<string, string>([
    [DESIGN, 'export const keys = {};\nexport const stationKeys = {};'],
    ['shared/table/query.ts', "import { keys } from './design';\nexport const q = () => keys.outboxShard(1);"],
    ['shared/http/function.ts', "import { shiftRoutes } from '../shifts/routes';\nexport const f = shiftRoutes;"],
    ['shared/events/consumer.ts', "import { subscriptions } from '../../events/catalogue';\nexport const s = subscriptions;"],
    ['events/catalogue.ts', "import { stationCreated } from './stations';\nexport const all = [stationCreated];"],
    ['events/stations.ts', "import { defineEvent } from '../shared/events/define';\nexport const stationCreated = defineEvent;"],
    ['shared/events/define.ts', 'export const defineEvent = 1;'],
    ['shared/shifts/routes.ts', 'export const shiftRoutes = {};'],
    ['shared/stations/repository.ts', "import { keys } from '../table/design';\n// keys.facility(x) in a comment is no use\nexport const get = () => keys.station('s');"],
    ['shared/stations/seed.ts', "import { facilityModel } from '../facilities/model';\nexport const seed = facilityModel;"],
    ['shared/facilities/model.ts', 'export const facilityModel = 1;'],
    [
      'shared/facilities/repository.ts',
      "import type { Station } from '../stations/model';\nimport { keys as k, stationKeys } from '../table/design';\nexport const get = (id: string) => [k.station(id), k.facility(id), stationKeys];",
    ],
    ['shared/stations/model.ts', 'export type Station = {};'],
    ['shared/geo/geo.ts', "import type { Polygon } from '#shared/organisation/model';\nexport const g = 1;"],
    ['shared/organisation/model.ts', 'export type Polygon = {};'],
    ['shared/logger.ts', "import { seedDemo } from '../infra/local/seeds/demo';\nexport const logger = seedDemo;"],
    ['infra/local/seeds/demo.ts', 'export const seedDemo = 1;'],
    ['functions/http/stations.ts', "import { keys } from '../../shared/table/design';\nimport { lambdaFunctions } from '../../infra/functions';\nexport const h = [keys.station('s'), lambdaFunctions];"],
    ['infra/functions.ts', 'export const lambdaFunctions = 1;'],
    ['shared/helpers.ts', 'export const h = 1;'],
  ]);

  it('finds each planted violation, naming the file, the import and the rule', () => {
    // Prepare
    const house = planted;

    // Act
    const found = checkArchitecture(house, ownership).map((violation) => `${violation.rule} | ${violation.message.split('\n')[0]}`);

    // Assess
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^kernel imports only the kernel \| shared\/http\/function\.ts:1 imports '\.\.\/shifts\/routes' .*feature shifts/),
        expect.stringMatching(/^kernel imports only the kernel \| shared\/events\/consumer\.ts:1 imports '\.\.\/\.\.\/events\/catalogue' .*catalogue/),
        expect.stringMatching(/^kernel imports only the kernel \| shared\/geo\/geo\.ts:1 imports '#shared\/organisation\/model' .*feature organisation/),
        expect.stringMatching(/^kernel imports only the kernel \| shared\/logger\.ts:1 .*infra/),
        expect.stringMatching(/^no import of infra or functions \| shared\/logger\.ts:1 imports '\.\.\/infra\/local\/seeds\/demo'/),
        expect.stringMatching(/^no import of infra or functions \| functions\/http\/stations\.ts:2 imports '\.\.\/\.\.\/infra\/functions'/),
        expect.stringMatching(/^a feature uses only its own keys \| shared\/facilities\/repository\.ts:3 uses keys\.station, a key of stations/),
        expect.stringMatching(/^a feature uses only its own keys \| shared\/facilities\/repository\.ts:2 imports stationKeys, a key of stations/),
        expect.stringMatching(/^a feature uses only its own keys \| functions\/http\/stations\.ts:3 uses keys\.station/),
        expect.stringMatching(/^no cycle between features \| features facilities → stations → facilities/),
        expect.stringMatching(/^every file has a place \| shared\/helpers\.ts/),
      ]),
    );
  });

  it('lets through what the rules allow', () => {
    // Prepare: own keys, kernel keys in the kernel, a one-way edge between features, comments.
    const house = planted;

    // Act
    const found = checkArchitecture(house, ownership).map((violation) => violation.message);

    // Assess
    expect(found.filter((message) => message.includes('shared/stations/repository.ts'))).toEqual([]);
    expect(found.filter((message) => message.includes('shared/table/query.ts'))).toEqual([]);
    expect(found.filter((message) => message.includes('keys.facility'))).toEqual([]);
    expect(found.filter((message) => message.startsWith('events/catalogue.ts'))).toEqual([]);
  });

  it('finds no cycle where the edges go one way', () => {
    // Prepare
    const oneWay = new Map([...planted].filter(([path]) => path !== 'shared/stations/seed.ts'));

    // Act
    const found = checkArchitecture(oneWay, ownership).filter((violation) => violation.rule === 'no cycle between features');

    // Assess
    expect(found).toEqual([]);
  });
});

describe('the event catalogue and the consumers', () => {
  it('subscribes each consumer to exactly the events it has a reaction for', async () => {
    // Prepare
    const consumers = await Promise.all(
      subscriptions.map(async (subscription) => ({
        subscription,
        handler: ((await import(`../../functions/consumers/${subscription.consumer}.ts`)) as { handler: { consumer: string; detailTypes: readonly string[] } }).handler,
      })),
    );

    // Act
    const mismatches = consumers.map(({ subscription, handler }) => consumerMismatch(subscription, handler)).filter(Boolean);

    // Assess
    expect(mismatches).toEqual([]);
  });

  it('has a subscription for every consumer file, so none is left undeployed', () => {
    // Prepare
    const files = readdirSync(join(root, 'functions/consumers')).filter((name) => name.endsWith('.ts'));

    // Act
    const unsubscribed = files.filter((name) => !subscriptions.some((subscription) => `${subscription.consumer}.ts` === name));

    // Assess
    expect(unsubscribed).toEqual([]);
  });
});
