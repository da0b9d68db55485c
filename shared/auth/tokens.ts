import { createHash, createPublicKey, randomUUID } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import {
  type CryptoKey,
  type JWTPayload,
  SignJWT,
  base64url,
  errors,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
  importSPKI,
  jwtVerify,
} from 'jose';
import { config } from '../config';
import { derToJose } from './ecdsa';
import { type Identity, identitySchema } from './identity';

/**
 * Our own access tokens: compact JWS, ES256 only. Asymmetric, so the authorizer and every verifier
 * hold a public key and only the sign-in function (or KMS) can mint tokens.
 *
 * Claims: `sub` (user id), `role`, `units`, `stations`, `iss`, `aud`, `iat`, `exp`, `jti`.
 * A role change takes effect at the next sign-in: tokens are short-lived and never refreshed.
 */

const ALGORITHM = 'ES256';
const HEADER = { alg: ALGORITHM, typ: 'JWT' } as const;
/** Seconds of clock skew tolerated on `exp`/`iat` between the signer and a verifier. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** KMS signs a RAW message of at most 4096 bytes; a longer signing input is sent as its SHA-256 digest. */
const KMS_RAW_LIMIT = 4096;

/** The token is malformed, forged, expired or not for us. Anything else verifyToken throws is a fault. */
export class InvalidTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidTokenError';
  }
}

/** Mints tokens and knows the public key that verifies them. */
interface TokenSigner {
  sign(claims: JWTPayload): Promise<string>;
  publicKey(): Promise<CryptoKey>;
}

/** Signs a token for an identity; `expiresIn` is in seconds, as OAuth clients expect. */
export async function issueToken(identity: Identity): Promise<{ token: string; expiresIn: number }> {
  const { tokenIssuer, tokenAudience, tokenTtlSeconds } = config();
  const issuedAt = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    sub: identity.userId,
    role: identity.role,
    units: identity.units,
    stations: identity.stations,
    iss: tokenIssuer,
    aud: tokenAudience,
    iat: issuedAt,
    exp: issuedAt + tokenTtlSeconds,
    jti: randomUUID(),
  };
  return { token: await signer().sign(claims), expiresIn: tokenTtlSeconds };
}

/**
 * Verifies a token and returns the identity it carries. Only ES256 is accepted, so `alg: none` and
 * HS256 signed with the public key as a shared secret fail before any key is used.
 * Throws {@link InvalidTokenError} for a bad token; a verification key that cannot be loaded throws
 * as itself (a fault, not the caller's problem).
 */
export async function verifyToken(token: string): Promise<Identity> {
  const { tokenIssuer, tokenAudience } = config();
  const key = await verificationKey();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      issuer: tokenIssuer,
      audience: tokenAudience,
      typ: HEADER.typ,
      requiredClaims: ['sub', 'iat', 'exp', 'jti'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code, { cause: error });
    throw error;
  }
  const identity = identitySchema.safeParse({
    userId: payload.sub,
    role: payload.role,
    units: payload.units,
    stations: payload.stations,
  });
  if (!identity.success) throw new InvalidTokenError('claims do not describe an identity', { cause: identity.error });
  return identity.data;
}

/** A fresh P-256 key pair as PEM (PKCS#8 private, SPKI public), for the local runtime to keep. */
export async function generateLocalKeyPair(): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  return { privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey) };
}

// ---------------------------------------------------------------------------------------------
// Signers. Keys are imported once per cold start (per key material, so tests may switch keys).

function signer(): TokenSigner {
  const { tokenKmsKeyId, tokenPrivateKeyPem } = config();
  if (tokenKmsKeyId) return kmsSigner(tokenKmsKeyId);
  if (tokenPrivateKeyPem) return localSigner(tokenPrivateKeyPem);
  throw new Error('no token signing key: set TOKEN_KMS_KEY_ID or TOKEN_PRIVATE_KEY_PEM');
}

/** A configured public key wins (it saves a KMS call per cold start); otherwise the signer's own. */
function verificationKey(): Promise<CryptoKey> {
  const { tokenPublicKeyPem, tokenKmsKeyId, tokenPrivateKeyPem } = config();
  if (tokenPublicKeyPem) return cached(`spki:${tokenPublicKeyPem}`, () => importSPKI(tokenPublicKeyPem, ALGORITHM));
  if (tokenKmsKeyId || tokenPrivateKeyPem) return signer().publicKey();
  return Promise.reject(new Error('no token verification key: set TOKEN_PUBLIC_KEY_PEM or TOKEN_KMS_KEY_ID'));
}

const keyCache = new Map<string, Promise<CryptoKey>>();

/** Memoizes a key import; a failed import is forgotten so the next call retries it. */
function cached(id: string, load: () => Promise<CryptoKey>): Promise<CryptoKey> {
  let key = keyCache.get(id);
  if (!key) {
    key = load();
    keyCache.set(id, key);
    key.catch(() => keyCache.delete(id));
  }
  return key;
}

function localSigner(privateKeyPem: string): TokenSigner {
  return {
    async sign(claims) {
      const key = await cached(`pkcs8:${privateKeyPem}`, () => importPKCS8(privateKeyPem, ALGORITHM));
      return new SignJWT(claims).setProtectedHeader(HEADER).sign(key);
    },
    publicKey: () =>
      cached(`derived:${privateKeyPem}`, () => {
        const spki = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
        return importSPKI(spki, ALGORITHM);
      }),
  };
}

// Loaded on first use: a verifier given TOKEN_PUBLIC_KEY_PEM (the local runtime) never pays for the KMS client.
const kmsModule = () => import('@aws-sdk/client-kms');
let kmsClient: KMSClient | undefined;
const kms = async (): Promise<KMSClient> => (kmsClient ??= new (await kmsModule()).KMSClient({}));

function kmsSigner(keyId: string): TokenSigner {
  return {
    async sign(claims) {
      const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
      const signingInput = `${encode(HEADER)}.${encode(claims)}`;
      const message = new TextEncoder().encode(signingInput);
      const raw = message.length <= KMS_RAW_LIMIT;
      const { SignCommand } = await kmsModule();
      const output = await (await kms()).send(
        new SignCommand({
          KeyId: keyId,
          SigningAlgorithm: 'ECDSA_SHA_256',
          MessageType: raw ? 'RAW' : 'DIGEST',
          Message: raw ? message : createHash('sha256').update(message).digest(),
        }),
      );
      if (!output.Signature) throw new Error('KMS Sign returned no signature');
      return `${signingInput}.${base64url.encode(derToJose(output.Signature, 32))}`;
    },
    publicKey: () =>
      cached(`kms:${keyId}`, async () => {
        const { GetPublicKeyCommand } = await kmsModule();
        const output = await (await kms()).send(new GetPublicKeyCommand({ KeyId: keyId }));
        if (!output.PublicKey) throw new Error('KMS GetPublicKey returned no key');
        if (output.KeySpec !== 'ECC_NIST_P256') throw new Error(`KMS key ${keyId} is ${output.KeySpec}, not ECC_NIST_P256`);
        return importSPKI(spkiDerToPem(output.PublicKey), ALGORITHM);
      }),
  };
}

const spkiDerToPem = (der: Uint8Array): string => {
  const body = Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----\n`;
};

/** Forgets imported keys and the KMS client; for tests that switch keys or mock KMS. */
export function resetTokenKeys(): void {
  keyCache.clear();
  kmsClient = undefined;
}
