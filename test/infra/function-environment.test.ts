import { readFileSync } from 'node:fs';
import type { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGridApp } from '../../infra/grid-app';
import type { GridServiceStack } from '../../infra/grid-stack';
import { type Binding, baseEnvironment, bindingVariables, deployedVariables, lambdaFunctions, localVariables } from '../../infra/functions';
import { functionEnvironment } from '../../infra/local/environment';
import { TIME_ZONE } from '../../shared/time/local';

/** The context `cdk synth` runs with (feature flags), so the tests see the template that deploys. */
const cdkContext = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

/** The deployed environment of every function, by name. */
function environmentsOf(stack: GridServiceStack): Map<string, Record<string, unknown>> {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Properties: { Environment?: { Variables?: Record<string, unknown> } } }>;
  return new Map(
    lambdaFunctions().map(({ name }) => {
      const id = stack.resolve((stack.functionNamed(name).node.defaultChild as CfnResource).logicalId) as string;
      return [name, resources[id]!.Properties.Environment?.Variables ?? {}];
    }),
  );
}

/** What the runtime's own environment holds once started: every variable any binding may bring. */
const runtimeEnvironment: Record<string, string> = {
  ...Object.fromEntries(Object.values(bindingVariables).flatMap(({ local }) => local.map((name) => [name, `value of ${name}`]))),
  STAGE: 'local',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  AWS_REGION: 'cn-north-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  // Variables of the runtime's process that no function is given.
  HOME: '/home/someone',
  PATH: '/usr/bin',
  DATA_DIR: '.data',
};

/** Variables Lambda sets itself, and the local settings (infra/local/environment.ts). */
const LAMBDA_AND_LOCAL = [
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'STAGE',
  'POWERTOOLS_LOG_LEVEL',
];

/** Variables that exist only in AWS, with their local stand-ins: a key pair for KMS (its private half only where tokens are signed), the secret for Secrets Manager. */
const onlyInAws = (signs: boolean): Record<string, string[]> => ({
  TOKEN_KMS_KEY_ID: signs ? ['TOKEN_PRIVATE_KEY_PEM', 'TOKEN_PUBLIC_KEY_PEM'] : ['TOKEN_PUBLIC_KEY_PEM'],
  TOKEN_PREVIOUS_KMS_KEY_ID: ['TOKEN_PREVIOUS_PUBLIC_KEY_PEM'],
  WECHAT_SECRET_NAME: ['WECHAT_SECRET'],
});

let plain: Map<string, Record<string, unknown>>;
let everything: Map<string, Record<string, unknown>>;

beforeAll(() => {
  // Prepare: the app as `cdk synth` builds it (minus bundling), and once more with the context that
  // brings the optional variables: a key rotation under way, subscribe-message templates and the
  // API's public base URL (departments' callback URL).
  plain = environmentsOf(buildGridApp({ ...cdkContext(), 'aws:cdk:bundling-stacks': [] }).stack);
  everything = environmentsOf(
    buildGridApp({
      ...cdkContext(),
      'aws:cdk:bundling-stacks': [],
      tokenKeyGeneration: 2,
      wechatSubscribeTemplates: { 'request.accepted': { id: 'tmpl-accepted', fields: {} } },
      apiBaseUrl: 'https://api.grid.example',
    }).stack,
  );
});

describe("each function's environment", () => {
  it('holds, as deployed, exactly the variables its bindings declare', () => {
    for (const fn of lambdaFunctions()) {
      // Prepare
      const { always, atMost } = deployedVariables(fn);
      // Act
      const deployed = Object.keys(plain.get(fn.name)!).sort();
      const withContext = Object.keys(everything.get(fn.name)!).sort();
      // Assess
      expect(deployed, fn.name).toEqual(always);
      expect(withContext, fn.name).toEqual(atMost);
    }
  });

  it('holds, locally, the same variables with local values, and nothing another binding brings', () => {
    for (const fn of lambdaFunctions()) {
      // Prepare
      const { atMost } = deployedVariables(fn);
      const standIns = onlyInAws(fn.bindings.includes('issueTokens'));
      const expected = [
        ...atMost.flatMap((name) => standIns[name] ?? [name]),
        ...LAMBDA_AND_LOCAL,
        ...localVariables(fn),
      ];
      // Act
      const local = functionEnvironment(fn, runtimeEnvironment);
      // Assess
      expect(Object.keys(local).sort(), fn.name).toEqual([...new Set(expected)].sort());
      expect(local.AWS_LAMBDA_FUNCTION_NAME, fn.name).toBe(fn.name);
    }
  });

  it('takes local values from the runtime, the service-wide ones as deployed', () => {
    // Prepare
    const [fn] = lambdaFunctions().filter(({ bindings }) => bindings.includes('table'));
    // Act
    const local = functionEnvironment(fn!, runtimeEnvironment);
    // Assess
    expect(local).toMatchObject({ ...baseEnvironment, TABLE_NAME: 'value of TABLE_NAME', DYNAMODB_ENDPOINT: 'value of DYNAMODB_ENDPOINT' });
    expect(local).not.toHaveProperty('HOME');
    expect(local).not.toHaveProperty('DATA_DIR');
  });

  it('gives the subscribe-message templates to every function that reads them, the notifications API included', () => {
    // Prepare
    const readers = ['notifications', 'push-dispatcher', 'notifications-api'];
    // Act
    const given = lambdaFunctions()
      .filter(({ name }) => 'WECHAT_SUBSCRIBE_TEMPLATES' in everything.get(name)!)
      .map(({ name }) => name);
    // Assess
    expect(given.sort()).toEqual(readers.sort());
  });

  it('takes the templates as -c gives them (a string of JSON) just as cdk.json gives them (an object), and refuses ones the functions could not read', () => {
    // Prepare
    const templates = { 'request.accepted': { id: 'tmpl-accepted', fields: {} } };
    const build = (given: unknown) =>
      environmentsOf(buildGridApp({ ...cdkContext(), 'aws:cdk:bundling-stacks': [], wechatSubscribeTemplates: given }).stack);
    // Act
    const fromCommandLine = build(JSON.stringify(templates)).get('notifications')!.WECHAT_SUBSCRIBE_TEMPLATES;
    // Assess
    expect(fromCommandLine).toEqual(everything.get('notifications')!.WECHAT_SUBSCRIBE_TEMPLATES);
    expect(JSON.parse(fromCommandLine as string)).toEqual(templates);
    expect(() => build('{"request.accepted": 42}')).toThrow(/needs a template id/);
  });

  it("puts every function in the service's zone, deployed and locally (shared/time/local.ts then reads V8's Date, not Intl)", () => {
    for (const fn of lambdaFunctions()) {
      // Act
      const deployed = plain.get(fn.name)!.TZ;
      const local = functionEnvironment(fn, runtimeEnvironment).TZ;
      // Assess
      expect(deployed, fn.name).toBe(TIME_ZONE);
      expect(local, fn.name).toBe(TIME_ZONE);
    }
  });

  it('binds nothing no function uses', () => {
    // Prepare
    const declared = Object.keys(bindingVariables) as Binding[];
    // Act
    const used = new Set(lambdaFunctions().flatMap(({ bindings }) => bindings));
    // Assess
    expect(declared.filter((binding) => !used.has(binding))).toEqual([]);
  });
});
