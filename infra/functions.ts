import { schedules, subscriptions } from '../events/catalogue';
import { allRoutes } from '../shared/routes';

export type FunctionKind = 'http' | 'consumer' | 'schedule' | 'authorizer';

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
}

/**
 * Requests get 10 s; consumers and schedules may make several outbound calls (WeCom, WeChat) with
 * 5 s timeouts each.
 */
const TIMEOUT_SECONDS: Record<FunctionKind, number> = { http: 10, authorizer: 10, consumer: 60, schedule: 60 };

/**
 * Every function of the service, derived from the route and event catalogues by convention:
 * `functions/http/<function>.ts`, `functions/consumers/<consumer>.ts`, `functions/schedules/<name>.ts`
 * and `functions/authorizer.ts`. Nothing is listed twice.
 */
export function lambdaFunctions(): LambdaFunction[] {
  const httpNames = [...new Set(allRoutes().map(([, route]) => route.function))];
  const functions: Omit<LambdaFunction, 'timeoutSeconds'>[] = [
    { name: 'authorizer', kind: 'authorizer', entry: 'functions/authorizer.ts' },
    ...httpNames.map((name) => ({ name, kind: 'http' as const, entry: `functions/http/${name}.ts` })),
    ...subscriptions.map(({ consumer }) => ({
      name: consumer,
      kind: 'consumer' as const,
      entry: `functions/consumers/${consumer}.ts`,
    })),
    ...schedules.map(({ name }) => ({ name, kind: 'schedule' as const, entry: `functions/schedules/${name}.ts` })),
  ];
  return functions.map((fn) => ({ ...fn, timeoutSeconds: TIMEOUT_SECONDS[fn.kind] }));
}
