/**
 * What the bundles' Powertools stand-ins (./powertools-logger, ./powertools-metrics,
 * ./powertools-idempotency) share in place of Powertools commons: its reading of a boolean
 * variable, and how a stand-in refuses what it leaves out.
 */

const TRUTHY = /^(1|y|yes|t|true|on)$/;
const FALSY = /^(0|n|no|f|false|off)$/;

/**
 * A boolean variable as Powertools commons reads it with `extendedParsing` (`POWERTOOLS_DEV`,
 * `POWERTOOLS_METRICS_DISABLED`): undefined when unset, false when it says nothing it knows.
 */
export function flagFromEnv(name: string): boolean | undefined {
  const raw = process.env[name]?.trim();
  return raw === undefined ? undefined : TRUTHY.test(raw.toLowerCase());
}

/**
 * A boolean variable as commons' `getBooleanFromEnv` reads it where a value it cannot read is an
 * error (`POWERTOOLS_IDEMPOTENCY_DISABLED`): false when unset, and a throw, the empty string
 * included, rather than a default.
 */
export function strictFlagFromEnv(name: string): boolean {
  const value = process.env[name]?.trim().toLowerCase() ?? 'false';
  if (TRUTHY.test(value)) return true;
  if (FALSY.test(value)) return false;
  throw new Error(`Environment variable ${name} must be a boolean`);
}

/**
 * How a stand-in refuses a feature of `packageName` it does not carry: loudly, rather than behaving
 * otherwise than the package would. `folder` is the stand-in's, for whoever reads the message.
 */
export const refusalOf =
  (packageName: string, folder: string) =>
  (what: string): never => {
    throw new Error(`${packageName}'s ${what} is not in the bundles (${folder}); drop the alias in infra/bundling.ts to use the package`);
  };
