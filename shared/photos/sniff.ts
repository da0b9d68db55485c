/**
 * What a file is by its first bytes. The content type a client declares and the name it gives are
 * its own say-so (a `.jpg` may hold a web page); the signature is what a decoder will act on. No
 * dependency: this is imported by the upload route, whose bundle stays small.
 */

/** The image types recognised: the three taken, and HEIC, recognised only to be refused by name. */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';

/**
 * The types an upload may be. HEIC is not one: the prebuilt libvips sharp ships cannot decode HEVC
 * (a patent-encumbered codec), so an iPhone original is refused with its own message rather than
 * failing later in processing.
 */
export const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const satisfies readonly ImageType[];
export type AcceptedImageType = (typeof ACCEPTED_IMAGE_TYPES)[number];

/** Whether a sniffed type is one an upload may be. */
export const isAcceptedImageType = (type: ImageType | undefined): type is AcceptedImageType =>
  (ACCEPTED_IMAGE_TYPES as readonly string[]).includes(type ?? '');

/**
 * Major brands of an ISO-BMFF `ftyp` box that mean HEIF holding HEVC: `heic`/`heix` (stills, 8 and
 * 10 bit), `hevc`/`hevx` (sequences), `heim`/`heis`/`hevm`/`hevs` (multi-layer and scalable).
 */
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
/** The generic HEIF brands: HEIC when they are the major brand, unless the file says it is AVIF. */
const HEIF_BRANDS = new Set(['mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether `bytes` hold `expected` from `offset` on. */
const startsWith = (bytes: Uint8Array, expected: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + expected.length && expected.every((byte, index) => bytes[offset + index] === byte);

/** Four bytes from `offset` as ASCII (a RIFF tag, an ISO-BMFF box type or brand). */
const fourCc = (bytes: Uint8Array, offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));

/**
 * The image type `bytes` start with, or undefined when they are no image this service knows (text,
 * HTML, a PDF, an empty or truncated file). Only the signature is read: whether the rest decodes is
 * for the decoder to say.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  // JPEG: the SOI marker and the first byte of the next marker.
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  // WebP: a RIFF container (the 4 bytes between are its length) whose form type is WEBP.
  if (bytes.length >= 12 && fourCc(bytes, 0) === 'RIFF' && fourCc(bytes, 8) === 'WEBP') return 'image/webp';
  return isHeic(bytes) ? 'image/heic' : undefined;
}

/**
 * HEIC: the file opens with an ISO-BMFF `ftyp` box (its 32-bit size, `ftyp`, the major brand, a
 * minor version, then compatible brands to the box's end). AVIF uses the same container and may
 * name the generic `mif1` brand too, so it is told apart by its own brands.
 */
function isHeic(bytes: Uint8Array): boolean {
  if (bytes.length < 12 || fourCc(bytes, 4) !== 'ftyp') return false;
  const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const major = fourCc(bytes, 8);
  if (HEIC_BRANDS.has(major)) return true;
  if (!HEIF_BRANDS.has(major)) return false;
  const compatible: string[] = [];
  for (let offset = 16; offset + 4 <= Math.min(boxSize, bytes.length); offset += 4) compatible.push(fourCc(bytes, offset));
  return !compatible.some((brand) => AVIF_BRANDS.has(brand));
}
