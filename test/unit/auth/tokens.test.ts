import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { SignJWT, UnsecuredJWT, base64url, decodeJwt, decodeProtectedHeader, importPKCS8, importSPKI, jwtVerify } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import {
  InvalidTokenError,
  generateLocalKeyPair,
  issueToken,
  resetTokenKeys,
  verifyToken,
} from '../../../shared/auth/tokens';

const identity: Identity = { userId: 'user-1', role: 'grid_worker', units: ['grid-a1'], stations: [] };

type KeyPair = Awaited<ReturnType<typeof generateLocalKeyPair>>;

/** Points the token code at a local key pair and nothing else. */
function useLocalKeys(keys: KeyPair, env: Record<string, string> = {}) {
  vi.stubEnv('TOKEN_PRIVATE_KEY_PEM', keys.privateKeyPem);
  vi.stubEnv('TOKEN_PUBLIC_KEY_PEM', keys.publicKeyPem);
  vi.stubEnv('TOKEN_KMS_KEY_ID', '');
  vi.stubEnv('TOKEN_ISSUER', '');
  vi.stubEnv('TOKEN_AUDIENCE', '');
  vi.stubEnv('TOKEN_TTL_SECONDS', '');
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  resetTokenKeys();
}

/** Claims a well-formed token for `identity` would carry, for hand-made tokens. */
const claimsOf = (overrides: Record<string, unknown> = {}) => ({
  sub: identity.userId,
  role: identity.role,
  units: identity.units,
  stations: identity.stations,
  iss: 'grid-service',
  aud: 'grid-service-api',
  iat: Math.floor(Date.now() / 1000),
  exp: Math.floor(Date.now() / 1000) + 600,
  jti: 'jti-1',
  ...overrides,
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  resetTokenKeys();
});

describe('tokens signed with a local key', () => {
  let keys: KeyPair;
  let otherKeys: KeyPair;

  beforeAll(async () => {
    keys = await generateLocalKeyPair();
    otherKeys = await generateLocalKeyPair();
  });

  beforeEach(() => useLocalKeys(keys));

  it('verifies a token it issued back to the same identity', async () => {
    // Prepare
    const { token } = await issueToken(identity);

    // Act
    const verified = await verifyToken(token);

    // Assess
    expect(verified).toEqual(identity);
  });

  it('issues ES256 tokens with the registered claims and the configured lifetime', async () => {
    // Prepare
    vi.stubEnv('TOKEN_TTL_SECONDS', '900');

    // Act
    const first = await issueToken(identity);
    const second = await issueToken(identity);

    // Assess
    expect(first.expiresIn).toBe(900);
    expect(decodeProtectedHeader(first.token)).toEqual({ alg: 'ES256', typ: 'JWT' });
    const claims = decodeJwt(first.token);
    expect(claims).toMatchObject({
      sub: 'user-1',
      role: 'grid_worker',
      units: ['grid-a1'],
      stations: [],
      iss: 'grid-service',
      aud: 'grid-service-api',
    });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(decodeJwt(second.token).jti).not.toBe(claims.jti);
  });

  it('verifies with the public key derived from the private key when none is configured', async () => {
    // Prepare
    vi.stubEnv('TOKEN_PUBLIC_KEY_PEM', '');
    const { token } = await issueToken(identity);

    // Act
    const verified = await verifyToken(token);

    // Assess
    expect(verified).toEqual(identity);
  });

  it('generates PEM key pairs that jose imports as ES256 keys', async () => {
    // Act
    const pair = await generateLocalKeyPair();

    // Assess
    expect(pair.privateKeyPem).toContain('-----BEGIN PRIVATE KEY-----');
    expect(pair.publicKeyPem).toContain('-----BEGIN PUBLIC KEY-----');
    await expect(importPKCS8(pair.privateKeyPem, 'ES256')).resolves.toBeDefined();
    await expect(importSPKI(pair.publicKeyPem, 'ES256')).resolves.toBeDefined();
  });

  it('refuses an expired token', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    const { token, expiresIn } = await issueToken(identity);
    vi.setSystemTime(Date.now() + (expiresIn + 60) * 1000);

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
    await expect(verifyToken(token)).rejects.toThrow('ERR_JWT_EXPIRED');
  });

  it('still accepts a token a few seconds before it expires', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    const { token, expiresIn } = await issueToken(identity);
    vi.setSystemTime(Date.now() + (expiresIn - 5) * 1000);

    // Act
    const verified = await verifyToken(token);

    // Assess
    expect(verified.userId).toBe('user-1');
  });

  it('refuses a token for another audience', async () => {
    // Prepare
    vi.stubEnv('TOKEN_AUDIENCE', 'another-api');
    const { token } = await issueToken(identity);
    vi.stubEnv('TOKEN_AUDIENCE', '');

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a token from another issuer', async () => {
    // Prepare
    vi.stubEnv('TOKEN_ISSUER', 'someone-else');
    const { token } = await issueToken(identity);
    vi.stubEnv('TOKEN_ISSUER', '');

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a token signed with another key', async () => {
    // Prepare
    useLocalKeys(otherKeys);
    const { token } = await issueToken({ ...identity, role: 'admin', units: ['city'] });
    useLocalKeys(keys);

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    // Prepare
    const { token } = await issueToken(identity);
    const [header, , signature] = token.split('.');
    const forgedPayload = base64url.encode(JSON.stringify(claimsOf({ role: 'admin', units: ['city'] })));

    // Act & Assess
    await expect(verifyToken(`${header}.${forgedPayload}.${signature}`)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses an unsigned token (alg none)', async () => {
    // Prepare
    const token = new UnsecuredJWT(claimsOf({ role: 'admin', units: ['city'] })).encode();

    // Act & Assess
    expect(decodeProtectedHeader(token).alg).toBe('none');
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses an HS256 token signed with the public key PEM as its secret', async () => {
    // Prepare: the classic algorithm-confusion attack, for a verifier that trusts the header's alg.
    const token = await new SignJWT(claimsOf({ role: 'admin', units: ['city'] }))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(keys.publicKeyPem));

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a properly signed token whose claims do not describe an identity', async () => {
    // Prepare
    const privateKey = await importPKCS8(keys.privateKeyPem, 'ES256');
    const token = await new SignJWT(claimsOf({ role: 'mayor' }))
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .sign(privateKey);

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a properly signed token without an expiry', async () => {
    // Prepare
    const privateKey = await importPKCS8(keys.privateKeyPem, 'ES256');
    const { exp: _, ...claims } = claimsOf();
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'JWT' }).sign(privateKey);

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it.each([['garbage'], [''], ['a.b.c'], ['eyJhbGciOiJFUzI1NiJ9.e30.'], ['Bearer x.y.z']])(
    'refuses the garbage token %j',
    async (token) => {
      // Act & Assess
      await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
    },
  );

  it('cannot issue a token without a signing key', async () => {
    // Prepare
    vi.stubEnv('TOKEN_PRIVATE_KEY_PEM', '');

    // Act & Assess
    await expect(issueToken(identity)).rejects.toThrow(/no token signing key/);
  });
});

describe('tokens signed by KMS', () => {
  const kms = mockClient(KMSClient);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keyId = 'arn:aws-cn:kms:cn-north-1:123456789012:key/tokens';

  beforeEach(() => {
    kms.reset();
    vi.stubEnv('TOKEN_KMS_KEY_ID', keyId);
    vi.stubEnv('TOKEN_PRIVATE_KEY_PEM', '');
    vi.stubEnv('TOKEN_PUBLIC_KEY_PEM', '');
    resetTokenKeys();
    // KMS signs a RAW message like node:crypto does: SHA-256, then ECDSA, answered in DER.
    kms.on(SignCommand).callsFake((input) => ({
      KeyId: keyId,
      SigningAlgorithm: 'ECDSA_SHA_256',
      Signature: sign('sha256', input.Message as Uint8Array, { key: privateKey, dsaEncoding: 'der' }),
    }));
    kms.on(GetPublicKeyCommand).resolves({
      KeyId: keyId,
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      PublicKey: publicKey.export({ type: 'spki', format: 'der' }),
    });
  });

  it('issues a token whose signature verifies with the matching public key', async () => {
    // Prepare
    const { token } = await issueToken(identity);

    // Act
    const { payload, protectedHeader } = await jwtVerify(token, await importSPKI(publicKeyPem, 'ES256'), {
      algorithms: ['ES256'],
    });

    // Assess
    expect(protectedHeader).toEqual({ alg: 'ES256', typ: 'JWT' });
    expect(payload.sub).toBe('user-1');
    expect(base64url.decode(token.split('.')[2]!)).toHaveLength(64);
  });

  it('asks KMS to sign the raw JWS signing input with ECDSA_SHA_256', async () => {
    // Act
    const { token } = await issueToken(identity);

    // Assess
    const [call] = kms.commandCalls(SignCommand);
    const signingInput = token.split('.').slice(0, 2).join('.');
    expect(call!.args[0].input).toMatchObject({ KeyId: keyId, SigningAlgorithm: 'ECDSA_SHA_256', MessageType: 'RAW' });
    expect(Buffer.from(call!.args[0].input.Message!).toString()).toBe(signingInput);
  });

  it('verifies its tokens with the key from KMS GetPublicKey, fetched once', async () => {
    // Prepare
    const { token } = await issueToken(identity);

    // Act
    const first = await verifyToken(token);
    const second = await verifyToken(token);

    // Assess
    expect(first).toEqual(identity);
    expect(second).toEqual(identity);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
  });

  it('prefers a configured public key over asking KMS', async () => {
    // Prepare
    vi.stubEnv('TOKEN_PUBLIC_KEY_PEM', publicKeyPem);
    const { token } = await issueToken(identity);

    // Act
    const verified = await verifyToken(token);

    // Assess
    expect(verified).toEqual(identity);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(0);
  });

  it('refuses a token signed by a local key when KMS holds the key', async () => {
    // Prepare
    const local = await generateLocalKeyPair();
    const token = await new SignJWT(claimsOf())
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .sign(await importPKCS8(local.privateKeyPem, 'ES256'));

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('sends a signing input over 4096 bytes as its SHA-256 digest', async () => {
    // Prepare: the largest scope a role can carry (50 units and 50 stations of 64 characters).
    const long = (prefix: string) => Array.from({ length: 50 }, (_, i) => `${prefix}${i}`.padEnd(64, 'x'));
    const big: Identity = { userId: 'user-1', role: 'station_manager', units: long('unit'), stations: long('station') };

    // Act
    const { token } = await issueToken(big);

    // Assess
    const [call] = kms.commandCalls(SignCommand);
    const signingInput = token.split('.').slice(0, 2).join('.');
    expect(signingInput.length).toBeGreaterThan(4096);
    expect(call!.args[0].input.MessageType).toBe('DIGEST');
    expect(Buffer.from(call!.args[0].input.Message!)).toEqual(createHash('sha256').update(signingInput).digest());
  });

  it('does not trust a KMS key that is not P-256', async () => {
    // Prepare
    kms.on(GetPublicKeyCommand).resolves({ KeyId: keyId, KeySpec: 'RSA_2048', PublicKey: new Uint8Array([1]) });
    const { token } = await issueToken(identity);

    // Act & Assess
    const error = await verifyToken(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(InvalidTokenError);
    expect((error as Error).message).toMatch(/not ECC_NIST_P256/);
  });

  it('asks KMS again after GetPublicKey failed', async () => {
    // Prepare
    const { token } = await issueToken(identity);
    kms.on(GetPublicKeyCommand).rejectsOnce(new Error('throttled')).resolves({
      KeyId: keyId,
      KeySpec: 'ECC_NIST_P256',
      PublicKey: publicKey.export({ type: 'spki', format: 'der' }),
    });

    // Act
    const failed = await verifyToken(token).catch((e: unknown) => e);
    const verified = await verifyToken(token);

    // Assess
    expect((failed as Error).message).toBe('throttled');
    expect(verified).toEqual(identity);
  });
});
