import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derToJose } from '../../../shared/auth/ecdsa';

const der = (...bytes: number[]) => Uint8Array.from(bytes);
const filled = (length: number, value: number) => Array.from({ length }, () => value);

describe('derToJose', () => {
  it('turns DER signatures from node:crypto into 64-byte r||s signatures that verify', () => {
    // Prepare
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const data = Buffer.from('header.payload');

    for (let round = 0; round < 200; round += 1) {
      const signature = sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });

      // Act
      const jose = derToJose(signature);

      // Assess
      expect(jose).toHaveLength(64);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
    }
  });

  it('drops the sign byte of a high r and left-pads a short s', () => {
    // Prepare: r is 33 bytes (0x00 then 0x80…), s is 31 bytes of 0x01.
    const signature = der(0x30, 2 + 33 + 2 + 31, 0x02, 33, 0x00, ...filled(32, 0x80), 0x02, 31, ...filled(31, 0x01));

    // Act
    const jose = derToJose(signature);

    // Assess
    expect([...jose.subarray(0, 32)]).toEqual(filled(32, 0x80));
    expect([...jose.subarray(32)]).toEqual([0x00, ...filled(31, 0x01)]);
  });

  it('reads a long-form sequence length', () => {
    // Prepare
    const signature = der(0x30, 0x81, 6, 0x02, 1, 0x05, 0x02, 1, 0x07);

    // Act
    const jose = derToJose(signature);

    // Assess
    expect(jose[31]).toBe(0x05);
    expect(jose[63]).toBe(0x07);
  });

  it.each([
    ['an empty input', der()],
    ['a wrong outer tag', der(0x31, 6, 0x02, 1, 0x05, 0x02, 1, 0x07)],
    ['a wrong sequence length', der(0x30, 7, 0x02, 1, 0x05, 0x02, 1, 0x07)],
    ['a truncated integer', der(0x30, 6, 0x02, 1, 0x05, 0x02, 3, 0x07)],
    ['a missing s', der(0x30, 3, 0x02, 1, 0x05)],
    ['an integer that is not an INTEGER', der(0x30, 6, 0x04, 1, 0x05, 0x02, 1, 0x07)],
    ['an r longer than the curve', der(0x30, 2 + 33 + 3, 0x02, 33, ...filled(33, 0x11), 0x02, 1, 0x07)],
  ])('refuses %s', (_, signature) => {
    // Act & Assess
    expect(() => derToJose(signature)).toThrow(/malformed DER/);
  });
});
