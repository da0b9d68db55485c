import { FUNCTION_MEMORY_MB, type LambdaFunction, baseEnvironment, localVariables } from '../functions';

/**
 * Settings of the local machine a function is also given: `STAGE=local` (the developer login, which
 * no deployed function can have), the log level (Lambda's log-level setting), whether metrics are
 * printed (the tests turn them off), and the SDK's notice about this machine's Node version turned off.
 */
const LOCAL_SETTINGS = [
  'STAGE',
  'POWERTOOLS_LOG_LEVEL',
  'POWERTOOLS_METRICS_DISABLED',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
] as const;

/**
 * The access key id a function signs its AWS calls with locally: in AWS the function's role's
 * credentials say who calls, and so does this (the engine's access guard reads it in bundle mode).
 */
export const accessKeyOf = (functionName: string): string => `local-${functionName}`;

/** The function an access key id from {@link accessKeyOf} names, if it is one. */
export const functionOfAccessKey = (accessKeyId: string): string | undefined =>
  accessKeyId.startsWith('local-') ? accessKeyId.slice('local-'.length) : undefined;

/**
 * The environment a function runs with locally: what every deployed function holds
 * (`baseEnvironment`), what Lambda itself sets (function name, memory, region, the role's
 * credentials), the local values of its bindings' variables (infra/functions.ts) taken from the
 * runtime's own environment `from`, and the local settings. Nothing else: a variable none of its
 * bindings brings is as absent as in AWS.
 */
export function functionEnvironment(fn: Pick<LambdaFunction, 'name' | 'bindings'>, from: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const environment: Record<string, string> = {
    ...baseEnvironment,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(FUNCTION_MEMORY_MB),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_ACCESS_KEY_ID: accessKeyOf(fn.name),
    AWS_SECRET_ACCESS_KEY: from.AWS_SECRET_ACCESS_KEY ?? 'local',
  };
  if (from.AWS_REGION) environment.AWS_REGION = environment.AWS_DEFAULT_REGION = from.AWS_REGION;
  for (const name of [...LOCAL_SETTINGS, ...localVariables(fn)]) {
    const value = from[name];
    if (value !== undefined && value !== '') environment[name] = value;
  }
  return environment;
}
