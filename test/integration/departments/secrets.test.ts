import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/engine';
import { type SecretsStore, startSecretsStore } from '../../../infra/local/secrets-store';
import { fresherSigningSecret, resetSigningSecrets, rotateSigningSecret, signingSecretIfAny, signingSecretName, signingSecretOf } from '../../../shared/departments/secrets';

/**
 * Departments' signing secrets through the real SDK client against the Secrets Manager stand-in:
 * made by rotation, read through a cache of at most 5 minutes, a miss kept 30 s only. The clock is
 * passed in (`now`), never waited for.
 */
let store: SecretsStore;
let client: SecretsManagerClient;
const saved = { ...process.env };

beforeAll(async () => {
  store = await startSecretsStore({ prefix: 'grid-service' });
  Object.assign(process.env, {
    SECRETS_MANAGER_ENDPOINT: store.url,
    DEPARTMENT_SECRETS_PREFIX: 'grid-service',
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
  });
  resetSigningSecrets();
  client = new SecretsManagerClient({ endpoint: store.url, region: LOCAL_REGION, credentials: localCredentials });
});

afterAll(async () => {
  resetSigningSecrets();
  await store.close();
  process.env = saved;
});

describe("a department's signing secret", () => {
  it('is made by rotation, a new one each time, and read back by the name the grants cover', async () => {
    // Act
    const first = await rotateSigningSecret('justice');
    const second = await rotateSigningSecret('justice');
    resetSigningSecrets();
    const read = await signingSecretOf('justice');
    // Assess
    expect(signingSecretName('justice')).toBe('grid-service/departments/justice/signing-secret');
    expect(first).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    expect(read).toBe(second);
  });

  it('keeps a miss 30 s and a secret 5 minutes, and reads afresh for a mismatch only past 30 s', async () => {
    // Prepare
    const t0 = Date.parse('2026-07-15T02:00:00Z');
    const name = signingSecretName('police');
    // Act
    const none = await signingSecretIfAny('police', t0);
    await client.send(new CreateSecretCommand({ Name: name, SecretString: 'first' }));
    const stillNone = await signingSecretIfAny('police', t0 + 10_000);
    const found = await signingSecretIfAny('police', t0 + 31_000);
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'second' }));
    const cached = await signingSecretIfAny('police', t0 + 31_000 + 4 * 60_000);
    const tooSoon = await fresherSigningSecret('police', t0 + 40_000);
    const fresher = await fresherSigningSecret('police', t0 + 62_000);
    // Assess
    expect([none, stillNone, found, cached]).toEqual([undefined, undefined, 'first', 'first']);
    expect([tooSoon, fresher]).toEqual([undefined, 'second']);
  });

  it('throws for a department without one, which signingSecretIfAny answers undefined', async () => {
    // Act
    const missing = await signingSecretOf('market_regulation').catch((error: Error) => error.message);
    // Assess
    expect(missing).toMatch(/has no signing secret/);
  });
});
