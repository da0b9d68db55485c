import { afterAll, beforeAll } from 'vitest';
import { resetClients } from '../../shared/aws/clients';
import { type Engine, LOCAL_REGION, ensureTable, localCredentials, startEngine } from '../../infra/local/engine';

/**
 * Gives a test file its own in-memory engine on its own port, with the table created, and points
 * the process's AWS clients at it. Each file gets a fresh table name, so files never share state.
 */
export function useEngine(): { tableName: () => string } {
  let engine: Engine | undefined;
  let tableName = '';
  beforeAll(async () => {
    engine = await startEngine();
    tableName = `test-${process.env.VITEST_POOL_ID ?? '0'}-${Date.now()}`;
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: engine.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    });
    resetClients();
    await ensureTable(engine.endpoint, tableName);
  });
  afterAll(async () => {
    resetClients();
    await engine?.close();
  });
  return { tableName: () => tableName };
}
