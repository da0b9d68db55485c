import { schedules, subscriptions } from '../events/catalogue';
import { allRoutes, routeCatalogue } from '../shared/routes';
import { TIME_ZONE } from '../shared/time/local';
import { keys } from '../shared/table/design';
import { departmentSecretAccessOf } from './department-secrets';
import { photoAccessOf } from './photo-access';
import { type TableAccess, anyPartition, partitionOf, tableAccessOf } from './table-access';

export type FunctionKind = 'http' | 'consumer' | 'schedule' | 'authorizer';

/**
 * What a function is given besides its code. Each binding is an IAM grant in AWS (made by the CDK
 * stack) and a few environment variables ({@link bindingVariables}); the local runtime gives a
 * function the local values of the same variables and nothing else, so a function that reads a
 * variable its bindings do not bring fails locally as it would deployed.
 */
export type Binding =
  /** The table: its declared access (infra/table-access.ts) and its name. */
  | 'table'
  /** PutEvents on the bus, and its name. */
  | 'bus'
  /** Where the service works (`-c serviceArea`): every function that reads a location. */
  | 'serviceArea'
  /** Signs access tokens with the KMS key (sign-in). */
  | 'issueTokens'
  /** Reads the token keys' public halves (the authorizer). */
  | 'verifyTokens'
  /** Calls WeChat as the mini-program: its AppID and the AppSecret in Secrets Manager. */
  | 'wechatApp'
  /** Knows which subscribe-message template each notice uses (`-c wechatSubscribeTemplates`). */
  | 'wechatTemplates'
  /** Posts to WeCom group robots (public HTTPS; nothing to grant in AWS). */
  | 'wecomRobots'
  /** The photos bucket: what the function may do with which prefix is in {@link PHOTO_ACCESS}. */
  | 'photos'
  /** Departments' signing secrets in Secrets Manager: what the function may do is in infra/department-secrets.ts. */
  | 'departmentSecrets'
  /** Knows the API's public base URL, for the callback URL a department is sent (shared/departments/outgoing.ts). */
  | 'apiBaseUrl';

/** One Lambda function: what CDK deploys, the local runtime loads and the benchmark measures. */
export interface LambdaFunction {
  name: string;
  kind: FunctionKind;
  /** Path from the repository root to the module that exports `handler`. */
  entry: string;
  /**
   * How long one invocation may run: the deployed function's timeout, and the remaining time the
   * local runtime's Lambda context counts down from (an idempotency record left "in progress" by a
   * run that died expires after it).
   */
  timeoutSeconds: number;
  /** What it is given, in AWS and locally alike; its environment follows from these alone. */
  bindings: readonly Binding[];
  /**
   * Concurrency set aside for this function alone (Lambda's reserved concurrency), which is also
   * the most it may use; none: it shares the account's unreserved pool.
   */
  reservedConcurrency?: number;
}

/**
 * Requests get 10 s: even after a cold start's initialisation (which Lambda bounds at 10 s of its
 * own) a function answers before the HTTP API's 29 s integration timeout (infra/http-api.ts), so
 * the gateway never abandons a function still at work. Sign-in waits at most 3 s for WeChat.
 * Consumers and schedules may make several outbound calls (WeCom, WeChat) with 5 s timeouts each.
 */
const TIMEOUT_SECONDS: Record<FunctionKind, number> = { http: 10, authorizer: 10, consumer: 60, schedule: 60 };

/** Powertools' idempotency records: updating them is bookkeeping, not a change that has events. */
const IDEMPOTENCY_PARTITION = partitionOf(keys.idempotencyRecord);

/**
 * Whether a function publishes events. They ride in the item a write changes (the outbox) and leave
 * it with an UpdateItem once published, so a function that may update none of its own items (only
 * idempotency records, or nothing at all) publishes nothing and gets no bus.
 */
const publishesEvents = (access: TableAccess): boolean =>
  access.items.some(
    (grant) =>
      grant.actions.includes('UpdateItem') &&
      (grant.partitions === anyPartition || grant.partitions.some((partition) => partition !== IDEMPOTENCY_PARTITION)),
  );

/** The function that signs people in: it issues tokens and exchanges WeChat login codes. */
export const signInFunction = routeCatalogue.signInWithWeChat.function;

/**
 * The bindings no catalogue implies: who signs and checks tokens, who talks to WeChat and WeCom,
 * who reads the subscribe-message templates (the notifications API lists them to people and accepts
 * subscriptions only for a notice that has one).
 */
const OUTSIDE_SERVICES: Readonly<Record<string, readonly Binding[]>> = {
  [signInFunction]: ['issueTokens', 'wechatApp'],
  authorizer: ['verifyTokens'],
  notifications: ['wechatApp', 'wechatTemplates', 'wecomRobots'],
  'push-dispatcher': ['wechatApp', 'wechatTemplates', 'wecomRobots'],
  [routeCatalogue.grantNotificationSubscriptions.function]: ['wechatTemplates'],
  'department-deliveries': ['apiBaseUrl'],
};

/**
 * Reserved concurrency, so that a flood of one route cannot starve the rest: each of these has
 * its own share, which no other function can take from it and it cannot exceed. Together they
 * leave the rest of the account's quota to every other function, which Lambda requires to be at
 * least 100 (the deployment guide asks for a quota of 250 or more).
 * - The authorizer stands in front of every route that is not public: if the unreserved pool is
 *   used up, residents must still be let in. The noon peak asks 15 verifications a second of it,
 *   7 ms each by the bench's model (`npm run bench peak`), one instance's work; 100 leaves room for
 *   a wave of cold starts, and caps what a flood of made-up tokens (each a cache miss) can take.
 * - Sign-in waits up to 3 s on WeChat: when WeChat is slow, its invocations pile up, and without a
 *   ceiling they would take the concurrency every other route needs. 50 serves its route throttle
 *   (50 a second, infra/route-throttles.ts) at WeChat's usual sub-second answers.
 */
const RESERVED_CONCURRENCY: Readonly<Record<string, number>> = { authorizer: 100, [signInFunction]: 50 };

/** A function's bindings: the table and bus from its declared table access, the rest by name. */
function bindingsOf(name: string, kind: FunctionKind): Binding[] {
  const access = tableAccessOf(name);
  const bindings: Binding[] = [];
  if (access) bindings.push('table');
  if (access && publishesEvents(access)) bindings.push('bus');
  // Locations clients send are checked against the service area; the authorizer reads none.
  if (kind !== 'authorizer') bindings.push('serviceArea');
  if (photoAccessOf(name)) bindings.push('photos');
  if (departmentSecretAccessOf(name)) bindings.push('departmentSecrets');
  return [...bindings, ...(OUTSIDE_SERVICES[name] ?? [])];
}

/**
 * Every function of the service, derived from the route and event catalogues by convention:
 * `functions/http/<function>.ts`, `functions/consumers/<consumer>.ts`, `functions/schedules/<name>.ts`
 * and `functions/authorizer.ts`. Nothing is listed twice.
 */
export function lambdaFunctions(): LambdaFunction[] {
  const httpNames = [...new Set(allRoutes().map(([, route]) => route.function))];
  const functions: Pick<LambdaFunction, 'name' | 'kind' | 'entry'>[] = [
    { name: 'authorizer', kind: 'authorizer', entry: 'functions/authorizer.ts' },
    ...httpNames.map((name) => ({ name, kind: 'http' as const, entry: `functions/http/${name}.ts` })),
    ...subscriptions.map(({ consumer }) => ({
      name: consumer,
      kind: 'consumer' as const,
      entry: `functions/consumers/${consumer}.ts`,
    })),
    ...schedules.map(({ name }) => ({ name, kind: 'schedule' as const, entry: `functions/schedules/${name}.ts` })),
  ];
  return functions.map((fn) => ({
    ...fn,
    timeoutSeconds: TIMEOUT_SECONDS[fn.kind],
    bindings: bindingsOf(fn.name, fn.kind),
    ...(RESERVED_CONCURRENCY[fn.name] === undefined ? {} : { reservedConcurrency: RESERVED_CONCURRENCY[fn.name] }),
  }));
}

/** Memory every function is deployed with, and its local Lambda context says it has. */
export const FUNCTION_MEMORY_MB = 512;

/**
 * Every deployed function's environment before any binding (infra/house-function.ts sets it; the
 * local runtime and the cold-start bench give it too). `TZ` puts the process in the service's zone:
 * shared/time/local.ts then reads local time from V8's `Date` instead of making an Intl formatter,
 * whose ICU set-up costs 12–20 ms on the first call of every function that touches local time.
 */
export const baseEnvironment = {
  NODE_OPTIONS: '--enable-source-maps',
  POWERTOOLS_SERVICE_NAME: 'grid-service',
  TZ: TIME_ZONE,
} as const;

/** The variables a binding brings: as deployed, and as the local runtime gives them. */
export interface BindingVariables {
  /** Set by the CDK grant (infra/grid-stack.ts); `optional` ones only when the context asks for them. */
  deployed: readonly string[];
  optional?: readonly string[];
  /**
   * Set by the local runtime: the same names where the value exists locally, and the local stand-ins
   * of what only exists in AWS (the engine's and the bus's endpoints, a key pair for KMS, the secret
   * itself for Secrets Manager, loopback fakes for WeChat and WeCom).
   */
  local: readonly string[];
}

/**
 * The environment each binding brings, declared once: the CDK stack's grants set exactly the
 * `deployed` names (test/infra/function-environment.test.ts reads the template to hold them to
 * it), and the local runtime gives each function the `local` names of its bindings and no others.
 */
export const bindingVariables: Readonly<Record<Binding, BindingVariables>> = {
  table: { deployed: ['TABLE_NAME'], local: ['TABLE_NAME', 'DYNAMODB_ENDPOINT'] },
  bus: { deployed: ['EVENT_BUS_NAME'], local: ['EVENT_BUS_NAME', 'EVENTBRIDGE_ENDPOINT'] },
  serviceArea: { deployed: ['SERVICE_AREA'], local: ['SERVICE_AREA'] },
  issueTokens: {
    deployed: ['TOKEN_KMS_KEY_ID', 'TOKEN_ISSUER', 'TOKEN_AUDIENCE'],
    local: ['TOKEN_PRIVATE_KEY_PEM', 'TOKEN_PUBLIC_KEY_PEM', 'TOKEN_ISSUER', 'TOKEN_AUDIENCE'],
  },
  verifyTokens: {
    deployed: ['TOKEN_KMS_KEY_ID', 'TOKEN_ISSUER', 'TOKEN_AUDIENCE'],
    // Only while a key rotation is under way (`-c tokenKeyGeneration` above 1).
    optional: ['TOKEN_PREVIOUS_KMS_KEY_ID'],
    local: ['TOKEN_PUBLIC_KEY_PEM', 'TOKEN_PREVIOUS_PUBLIC_KEY_PEM', 'TOKEN_ISSUER', 'TOKEN_AUDIENCE'],
  },
  wechatApp: { deployed: ['WECHAT_APP_ID', 'WECHAT_SECRET_NAME'], local: ['WECHAT_APP_ID', 'WECHAT_SECRET', 'WECHAT_BASE_URL'] },
  // Only when `-c wechatSubscribeTemplates` gives templates.
  wechatTemplates: { deployed: [], optional: ['WECHAT_SUBSCRIBE_TEMPLATES'], local: ['WECHAT_SUBSCRIBE_TEMPLATES'] },
  wecomRobots: { deployed: [], local: ['WECOM_BASE_URL'] },
  photos: { deployed: ['PHOTOS_BUCKET'], local: ['PHOTOS_BUCKET', 'S3_ENDPOINT'] },
  // Deployed, not set yet: the message then carries the callback path alone (see the README).
  apiBaseUrl: { deployed: [], optional: ['API_BASE_URL'], local: ['API_BASE_URL'] },
  departmentSecrets: { deployed: ['DEPARTMENT_SECRETS_PREFIX'], local: ['DEPARTMENT_SECRETS_PREFIX', 'SECRETS_MANAGER_ENDPOINT'] },
};

/** The variable names a function's deployed environment holds: always, and at most. */
export function deployedVariables(fn: Pick<LambdaFunction, 'bindings'>): { always: string[]; atMost: string[] } {
  const always = new Set<string>(Object.keys(baseEnvironment));
  const atMost = new Set<string>(always);
  for (const binding of fn.bindings) {
    const { deployed, optional = [] } = bindingVariables[binding];
    for (const name of deployed) always.add(name);
    for (const name of [...deployed, ...optional]) atMost.add(name);
  }
  return { always: [...always].sort(), atMost: [...atMost].sort() };
}

/** The variable names the local runtime gives a function from its own environment (infra/local/environment.ts adds Lambda's). */
export function localVariables(fn: Pick<LambdaFunction, 'bindings'>): string[] {
  return [...new Set(fn.bindings.flatMap((binding) => bindingVariables[binding].local))].sort();
}
