import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/engine';
import { accessKeyOf } from '../../../infra/local/environment';
import { startSecretsStore } from '../../../infra/local/secrets-store';

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
const folder = () => {
  const made = mkdtempSync(join(tmpdir(), 'grid-secrets-'));
  folders.push(made);
  return made;
};

/** The real SDK client, signing as `accessKeyId` (the runtime's own key by default). */
const clientOf = (endpoint: string, accessKeyId = localCredentials.accessKeyId) =>
  new SecretsManagerClient({ endpoint, region: LOCAL_REGION, credentials: { accessKeyId, secretAccessKey: 'local' }, maxAttempts: 1 });

const NAME = 'grid-service/departments/urban_management/signing-secret';

describe('the Secrets Manager stand-in', () => {
  it('creates, replaces, reads and describes a secret as the SDK expects, with Secrets Manager’s named errors', async () => {
    // Prepare
    const store = await startSecretsStore({ prefix: 'grid-service' });
    const client = clientOf(store.url);
    try {
      // Act
      const missing = await client.send(new GetSecretValueCommand({ SecretId: NAME })).catch((error: unknown) => error);
      const created = await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'first' }));
      const again = await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'other' })).catch((error: unknown) => error);
      await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'second' }));
      const read = await client.send(new GetSecretValueCommand({ SecretId: NAME }));
      const byArn = await client.send(new GetSecretValueCommand({ SecretId: created.ARN! }));
      const described = await client.send(new DescribeSecretCommand({ SecretId: NAME }));
      // Assess
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      expect(again).toBeInstanceOf(ResourceExistsException);
      expect(created.ARN).toMatch(/^arn:aws:secretsmanager:.*:secret:grid-service\/departments\/urban_management\/signing-secret-\w{6}$/);
      expect([read.SecretString, byArn.SecretString]).toEqual(['second', 'second']);
      expect(described.Name).toBe(NAME);
      expect(described.LastChangedDate).toBeInstanceOf(Date);
    } finally {
      await store.close();
    }
  });

  it('keeps secrets across a restart in a file only its owner can read', async () => {
    // Prepare
    const dataDir = folder();
    const first = await startSecretsStore({ dataDir, prefix: 'grid-service' });
    await clientOf(first.url).send(new CreateSecretCommand({ Name: NAME, SecretString: 'kept' }));
    await first.close();
    // Act
    const second = await startSecretsStore({ dataDir, prefix: 'grid-service' });
    const read = await clientOf(second.url).send(new GetSecretValueCommand({ SecretId: NAME }));
    await second.close();
    // Assess
    expect(read.SecretString).toBe('kept');
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('holds each function to its grants in infra/department-secrets.ts, as IAM would', async () => {
    // Prepare
    const store = await startSecretsStore({ prefix: 'grid-service' });
    await clientOf(store.url).send(new CreateSecretCommand({ Name: NAME, SecretString: 'x' }));
    await clientOf(store.url).send(new CreateSecretCommand({ Name: 'grid-service/wechat', SecretString: 'y' }));
    try {
      // Act
      const reader = clientOf(store.url, accessKeyOf('department-callbacks'));
      const read = await reader.send(new GetSecretValueCommand({ SecretId: NAME }));
      const write = await reader.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'forged' })).catch((error: Error) => error.name);
      const outside = await reader.send(new GetSecretValueCommand({ SecretId: 'grid-service/wechat' })).catch((error: Error) => error.name);
      const stranger = await clientOf(store.url, accessKeyOf('stations')).send(new GetSecretValueCommand({ SecretId: NAME })).catch((error: Error) => error.name);
      // Assess
      expect(read.SecretString).toBe('x');
      expect([write, outside, stranger]).toEqual(['AccessDeniedException', 'AccessDeniedException', 'AccessDeniedException']);
      expect(store.denials()).toHaveLength(3);
    } finally {
      await store.close();
    }
  });
});
