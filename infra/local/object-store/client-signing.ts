import { currentFunction } from '../function-scope';
import type { Credentials } from './access';

/**
 * Has an S3 client of the runtime's own process sign each call, and each URL it presigns, with the
 * credentials of the function whose code is running (infra/local/function-scope.ts), as each function
 * signs with its role's in AWS, and with `developer`'s outside any function. Functions loaded in the
 * runtime's process share one client and one `process.env`; without this they would all sign as the
 * developer, and the store could not hold them to their grants. Functions run from their bundles
 * sign with their own environment's key already.
 */
export function signAsRunningFunction(client: { config: object }, developer: Credentials): void {
  const credentials = Object.assign(
    async () => {
      const environment = currentFunction()?.environment;
      const accessKeyId = environment?.AWS_ACCESS_KEY_ID;
      return accessKeyId ? { accessKeyId, secretAccessKey: environment?.AWS_SECRET_ACCESS_KEY ?? developer.secretAccessKey } : developer;
    },
    // The SDK would otherwise memoize the first answer for good (credentials without an expiry):
    // marked as memoized already, the provider is asked again on every call and every presign.
    { memoized: true },
  );
  // The client's signer and the presigner read `config.credentials` (a setter the SDK defines) afresh each time.
  (client.config as { credentials: unknown }).credentials = credentials;
}
