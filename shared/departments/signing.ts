import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How messages between the service and a department's system are signed, both ways (the scheme
 * Stripe's webhooks made familiar): `X-Grid-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>" under the department's signing secret>`. Signing the timestamp with the body lets the
 * receiver refuse an old message replayed with its valid signature.
 */

export const SIGNATURE_HEADER = 'x-grid-signature';
/** How far a message's timestamp may be from the receiver's clock (either way). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const digest = (secret: string, timestamp: number, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** The signature header's value for `body` sent at `timestamp` (unix seconds). */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${digest(secret, timestamp, body)}`;
}

export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'mismatch' | 'stale';

/**
 * Checks a signature header against the body as received (its exact bytes, before any parsing) and
 * the receiver's clock `nowSeconds`. Constant-time comparison; several `v1=` (a secret being
 * rotated) pass if any matches.
 */
export function checkSignature(secret: string, header: string | undefined, body: string, nowSeconds: number): SignatureCheck {
  if (!header) return 'missing';
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamps = parts.filter(([key]) => key === 't').map(([, value]) => value);
  const signatures = parts.filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? '')).map(([, value]) => value!);
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0] ?? '') || signatures.length === 0) return 'malformed';
  const timestamp = Number(timestamps[0]);
  const expected = Buffer.from(digest(secret, timestamp, body), 'hex');
  const matches = signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
  if (!matches) return 'mismatch';
  return Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS ? 'stale' : 'valid';
}
