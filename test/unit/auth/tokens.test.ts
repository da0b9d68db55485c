import { generateKeyPairSync, sign } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import {
  SignJWT,
  UnsecuredJWT,
  base64url,
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  importPKCS8,
  importSPKI,
  jwtVerify,
} from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isHighS } from '../../../shared/auth/ecdsa';
import {
  InvalidTokenError,
  type TokenSubject,
  generateLocalKeyPair,
  issueToken,
  resetTokenKeys,
  verifyToken,
} from '../../../shared/auth/tokens';

const subject: TokenSubject = { userId: 'user-1', tokenVersion: 0 };

/** The P-256 group order: a signature (r, s) and (r, n − s) both verify mathematically. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** The same token with its signature's s replaced by n − s: the malleable twin. */
function withFlippedS(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const bytes = base64url.decode(signature);
  const s = BigInt(`0x${Buffer.from(bytes.subarray(32)).toString('hex')}`);
  bytes.set(Buffer.from((P256_ORDER - s).toString(16).padStart(64, '0'), 'hex'), 32);
  return `${header}.${payload}.${base64url.encode(bytes)}`;
}

/** A hand-made token's signature in its low-S form (as our signers make it), so only what a test changes is wrong. */
function lowS(token: string): string {
  return isHighS(base64url.decode(token.split('.')[2]!)) ? withFlippedS(token) : token;
}

/** The kid our tokens carry for a PEM public key: its RFC 7638 thumbprint. */
const kidOf = async (publicKeyPem: string) => calculateJwkThumbprint(await exportJWK(await importSPKI(publicKeyPem, 'ES256', { extractable: true })));

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

/** Claims a well-formed token for `subject` would carry, for hand-made tokens. */
const claimsOf = (overrides: Record<string, unknown> = {}) => ({
  sub: subject.userId,
  ver: subject.tokenVersion,
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
    const { token } = await issueToken(subject);

    // Act
    const verified = await verifyToken(token);

    // Assess
    expect(verified).toEqual(subject);
  });

  it('issues ES256 tokens with the registered claims and the configured lifetime', async () => {
    // Prepare
    vi.stubEnv('TOKEN_TTL_SECONDS', '900');

    // Act
    const first = await issueToken(subject);
    const second = await issueToken(subject);

    // Assess
    expect(first.expiresIn).toBe(900);
    expect(decodeProtectedHeader(first.token)).toEqual({ alg: 'ES256', typ: 'JWT', kid: await kidOf(keys.publicKeyPem) });
    const claims = decodeJwt(first.token);
    expect(claims).toMatchObject({ sub: 'user-1', ver: 0, iss: 'grid-service', aud: 'grid-service-api' });
    expect(claims).not.toHaveProperty('role');
    expect(claims).not.toHaveProperty('units');
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(decodeJwt(second.token).jti).not.toBe(claims.jti);
  });

  it('verifies with the public key derived from the private key when none is configured', async () => {
    // Prepare
    vi.stubEnv('TOKEN_PUBLIC_KEY_PEM', '');
    const { token } = await issueToken(subject);

    // Act
    const verified = await verifyToken(token);

    // Assess
    expect(verified).toEqual(subject);
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
    const { token, expiresIn } = await issueToken(subject);
    vi.setSystemTime(Date.now() + (expiresIn + 60) * 1000);

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
    await expect(verifyToken(token)).rejects.toThrow('ERR_JWT_EXPIRED');
  });

  it('still accepts a token a few seconds before it expires', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    const { token, expiresIn } = await issueToken(subject);
    vi.setSystemTime(Date.now() + (expiresIn - 5) * 1000);

    // Act
    const verified = await verifyToken(token);

    // Assess
    expect(verified.userId).toBe('user-1');
  });

  it('refuses a token for another audience', async () => {
    // Prepare
    vi.stubEnv('TOKEN_AUDIENCE', 'another-api');
    const { token } = await issueToken(subject);
    vi.stubEnv('TOKEN_AUDIENCE', '');

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a token from another issuer', async () => {
    // Prepare
    vi.stubEnv('TOKEN_ISSUER', 'someone-else');
    const { token } = await issueToken(subject);
    vi.stubEnv('TOKEN_ISSUER', '');

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a token signed with another key', async () => {
    // Prepare
    useLocalKeys(otherKeys);
    const { token } = await issueToken({ userId: 'demo-admin', tokenVersion: 0 });
    useLocalKeys(keys);

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    // Prepare
    const { token } = await issueToken(subject);
    const [header, , signature] = token.split('.');
    const forgedPayload = base64url.encode(JSON.stringify(claimsOf({ sub: 'demo-admin' })));

    // Act & Assess
    await expect(verifyToken(`${header}.${forgedPayload}.${signature}`)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses an unsigned token (alg none)', async () => {
    // Prepare
    const token = new UnsecuredJWT(claimsOf({ sub: 'demo-admin' })).encode();

    // Act & Assess
    expect(decodeProtectedHeader(token).alg).toBe('none');
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses an HS256 token signed with the public key PEM as its secret', async () => {
    // Prepare: the classic algorithm-confusion attack, for a verifier that trusts the header's alg.
    const token = await new SignJWT(claimsOf({ sub: 'demo-admin' }))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: await kidOf(keys.publicKeyPem) })
      .sign(new TextEncoder().encode(keys.publicKeyPem));

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it.each([[{ ver: -1 }], [{ ver: '0' }], [{ ver: 1.5 }], [{ sub: '' }]])('refuses a properly signed token whose claims name no user: %j', async (claims) => {
    // Prepare
    const privateKey = await importPKCS8(keys.privateKeyPem, 'ES256');
    const token = await new SignJWT(claimsOf(claims))
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: await kidOf(keys.publicKeyPem) })
      .sign(privateKey)
      .then(lowS);

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a properly signed token without an expiry', async () => {
    // Prepare
    const privateKey = await importPKCS8(keys.privateKeyPem, 'ES256');
    const { exp: _, ...claims } = claimsOf();
    const token = lowS(await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: await kidOf(keys.publicKeyPem) }).sign(privateKey));

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

  it('refuses a token whose header names no key, or a key it does not know', async () => {
    // Prepare
    const privateKey = await importPKCS8(keys.privateKeyPem, 'ES256');
    const noKid = lowS(await new SignJWT(claimsOf()).setProtectedHeader({ alg: 'ES256', typ: 'JWT' }).sign(privateKey));
    const unknownKid = lowS(await new SignJWT(claimsOf()).setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'someone-elses' }).sign(privateKey));

    // Act & Assess
    await expect(verifyToken(noKid)).rejects.toThrow('no kid');
    await expect(verifyToken(unknownKid)).rejects.toThrow('unknown kid');
  });

  it('during a rotation verifies tokens of the current and the previous key, and issues with the current one', async () => {
    // Prepare: tokens signed before the rotation, then the new key takes over with the old one kept as previous.
    const before = await issueToken(subject);
    useLocalKeys(otherKeys, { TOKEN_PREVIOUS_PUBLIC_KEY_PEM: keys.publicKeyPem });
    const after = await issueToken(subject);

    // Act
    const verified = await Promise.all([verifyToken(before.token), verifyToken(after.token)]);

    // Assess
    expect(verified).toEqual([subject, subject]);
    expect(decodeProtectedHeader(after.token).kid).toBe(await kidOf(otherKeys.publicKeyPem));
    expect(decodeProtectedHeader(before.token).kid).not.toBe(decodeProtectedHeader(after.token).kid);
  });

  it('refuses the previous key’s tokens once the rotation is over', async () => {
    // Prepare
    const before = await issueToken(subject);
    useLocalKeys(otherKeys);

    // Act & Assess
    await expect(verifyToken(before.token)).rejects.toThrow('unknown kid');
  });

  it('refuses a properly signed token that lives longer than the configured maximum', async () => {
    // Prepare
    vi.stubEnv('TOKEN_TTL_SECONDS', '900');
    const privateKey = await importPKCS8(keys.privateKeyPem, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT(claimsOf({ iat: now, exp: now + 901 }))
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: await kidOf(keys.publicKeyPem) })
      .sign(privateKey)
      .then(lowS);

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow('lifetime exceeds the maximum');
  });

  it('always signs with a low S, and refuses the high-S twin of a valid token', async () => {
    // Prepare: about half of raw ECDSA signatures are high-S, so twenty tokens exercise the normalisation.
    const tokens = await Promise.all(Array.from({ length: 20 }, () => issueToken(subject)));

    // Act
    const twin = withFlippedS(tokens[0]!.token);

    // Assess
    expect(tokens.every(({ token }) => !isHighS(base64url.decode(token.split('.')[2]!)))).toBe(true);
    await expect(verifyToken(tokens[0]!.token)).resolves.toEqual(subject);
    await expect(verifyToken(twin)).rejects.toThrow('high-S signature');
  });

  it('cannot issue a token without a signing key', async () => {
    // Prepare
    vi.stubEnv('TOKEN_PRIVATE_KEY_PEM', '');

    // Act & Assess
    await expect(issueToken(subject)).rejects.toThrow(/no token signing key/);
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
    const { token } = await issueToken(subject);

    // Act
    const { payload, protectedHeader } = await jwtVerify(token, await importSPKI(publicKeyPem, 'ES256'), {
      algorithms: ['ES256'],
    });

    // Assess
    expect(protectedHeader).toEqual({ alg: 'ES256', typ: 'JWT', kid: await kidOf(publicKeyPem) });
    expect(payload.sub).toBe('user-1');
    expect(base64url.decode(token.split('.')[2]!)).toHaveLength(64);
  });

  it('asks KMS to sign the raw JWS signing input with ECDSA_SHA_256', async () => {
    // Act
    const { token } = await issueToken(subject);

    // Assess
    const [call] = kms.commandCalls(SignCommand);
    const signingInput = token.split('.').slice(0, 2).join('.');
    expect(call!.args[0].input).toMatchObject({ KeyId: keyId, SigningAlgorithm: 'ECDSA_SHA_256', MessageType: 'RAW' });
    expect(Buffer.from(call!.args[0].input.Message!).toString()).toBe(signingInput);
  });

  it('verifies its tokens with the key from KMS GetPublicKey, fetched once', async () => {
    // Prepare
    const { token } = await issueToken(subject);

    // Act
    const first = await verifyToken(token);
    const second = await verifyToken(token);

    // Assess
    expect(first).toEqual(subject);
    expect(second).toEqual(subject);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
  });

  it('verifies with a configured public key without asking KMS', async () => {
    // Prepare: the signer asked KMS for its public key once, to name it in the header.
    const { token } = await issueToken(subject);
    resetTokenKeys();
    kms.resetHistory();
    vi.stubEnv('TOKEN_PUBLIC_KEY_PEM', publicKeyPem);

    // Act
    const verified = await verifyToken(token);

    // Assess
    expect(verified).toEqual(subject);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(0);
  });

  it('refuses a token signed by a local key when KMS holds the key', async () => {
    // Prepare
    const local = await generateLocalKeyPair();
    const token = await new SignJWT(claimsOf())
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: await kidOf(publicKeyPem) })
      .sign(await importPKCS8(local.privateKeyPem, 'ES256'));

    // Act & Assess
    await expect(verifyToken(token)).rejects.toThrow(InvalidTokenError);
  });

  it('turns a high-S signature from KMS into its low-S twin', async () => {
    // Prepare: KMS, like OpenSSL, returns whichever S it computed; make every one of them high.
    kms.on(SignCommand).callsFake((input) => {
      for (;;) {
        const der = sign('sha256', input.Message as Uint8Array, { key: privateKey, dsaEncoding: 'der' });
        const raw = sign('sha256', input.Message as Uint8Array, { key: privateKey, dsaEncoding: 'ieee-p1363' });
        if (isHighS(raw)) return { KeyId: keyId, SigningAlgorithm: 'ECDSA_SHA_256', Signature: derFromRaw(raw) ?? der };
      }
    });

    // Act
    const { token } = await issueToken(subject);

    // Assess
    expect(isHighS(base64url.decode(token.split('.')[2]!))).toBe(false);
    await expect(verifyToken(token)).resolves.toEqual(subject);
  });

  it('does not trust a KMS key that is not P-256', async () => {
    // Prepare
    const { token } = await issueToken(subject);
    resetTokenKeys();
    kms.on(GetPublicKeyCommand).resolves({ KeyId: keyId, KeySpec: 'RSA_2048', PublicKey: new Uint8Array([1]) });

    // Act & Assess
    await expect(issueToken(subject)).rejects.toThrow(/not ECC_NIST_P256/);
    const error = await verifyToken(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(InvalidTokenError);
    expect((error as Error).message).toMatch(/not ECC_NIST_P256/);
  });

  it('asks KMS again after GetPublicKey failed', async () => {
    // Prepare
    const { token } = await issueToken(subject);
    resetTokenKeys();
    kms.resetHistory();
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
    expect(verified).toEqual(subject);
  });
});

/** DER `SEQUENCE { INTEGER r, INTEGER s }` from a raw `r || s` signature, as KMS answers. */
function derFromRaw(raw: Uint8Array): Uint8Array | undefined {
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
    const trimmed = bytes.subarray(start);
    const padded = trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : Buffer.from(trimmed);
    return Buffer.concat([Buffer.from([0x02, padded.length]), padded]);
  };
  const body = Buffer.concat([integer(raw.subarray(0, 32)), integer(raw.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
