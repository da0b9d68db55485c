import { type KeyObject, createPrivateKey, createPublicKey, randomUUID, sign as signWith } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import {
  type CryptoKey,
  type JWTPayload,
  base64url,
  calculateJwkThumbprint,
  errors,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importSPKI,
  jwtVerify,
} from 'jose';
import { config } from '../config';
import { traced } from '../observability/tracing';
import { derToJose, isHighS, toLowS } from './ecdsa';

/**
 * Our own access tokens: compact JWS, ES256 only. Asymmetric, so the authorizer and every verifier
 * hold a public key and only the sign-in function (or KMS) can mint tokens.
 *
 * A token says who its bearer is and nothing about what they may do: claims `sub` (user id),
 * `ver` (the user's token version when it was issued), `iss`, `aud`, `iat`, `exp`, `jti`. The
 * authorizer reads the role and scope from the user's item, and refuses a token whose `ver` is
 * behind the user's (signed out everywhere), so changes reach tokens already issued.
 *
 * The header names its key (`kid`: the RFC 7638 thumbprint of the public key), so a rotation can
 * verify tokens of the current and the previous key side by side. Verification refuses a token
 * whose lifetime exceeds the configured one and a high-S signature (the malleable twin of a valid
 * one): our signers always produce low-S.
 */

const ALGORITHM = 'ES256';
const TYPE = 'JWT';
/** Seconds of clock skew tolerated on `exp`/`iat` between the signer and a verifier. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** Who a valid token was issued to. */
export interface TokenSubject {
  userId: string;
  /** The user's token version at issue; signing out everywhere moves the user's on. */
  tokenVersion: number;
}

/** The token is malformed, forged, expired or not for us. Anything else verifyToken throws is a fault. */
export class InvalidTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidTokenError';
  }
}

/** A key that can verify tokens, by the `kid` its tokens carry. */
interface VerificationKey {
  kid: string;
  key: CryptoKey;
}

/** Mints signatures and knows the public key that verifies them. */
interface TokenSigner {
  /** The raw `r || s` ECDSA P-256 signature of the signing input, low-S. */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
  verificationKey(): Promise<VerificationKey>;
}

/** Signs a token for a user; `expiresIn` is in seconds, as OAuth clients expect. */
export async function issueToken(subject: TokenSubject): Promise<{ token: string; expiresIn: number }> {
  const { tokenIssuer, tokenAudience, tokenTtlSeconds } = config();
  const issuedAt = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    sub: subject.userId,
    ver: subject.tokenVersion,
    iss: tokenIssuer,
    aud: tokenAudience,
    iat: issuedAt,
    exp: issuedAt + tokenTtlSeconds,
    jti: randomUUID(),
  };
  const signer = currentSigner();
  const { kid } = await signer.verificationKey();
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
  const signingInput = `${encode({ alg: ALGORITHM, typ: TYPE, kid })}.${encode(claims)}`;
  const signature = toLowS(await signer.sign(new TextEncoder().encode(signingInput)));
  return { token: `${signingInput}.${base64url.encode(signature)}`, expiresIn: tokenTtlSeconds };
}

/**
 * Verifies a token and returns whom it was issued to. Only ES256 is accepted, so `alg: none` and
 * HS256 signed with the public key as a shared secret fail before any key is used; the key is the
 * one the header's `kid` names among the current and previous keys.
 * Throws {@link InvalidTokenError} for a bad token; a verification key that cannot be loaded throws
 * as itself (a fault, not the caller's problem).
 */
export async function verifyToken(token: string): Promise<TokenSubject> {
  const { tokenIssuer, tokenAudience, tokenTtlSeconds } = config();
  const signature = token.split('.')[2];
  if (signature !== undefined && isHighS(safeDecode(signature))) throw new InvalidTokenError('high-S signature');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, (header) => keyFor(header.kid), {
      algorithms: [ALGORITHM],
      issuer: tokenIssuer,
      audience: tokenAudience,
      typ: TYPE,
      requiredClaims: ['sub', 'iat', 'exp', 'jti', 'ver'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code, { cause: error });
    throw error;
  }
  const { sub, ver, iat, exp } = payload;
  if (exp! - iat! > tokenTtlSeconds) throw new InvalidTokenError('lifetime exceeds the maximum');
  if (iat! > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) throw new InvalidTokenError('issued in the future');
  if (typeof sub !== 'string' || sub === '' || typeof ver !== 'number' || !Number.isSafeInteger(ver) || ver < 0) {
    throw new InvalidTokenError('claims do not name a user');
  }
  return { userId: sub, tokenVersion: ver };
}

/** A fresh P-256 key pair as PEM (PKCS#8 private, SPKI public), for the local runtime to keep. */
export async function generateLocalKeyPair(): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  return { privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey) };
}

function safeDecode(segment: string): Uint8Array {
  try {
    return base64url.decode(segment);
  } catch {
    return new Uint8Array();
  }
}

// ---------------------------------------------------------------------------------------------
// Keys. Imported once per cold start (per key material, so tests may switch keys).

function currentSigner(): TokenSigner {
  const { tokenKmsKeyId, tokenPrivateKeyPem } = config();
  if (tokenKmsKeyId) return kmsSigner(tokenKmsKeyId);
  if (tokenPrivateKeyPem) return localSigner(tokenPrivateKeyPem);
  throw new Error('no token signing key: set TOKEN_KMS_KEY_ID or TOKEN_PRIVATE_KEY_PEM');
}

/**
 * The keys tokens may be signed with: the current one (a configured public key wins, as it saves a
 * KMS call per cold start; otherwise the signer's own) and, during a rotation, the previous one.
 */
function verificationKeys(): Promise<VerificationKey>[] {
  const { tokenPublicKeyPem, tokenKmsKeyId, tokenPrivateKeyPem, tokenPreviousPublicKeyPem, tokenPreviousKmsKeyId } = config();
  const keys: Promise<VerificationKey>[] = [];
  if (tokenPublicKeyPem) keys.push(pemKey(tokenPublicKeyPem));
  else if (tokenKmsKeyId || tokenPrivateKeyPem) keys.push(currentSigner().verificationKey());
  if (tokenPreviousPublicKeyPem) keys.push(pemKey(tokenPreviousPublicKeyPem));
  else if (tokenPreviousKmsKeyId) keys.push(kmsSigner(tokenPreviousKmsKeyId).verificationKey());
  if (keys.length === 0) throw new Error('no token verification key: set TOKEN_PUBLIC_KEY_PEM or TOKEN_KMS_KEY_ID');
  return keys;
}

async function keyFor(kid: string | undefined): Promise<CryptoKey> {
  if (kid === undefined) throw new InvalidTokenError('no kid');
  for (const candidate of await Promise.all(verificationKeys())) {
    if (candidate.kid === kid) return candidate.key;
  }
  throw new InvalidTokenError('unknown kid');
}

const keyCache = new Map<string, Promise<VerificationKey>>();

/** Memoizes a key import; a failed import is forgotten so the next call retries it. */
function cached(id: string, load: () => Promise<CryptoKey>): Promise<VerificationKey> {
  let entry = keyCache.get(id);
  if (!entry) {
    entry = load().then(async (key) => ({ key, kid: await calculateJwkThumbprint(await exportJWK(key)) }));
    keyCache.set(id, entry);
    entry.catch(() => keyCache.delete(id));
  }
  return entry;
}

const pemKey = (publicKeyPem: string) => cached(`spki:${publicKeyPem}`, () => importSPKI(publicKeyPem, ALGORITHM, { extractable: true }));

const privateKeys = new Map<string, KeyObject>();

function localSigner(privateKeyPem: string): TokenSigner {
  return {
    async sign(signingInput) {
      let key = privateKeys.get(privateKeyPem);
      if (!key) privateKeys.set(privateKeyPem, (key = createPrivateKey(privateKeyPem)));
      return signWith('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' });
    },
    verificationKey: () => pemKey(createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString()),
  };
}

// Imported by name, not on first use with import(): a bundle keeps the whole of a module imported
// that way, every KMS command's code (39 KiB, 0.12x the cold-start floor), where by name it keeps
// the two used. Made on first use: a verifier given TOKEN_PUBLIC_KEY_PEM (the local runtime) never makes one.
let kmsClient: KMSClient | undefined;
const kms = (): KMSClient => (kmsClient ??= traced(new KMSClient({})));

function kmsSigner(keyId: string): TokenSigner {
  return {
    async sign(message) {
      // A token names a user and no scope, so its signing input stays far below KMS's 4096-byte RAW limit.
      const output = await kms().send(
        new SignCommand({ KeyId: keyId, SigningAlgorithm: 'ECDSA_SHA_256', MessageType: 'RAW', Message: message }),
      );
      if (!output.Signature) throw new Error('KMS Sign returned no signature');
      return derToJose(output.Signature, 32);
    },
    verificationKey: () =>
      cached(`kms:${keyId}`, async () => {
        const output = await kms().send(new GetPublicKeyCommand({ KeyId: keyId }));
        if (!output.PublicKey) throw new Error('KMS GetPublicKey returned no key');
        if (output.KeySpec !== 'ECC_NIST_P256') throw new Error(`KMS key ${keyId} is ${output.KeySpec}, not ECC_NIST_P256`);
        return importSPKI(spkiDerToPem(output.PublicKey), ALGORITHM, { extractable: true });
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
  privateKeys.clear();
  kmsClient = undefined;
}
