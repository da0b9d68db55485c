/**
 * A new Idempotency-Key: a random UUID. `crypto.randomUUID` where the platform has it (Node, browsers,
 * recent mini-program base libraries); elsewhere a version-4 UUID from `Math.random`, which is enough
 * here: the service scopes a key to its caller and route, so it must only not repeat among one
 * person's calls, not resist guessing.
 */
export function newIdempotencyKey(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const hex = (digits: number) =>
    Array.from({ length: digits }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  // Version 4 and the RFC 9562 variant, so a server that checks the form accepts it.
  const variant = (8 + Math.floor(Math.random() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}
