import { describe, expect, it } from 'vitest';
import { idSchema } from '../../shared/http/common';
import { IDEMPOTENT_ID_LENGTH, idempotentId, newId } from '../../shared/ids';

describe('idempotentId', () => {
  it('names the same object for every attempt of one caller’s request with one key', () => {
    // Act
    const first = idempotentId('u1', 'POST /requests', 'key-00000001');
    const retry = idempotentId('u1', 'POST /requests', 'key-00000001');
    // Assess
    expect(retry).toBe(first);
  });

  it('gives another caller, another route or another key another id, however the parts would concatenate', () => {
    // Act
    const ids = [
      idempotentId('u1', 'POST /requests', 'key-00000001'),
      idempotentId('u2', 'POST /requests', 'key-00000001'),
      idempotentId('u1', 'POST /donors', 'key-00000001'),
      idempotentId('u1', 'POST /requests', 'key-00000002'),
      // The same characters in another split: the encoding keeps the parts apart.
      idempotentId('u1POST /requests', '', 'key-00000001'),
      idempotentId('u', '1', 'POST /requestskey-00000001'),
    ];
    // Assess
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes ids of the same alphabet as newId, valid wherever an id is taken', () => {
    // Act
    const derived = idempotentId('demo-resident', 'POST /stations/{stationId}/reservations', 'a-uuid-like-key:1');
    // Assess
    expect(derived).toHaveLength(IDEMPOTENT_ID_LENGTH);
    expect(derived).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(idSchema.safeParse(derived).success).toBe(true);
    expect(idSchema.safeParse(newId()).success).toBe(true);
  });
});
