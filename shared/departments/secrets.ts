import { randomBytes } from 'node:crypto';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { config } from '../config';
import { traced } from '../observability/tracing';

/**
 * Departments' signing secrets (signing.ts), one Secrets Manager secret per department, named
 * `<prefix>/departments/<id>/signing-secret` (infra/department-secrets.ts grants exactly that name
 * pattern). Locally the same SDK calls go to the Secrets Manager stand-in (infra/local/secrets-store/).
 * A secret is made or replaced only by `POST /departments/{id}/signing-secret`, which shows it once;
 * readers cache it for {@link SECRET_CACHE_MS} per cold start.
 */

/** How long a read secret is trusted before it is read again (a rotation reaches every reader within it). */
export const SECRET_CACHE_MS = 5 * 60_000;
/**
 * A signature that does not match under a cached secret older than this makes one fresh read: the
 * department may already sign with a secret rotated a moment ago. Younger entries are not re-read, so
 * forged signatures cannot make every callback a Secrets Manager call.
 */
const REREAD_AFTER_MS = 30_000;

/** The secret's name for a department. */
export const signingSecretName = (departmentId: string): string => `${config().departmentSecretsPrefix}/departments/${departmentId}/signing-secret`;

let client: SecretsManagerClient | undefined;
let onCreated: ((client: SecretsManagerClient) => void) | undefined;
const secretsClient = (): SecretsManagerClient => {
  if (!client) {
    const endpoint = config().secretsManagerEndpoint;
    client = traced(new SecretsManagerClient(endpoint ? { endpoint, maxAttempts: 2 } : {}));
    onCreated?.(client);
  }
  return client;
};

/** Set only by the local runtime: how its one client signs (as the function running, for the stand-in's grants). */
export function onSecretsClientCreated(hook: ((client: SecretsManagerClient) => void) | undefined): void {
  onCreated = hook;
}

interface Cached {
  value: Promise<string | undefined>;
  readAt: number;
  /** The read found no secret: kept only {@link REREAD_AFTER_MS}, so a first rotation reaches readers soon. */
  missing?: boolean;
}
const cache = new Map<string, Cached>();

async function readSecret(departmentId: string): Promise<string | undefined> {
  try {
    const output = await secretsClient().send(new GetSecretValueCommand({ SecretId: signingSecretName(departmentId) }));
    return output.SecretString || undefined;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function cached(departmentId: string, now: number, olderThanMs = SECRET_CACHE_MS): Promise<string | undefined> {
  const entry = cache.get(departmentId);
  if (entry && now - entry.readAt < (entry.missing ? Math.min(olderThanMs, REREAD_AFTER_MS) : olderThanMs)) return entry.value;
  const value = readSecret(departmentId);
  const made: Cached = { value, readAt: now };
  cache.set(departmentId, made);
  value.then((secret) => (made.missing = secret === undefined)).catch(() => undefined);
  // A failed read is not kept: the next call tries again.
  value.catch(() => cache.delete(departmentId));
  return value;
}

/** A department's signing secret, or undefined when none was ever made (cached ≤ 5 minutes). */
export async function signingSecretIfAny(departmentId: string, now = Date.now()): Promise<string | undefined> {
  return cached(departmentId, now);
}

/**
 * The secret again, read afresh if the cached one is older than 30 s: for a signature that did not
 * match, which a rotation since the cached read would explain. Undefined when nothing newer can be had.
 */
export async function fresherSigningSecret(departmentId: string, now = Date.now()): Promise<string | undefined> {
  const entry = cache.get(departmentId);
  if (entry && now - entry.readAt < REREAD_AFTER_MS) return undefined;
  return cached(departmentId, now, 0);
}

/** A department's signing secret (signing.ts), from Secrets Manager (cached briefly). Throws when it has none. */
export async function signingSecretOf(departmentId: string): Promise<string> {
  const secret = await signingSecretIfAny(departmentId);
  if (!secret) throw new Error(`department ${departmentId} has no signing secret: POST /departments/${departmentId}/signing-secret makes one`);
  return secret;
}

/**
 * Makes a new random secret for a department and stores it (creating the secret the first time),
 * replacing the one before: what signed with the old one stops verifying once readers' caches expire.
 * Returns the new secret: the only time it leaves the service.
 */
export async function rotateSigningSecret(departmentId: string): Promise<string> {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const name = signingSecretName(departmentId);
  try {
    await secretsClient().send(new PutSecretValueCommand({ SecretId: name, SecretString: secret }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    try {
      await secretsClient().send(
        new CreateSecretCommand({ Name: name, SecretString: secret, Description: `Signs messages between the grid service and ${departmentId}` }),
      );
    } catch (raced) {
      // Another rotation created it a moment ago: this one's value goes on top.
      if (!(raced instanceof ResourceExistsException)) throw raced;
      await secretsClient().send(new PutSecretValueCommand({ SecretId: name, SecretString: secret }));
    }
  }
  cache.set(departmentId, { value: Promise.resolve(secret), readAt: Date.now() });
  return secret;
}

/** Forgets cached secrets and the client (the local runtime, between tests). */
export function resetSigningSecrets(): void {
  cache.clear();
  client = undefined;
}
