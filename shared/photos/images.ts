import sharp from 'sharp';
import { isAcceptedImageType, sniffImageType } from './sniff';

/**
 * What processing makes of an upload: the sizes people see, with nothing of the original file but
 * its pixels. Only the `photo-processing` consumer imports this: sharp is a native module, installed
 * next to that function's bundle rather than bundled (infra/bundling.ts, `nativeBundlingOf`).
 */

/** The display size's longer side at most, in pixels: a phone screen's width, twice over. */
export const DISPLAY_MAX_PX = 1280;
/** The thumbnail's longer side at most, in pixels: a list row or a grid cell. */
export const THUMBNAIL_MAX_PX = 320;
/**
 * The most pixels an upload may declare: 50 MP takes the 48 MP of a recent phone's main camera. A
 * PNG of zeros 20 000 px square is a few kilobytes and 1.6 GB once decoded; the declared size is
 * checked before a single pixel is.
 */
export const MAX_INPUT_PIXELS = 50_000_000;

const DISPLAY_QUALITY = 80;
const THUMBNAIL_QUALITY = 70;

/** The two sizes of a processed photo, both JPEG without metadata. */
export interface ProcessedImage {
  /** At most {@link DISPLAY_MAX_PX} on its longer side, upright, sRGB. */
  display: Buffer;
  /** At most {@link THUMBNAIL_MAX_PX} on its longer side, upright, sRGB. */
  thumbnail: Buffer;
  /** The display size's width, in pixels. */
  width: number;
  /** The display size's height, in pixels. */
  height: number;
}

/** Why an upload cannot be made into a photo: the consumer stores it as the upload's `reason`. */
export type UndecodableReason = 'unsupported-type' | 'too-many-pixels' | 'corrupt';

/**
 * An upload that is no photo this service can show: not JPEG, PNG or WebP by its bytes, larger than
 * {@link MAX_INPUT_PIXELS}, or not decodable. Retrying cannot help, so the consumer rejects the
 * upload rather than throwing (which would have the bus deliver it again).
 */
export class UndecodableImage extends Error {
  override readonly name = 'UndecodableImage';

  constructor(
    readonly reason: UndecodableReason,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${reason}: ${detail}`, options);
  }
}

// libvips keeps recent operations and their inputs for reuse; an invocation processes a new upload
// each time, so the cache would only hold on to the function's memory. Its thread count is left to
// sharp: 1 on glibc Linux (Lambda included), against memory fragmentation, and one image at a time
// keeps a small function's fraction of a vCPU busy anyway.
sharp.cache(false);

/**
 * The input options, for every decode: refuse more pixels than {@link MAX_INPUT_PIXELS}, and fail on
 * truncated or corrupt pixel data (`error`) but not on mere warnings, which phones' encoders produce
 * (extraneous bytes before a marker) on pictures that show fine.
 */
const decoding = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' } as const;

/** What libvips calls each accepted type (`metadata().format`). */
const LIBVIPS_FORMATS: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * The display size and thumbnail of an uploaded image: turned upright by its EXIF orientation,
 * shrunk (never enlarged) to fit {@link DISPLAY_MAX_PX} and {@link THUMBNAIL_MAX_PX}, transparency
 * flattened onto white, converted to sRGB and encoded as progressive JPEG. No metadata is carried
 * over: not the EXIF (GPS position, camera, time), XMP, IPTC or ICC profile.
 *
 * @throws {UndecodableImage} when `input` is not an accepted image, declares too many pixels or
 * does not decode.
 */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
  const type = sniffImageType(input);
  if (!isAcceptedImageType(type)) throw new UndecodableImage('unsupported-type', type ?? 'unknown signature');

  // The header alone: size and format are known before anything is decoded. libvips chooses its
  // loader by the bytes too, but only the three loaders the signature named may run.
  const header = await decode(() => sharp(input, decoding).metadata());
  if (header.format !== LIBVIPS_FORMATS[type]) throw new UndecodableImage('unsupported-type', `${type} read as ${header.format}`);
  if (!header.width || !header.height || header.width * header.height > MAX_INPUT_PIXELS) {
    throw new UndecodableImage('too-many-pixels', `${header.width}x${header.height}`);
  }

  // Decoded once, to the display size's pixels; both sizes are encoded from those, so the thumbnail
  // is not a JPEG of a JPEG. A JPEG is decoded already shrunk (libvips' shrink-on-load).
  const { data: pixels, info } = await decode(() =>
    sharp(input, { ...decoding, autoOrient: true })
      .resize({ width: DISPLAY_MAX_PX, height: DISPLAY_MAX_PX, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;

  const [display, thumbnail] = await Promise.all([
    sharp(pixels, raw).jpeg({ quality: DISPLAY_QUALITY, mozjpeg: true }).toBuffer(),
    sharp(pixels, raw)
      .resize({ width: THUMBNAIL_MAX_PX, height: THUMBNAIL_MAX_PX, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: THUMBNAIL_QUALITY, mozjpeg: true })
      .toBuffer(),
  ]);
  return { display, thumbnail, width: info.width, height: info.height };
}

/** Runs a sharp call on the upload, a failure of which says the upload is no image. */
async function decode<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The declared size is checked by hand first; this is libvips saying it again, for a file
    // whose header was read differently on the second look.
    if (/pixel limit/i.test(message)) throw new UndecodableImage('too-many-pixels', message, { cause: error });
    throw new UndecodableImage('corrupt', message, { cause: error });
  }
}
