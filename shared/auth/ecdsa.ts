/**
 * ECDSA signature formats. KMS (like OpenSSL) returns a DER `SEQUENCE { INTEGER r, INTEGER s }`;
 * a JWS carries the fixed-size `r || s` instead (RFC 7518 §3.4), 64 bytes for ES256.
 */

const malformed = () => new Error('malformed DER ECDSA signature');

/** Converts a DER ECDSA signature to the JOSE form: r and s, each left-padded to `size` bytes. */
export function derToJose(der: Uint8Array, size = 32): Uint8Array {
  let offset = 0;
  const byte = (): number => {
    const value = der[offset];
    if (value === undefined) throw malformed();
    offset += 1;
    return value;
  };
  const length = (): number => {
    const first = byte();
    if (first < 0x80) return first;
    // Long form; a P-256 or P-384 signature never needs more than two length bytes.
    const count = first & 0x7f;
    if (count === 0 || count > 2) throw malformed();
    let value = 0;
    for (let i = 0; i < count; i += 1) value = (value << 8) | byte();
    return value;
  };
  const integer = (): Uint8Array => {
    if (byte() !== 0x02) throw malformed();
    const len = length();
    if (len === 0 || offset + len > der.length) throw malformed();
    let bytes = der.subarray(offset, offset + len);
    offset += len;
    // DER adds a 0x00 when the high bit is set, and drops leading zeros: undo both.
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
    bytes = bytes.subarray(start);
    if (bytes.length > size) throw malformed();
    return bytes;
  };

  if (byte() !== 0x30) throw malformed();
  const sequenceLength = length();
  if (offset + sequenceLength !== der.length) throw malformed();
  const r = integer();
  const s = integer();
  if (offset !== der.length) throw malformed();

  const jose = new Uint8Array(size * 2);
  jose.set(r, size - r.length);
  jose.set(s, size * 2 - s.length);
  return jose;
}

/** The order of the P-256 group: signatures with s > n/2 are the malleable twins of low-S ones. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_ORDER = P256_ORDER >> 1n;

const toBigInt = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

/** Whether a JOSE ES256 signature (`r || s`, 64 bytes) has s above half the group order. */
export function isHighS(signature: Uint8Array): boolean {
  return signature.length === 64 && toBigInt(signature.subarray(32)) > HALF_ORDER;
}

/**
 * The low-S form of a JOSE ES256 signature: (r, n − s) verifies exactly when (r, s) does, so a
 * signer that always emits low-S lets verifiers refuse the other form (one token, one signature).
 */
export function toLowS(signature: Uint8Array): Uint8Array {
  if (!isHighS(signature)) return signature;
  const low = P256_ORDER - toBigInt(signature.subarray(32));
  const result = new Uint8Array(signature);
  result.set(Buffer.from(low.toString(16).padStart(64, '0'), 'hex'), 32);
  return result;
}
