import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { crc32 } from 'node:zlib';
import { S3Error, invalidRequest, notImplemented } from './errors';
import { header } from './requests';

/**
 * The integrity headers S3 checks a body against: `Content-MD5`, and the one `x-amz-checksum-<algorithm>`
 * the SDK sends (CRC32 by default) for a call whose checksum S3 requires, such as PutObjectTagging.
 * A checksum that does not match is S3's BadDigest; an algorithm not computed here is answered
 * NotImplemented rather than taken unchecked. A checksum sent as an `aws-chunked` trailer is not checked.
 */

/** The algorithms computed here, by the name in the header, each giving the digest S3 compares (base64 of its bytes). */
const ALGORITHMS: Readonly<Record<string, { name: string; digest: (body: Buffer) => Buffer }>> = {
  crc32: { name: 'CRC32', digest: (body) => uint32(crc32(body)) },
  crc32c: { name: 'CRC32C', digest: (body) => uint32(crc32c(body)) },
  sha1: { name: 'SHA1', digest: (body) => createHash('sha1').update(body).digest() },
  sha256: { name: 'SHA256', digest: (body) => createHash('sha256').update(body).digest() },
};

/** `x-amz-checksum-*` headers that are not a checksum: GetObject's mode, multipart's checksum type. */
const NOT_CHECKSUMS = new Set(['x-amz-checksum-mode', 'x-amz-checksum-type']);

/**
 * Checks the body against each integrity header the request carries and returns how many there
 * were (`Content-MD5` and an `x-amz-checksum-*` count one each), so that a call S3 takes only with
 * one can require it.
 */
export function checkIntegrity(request: IncomingMessage, body: Buffer): number {
  let checked = 0;
  const md5 = header(request, 'content-md5');
  if (md5 !== undefined) {
    if (md5 !== createHash('md5').update(body).digest('base64')) {
      throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
    checked += 1;
  }
  const checksums = Object.keys(request.headers).filter((name) => name.startsWith('x-amz-checksum-') && !NOT_CHECKSUMS.has(name));
  if (checksums.length > 1) throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  const declared = header(request, 'x-amz-sdk-checksum-algorithm')?.toLowerCase();
  if (declared !== undefined && checksums.length === 0 && header(request, 'x-amz-trailer') === undefined) {
    throw invalidRequest('x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.');
  }
  for (const name of checksums) {
    const algorithm = name.slice('x-amz-checksum-'.length);
    const computer = Object.hasOwn(ALGORITHMS, algorithm) ? ALGORITHMS[algorithm]! : undefined;
    if (computer === undefined) throw notImplemented(`The checksum header ${name}`);
    if (header(request, name) !== computer.digest(body).toString('base64')) {
      throw new S3Error(400, 'BadDigest', `The ${computer.name} you specified did not match the calculated checksum.`);
    }
    checked += 1;
  }
  return checked;
}

/** Four bytes, big-endian: how S3 writes a CRC before base64. */
function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes;
}

/** CRC-32C (Castagnoli), reflected, as S3's CRC32C; node:zlib has only the other CRC-32. */
const CRC32C_TABLE = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  return crc >>> 0;
});

function crc32c(body: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of body) crc = CRC32C_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
