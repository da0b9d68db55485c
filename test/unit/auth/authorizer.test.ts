import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { build } from 'esbuild';
import { SignJWT, UnsecuredJWT, importPKCS8 } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/authorizer';
import type { Identity } from '../../../shared/auth/identity';
import { generateLocalKeyPair, issueToken, resetTokenKeys } from '../../../shared/auth/tokens';
import { resetClients } from '../../../shared/aws/clients';

const identity: Identity = { userId: 'admin-a', role: 'admin', units: ['community-a'] };
/** Whom the tokens of these tests are issued to. */
const subject = { userId: identity.userId, tokenVersion: 0 };

/** The user's item as the table holds it: where the authorizer reads the role and scope from. */
const dynamodb = mockClient(DynamoDBClient);
function userItem(fields: { role?: string; units?: string[]; tokenVersion?: number; deactivatedAt?: string } = {}) {
  const { role = identity.role, units = identity.units, tokenVersion = 0, deactivatedAt } = fields;
  dynamodb.on(GetItemCommand).resolves({
    Item: {
      role: { S: role },
      units: { L: units.map((unit) => ({ S: unit })) },
      tokenVersion: { N: String(tokenVersion) },
      ...(deactivatedAt ? { deactivatedAt: { S: deactivatedAt } } : {}),
    },
  });
}

type KeyPair = Awaited<ReturnType<typeof generateLocalKeyPair>>;
let keys: KeyPair;
let otherKeys: KeyPair;

/** A payload 2.0 REQUEST authorizer event with the Authorization header as the identity source. */
const authorizerEvent = (authorization?: string, headerName = 'authorization'): APIGatewayRequestAuthorizerEventV2 => ({
  version: '2.0',
  type: 'REQUEST',
  routeArn: 'arn:aws-cn:execute-api:cn-north-1:123456789012:api/$default/GET/me',
  identitySource: authorization ? [authorization] : [],
  routeKey: 'GET /me',
  rawPath: '/me',
  rawQueryString: '',
  cookies: [],
  headers: authorization ? { [headerName]: authorization } : {},
  requestContext: {
    accountId: '123456789012',
    apiId: 'api',
    domainName: 'api.example',
    domainPrefix: 'api',
    http: { method: 'GET', path: '/me', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
    requestId: 'request-1',
    routeKey: 'GET /me',
    stage: '$default',
    time: '01/Jan/2026:00:00:00 +0000',
    timeEpoch: 0,
  },
});

beforeAll(async () => {
  keys = await generateLocalKeyPair();
  otherKeys = await generateLocalKeyPair();
});

beforeEach(() => {
  vi.stubEnv('TOKEN_PRIVATE_KEY_PEM', keys.privateKeyPem);
  vi.stubEnv('TOKEN_PUBLIC_KEY_PEM', keys.publicKeyPem);
  vi.stubEnv('TOKEN_KMS_KEY_ID', '');
  resetTokenKeys();
  resetClients();
  dynamodb.reset();
  userItem();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('the authorizer', () => {
  it('authorizes a valid bearer token and passes the identity as JSON in the context', async () => {
    // Prepare
    const { token } = await issueToken(subject);

    // Act
    const result = await handler(authorizerEvent(`Bearer ${token}`));

    // Assess
    expect(result.isAuthorized).toBe(true);
    expect(JSON.parse(result.context.identity)).toEqual(identity);
  });

  it('reads the scheme case-insensitively and a header sent with capitals', async () => {
    // Prepare
    const { token } = await issueToken(subject);

    // Act
    const result = await handler(authorizerEvent(`bearer ${token}`, 'Authorization'));

    // Assess
    expect(result.isAuthorized).toBe(true);
  });

  it('falls back to the identity source when the header is absent', async () => {
    // Prepare
    const { token } = await issueToken(subject);
    const event = { ...authorizerEvent(`Bearer ${token}`), headers: {} };

    // Act
    const result = await handler(event);

    // Assess
    expect(JSON.parse(result.context.identity)).toEqual(identity);
  });

  it('throws Unauthorized without an Authorization header', async () => {
    // Act & Assess
    await expect(handler(authorizerEvent())).rejects.toThrow(/^Unauthorized$/);
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer '], ['token-without-scheme']])(
    'throws Unauthorized for the header %j',
    async (header) => {
      // Act & Assess
      await expect(handler(authorizerEvent(header))).rejects.toThrow(/^Unauthorized$/);
    },
  );

  it('throws Unauthorized for a garbage token', async () => {
    // Act & Assess
    await expect(handler(authorizerEvent('Bearer not.a.token'))).rejects.toThrow(/^Unauthorized$/);
  });

  it('throws Unauthorized for a token signed with another key', async () => {
    // Prepare
    const forged = await new SignJWT({ ver: 0 })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setSubject('intruder')
      .setIssuer('grid-service')
      .setAudience('grid-service-api')
      .setIssuedAt()
      .setExpirationTime('1h')
      .setJti('j')
      .sign(await importPKCS8(otherKeys.privateKeyPem, 'ES256'));

    // Act & Assess
    await expect(handler(authorizerEvent(`Bearer ${forged}`))).rejects.toThrow(/^Unauthorized$/);
  });

  it('throws Unauthorized for an expired token', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    const { token, expiresIn } = await issueToken(subject);
    vi.setSystemTime(Date.now() + (expiresIn + 60) * 1000);

    // Act & Assess
    await expect(handler(authorizerEvent(`Bearer ${token}`))).rejects.toThrow(/^Unauthorized$/);
  });

  it('throws Unauthorized for an unsigned (alg none) token', async () => {
    // Prepare
    const token = new UnsecuredJWT({ ver: 0 })
      .setSubject('intruder')
      .setIssuer('grid-service')
      .setAudience('grid-service-api')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();

    // Act & Assess
    await expect(handler(authorizerEvent(`Bearer ${token}`))).rejects.toThrow(/^Unauthorized$/);
  });

  it('fails as a fault, not Unauthorized, when the verification key cannot be loaded', async () => {
    // Prepare: a token issued before, then a verifier whose key lives in a KMS that is down.
    const { token } = await issueToken(subject);
    const kms = mockClient(KMSClient);
    kms.on(GetPublicKeyCommand).rejects(new Error('KMS is down'));
    vi.stubEnv('TOKEN_KMS_KEY_ID', 'alias/tokens');
    vi.stubEnv('TOKEN_PRIVATE_KEY_PEM', '');
    vi.stubEnv('TOKEN_PUBLIC_KEY_PEM', '');
    resetTokenKeys();

    // Act
    const error = await handler(authorizerEvent(`Bearer ${token}`)).catch((e: unknown) => e);

    // Assess
    expect((error as Error).message).toBe('KMS is down');
    kms.restore();
  });

  it('takes the role and scope from the user item, not from the token', async () => {
    // Prepare: the admin was made a grid worker after the token was issued.
    const { token } = await issueToken(subject);
    userItem({ role: 'grid_worker', units: ['grid-a1'] });

    // Act
    const result = await handler(authorizerEvent(`Bearer ${token}`));

    // Assess
    expect(JSON.parse(result.context.identity)).toEqual({ userId: 'admin-a', role: 'grid_worker', units: ['grid-a1'] });
    expect(dynamodb.commandCalls(GetItemCommand)[0]!.args[0].input).toMatchObject({ ConsistentRead: true, Key: { pk: { S: 'USER#admin-a' }, sk: { S: 'PROFILE' } } });
  });

  it('throws Unauthorized for the token of a deactivated user', async () => {
    // Prepare
    const { token } = await issueToken(subject);
    userItem({ deactivatedAt: '2026-12-01T00:00:00.000Z' });

    // Act & Assess
    await expect(handler(authorizerEvent(`Bearer ${token}`))).rejects.toThrow(/^Unauthorized$/);
  });

  it('throws Unauthorized for a token issued before the user signed out everywhere', async () => {
    // Prepare
    const { token } = await issueToken(subject);
    userItem({ tokenVersion: 1 });

    // Act & Assess
    await expect(handler(authorizerEvent(`Bearer ${token}`))).rejects.toThrow(/^Unauthorized$/);
  });

  it('throws Unauthorized for the token of a user who no longer exists', async () => {
    // Prepare
    const { token } = await issueToken(subject);
    dynamodb.on(GetItemCommand).resolves({});

    // Act & Assess
    await expect(handler(authorizerEvent(`Bearer ${token}`))).rejects.toThrow(/^Unauthorized$/);
  });

  it('bundles without the document client, the event bus client, middy or classic zod', async () => {
    // Act
    const result = await build({
      entryPoints: ['functions/authorizer.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });

    // Assess
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => /lib-dynamodb|client-eventbridge|@middy|zod\/v4\/classic/.test(path))).toEqual([]);
  }, 30_000);
});
