import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { build } from 'esbuild';
import { SignJWT, UnsecuredJWT, importPKCS8 } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/authorizer';
import type { Identity } from '../../../shared/auth/identity';
import { generateLocalKeyPair, issueToken, resetTokenKeys } from '../../../shared/auth/tokens';

const identity: Identity = { userId: 'admin-a', role: 'admin', units: ['community-a'], stations: [] };

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
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('the authorizer', () => {
  it('authorizes a valid bearer token and passes the identity as JSON in the context', async () => {
    // Prepare
    const { token } = await issueToken(identity);

    // Act
    const result = await handler(authorizerEvent(`Bearer ${token}`));

    // Assess
    expect(result.isAuthorized).toBe(true);
    expect(JSON.parse(result.context.identity)).toEqual(identity);
  });

  it('reads the scheme case-insensitively and a header sent with capitals', async () => {
    // Prepare
    const { token } = await issueToken(identity);

    // Act
    const result = await handler(authorizerEvent(`bearer ${token}`, 'Authorization'));

    // Assess
    expect(result.isAuthorized).toBe(true);
  });

  it('falls back to the identity source when the header is absent', async () => {
    // Prepare
    const { token } = await issueToken(identity);
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
    const forged = await new SignJWT({ role: 'admin', units: ['city'], stations: [] })
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
    const { token, expiresIn } = await issueToken(identity);
    vi.setSystemTime(Date.now() + (expiresIn + 60) * 1000);

    // Act & Assess
    await expect(handler(authorizerEvent(`Bearer ${token}`))).rejects.toThrow(/^Unauthorized$/);
  });

  it('throws Unauthorized for an unsigned (alg none) token', async () => {
    // Prepare
    const token = new UnsecuredJWT({ role: 'admin', units: ['city'], stations: [] })
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
    // Prepare
    const kms = mockClient(KMSClient);
    kms.on(SignCommand).resolves({ Signature: new Uint8Array([0x30, 6, 2, 1, 1, 2, 1, 1]) });
    kms.on(GetPublicKeyCommand).rejects(new Error('KMS is down'));
    vi.stubEnv('TOKEN_KMS_KEY_ID', 'alias/tokens');
    vi.stubEnv('TOKEN_PRIVATE_KEY_PEM', '');
    vi.stubEnv('TOKEN_PUBLIC_KEY_PEM', '');
    resetTokenKeys();
    const { token } = await issueToken(identity);

    // Act
    const error = await handler(authorizerEvent(`Bearer ${token}`)).catch((e: unknown) => e);

    // Assess
    expect((error as Error).message).toBe('KMS is down');
    kms.restore();
  });

  it('bundles without DynamoDB, middy or classic zod', async () => {
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
    expect(inputs.filter((path) => /client-dynamodb|lib-dynamodb|@middy|zod\/v4\/classic/.test(path))).toEqual([]);
  }, 30_000);
});
