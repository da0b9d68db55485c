import { DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/engine';
import { runAsFunction } from '../../../infra/local/function-scope';
import { tableGuard } from '../../../infra/local/table-guard';
import { keys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';

const { tableName } = useEngine();

/** A DynamoDB client on the test engine with the guard installed, as the local runtime makes them. */
function guardedClient() {
  const guard = tableGuard(tableName);
  const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT!, region: LOCAL_REGION, credentials: localCredentials });
  guard.install(client);
  return { guard, client, documents: DynamoDBDocumentClient.from(client) };
}

describe('the local runtime holding DynamoDB calls to the declared table access', () => {
  it("lets the authorizer read a user's item, through the raw and the document client", async () => {
    // Prepare
    const { guard, client, documents } = guardedClient();
    const { pk, sk } = keys.user('u1');
    // Act
    const raw = runAsFunction('authorizer', () => client.send(new GetItemCommand({ TableName: tableName(), Key: { pk: { S: pk }, sk: { S: sk } } })));
    const document = runAsFunction('authorizer', () => documents.send(new GetCommand({ TableName: tableName(), Key: keys.user('u1') })));
    // Assess
    await expect(raw).resolves.toBeDefined();
    await expect(document).resolves.toBeDefined();
    expect(guard.denials).toEqual([]);
  });

  it('refuses the authorizer a Scan and a WeChat link item with AccessDeniedException, and keeps the refusals', async () => {
    // Prepare
    const { guard, client, documents } = guardedClient();
    // Act
    const scan = runAsFunction('authorizer', () => client.send(new ScanCommand({ TableName: tableName() })));
    const link = runAsFunction('authorizer', () => documents.send(new GetCommand({ TableName: tableName(), Key: keys.wechatLink('openid') })));
    // Assess
    await expect(scan).rejects.toMatchObject({ name: 'AccessDeniedException', $fault: 'client' });
    await expect(link).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('WECHAT#openid') });
    expect(guard.denials).toEqual([
      expect.stringMatching(/^authorizer: dynamodb:Scan/),
      expect.stringMatching(/^authorizer: dynamodb:GetItem .*WECHAT#openid/),
    ]);
  });

  it('leaves calls made outside any function unchecked (seeding, test set-up)', async () => {
    // Prepare
    const { guard, client } = guardedClient();
    // Act
    const scan = client.send(new ScanCommand({ TableName: tableName() }));
    // Assess
    await expect(scan).resolves.toBeDefined();
    expect(guard.denials).toEqual([]);
  });
});
