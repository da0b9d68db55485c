import sharp from 'sharp';

/**
 * Pictures and uploads for the photo tests, made by code rather than checked in: each is the same
 * bytes on every run (a seeded generator, the same encoder), and says in its name what it is.
 */

/** Pixels as sharp takes them raw: 3 channels, 8 bits, row by row. */
type Rgb = readonly [number, number, number];

/** The left half's colour in {@link halvesJpeg} and {@link jpegWithGps}. */
export const LEFT_COLOUR: Rgb = [220, 30, 30];
/** The right half's colour. */
export const RIGHT_COLOUR: Rgb = [30, 30, 220];

/** Raw RGB pixels: the left half one colour, the right half another, so a turn shows. */
function halves(width: number, height: number, left: Rgb = LEFT_COLOUR, right: Rgb = RIGHT_COLOUR): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set(x < width / 2 ? left : right, (y * width + x) * 3);
  }
  return pixels;
}

const rawOf = (width: number, height: number, channels: 3 | 4 = 3) => ({ raw: { width, height, channels } }) as const;

/** A JPEG, red on the left and blue on the right, without any metadata. */
export async function halvesJpeg({ width, height }: { width: number; height: number }): Promise<Buffer> {
  return sharp(halves(width, height), rawOf(width, height)).jpeg({ quality: 90 }).toBuffer();
}

export interface GpsPhoto {
  width: number;
  height: number;
  /** Decimal degrees, north positive. */
  latitude: number;
  /** Decimal degrees, east positive. */
  longitude: number;
  /** EXIF orientation, 1 to 8 (6: the camera was turned a quarter clockwise; show it turned back). */
  orientation?: number;
}

/**
 * A JPEG as a phone writes it: red on the left, blue on the right, and an EXIF block that says where
 * it was taken (a GPS IFD with latitude and longitude) and, if given, how to turn it (Orientation).
 * The EXIF is built byte by byte here ({@link exifSegment}) rather than by an EXIF writer package.
 */
export async function jpegWithGps({ width, height, latitude, longitude, orientation }: GpsPhoto): Promise<Buffer> {
  return withExif(await halvesJpeg({ width, height }), exifSegment({ latitude, longitude, orientation }));
}

/** `jpeg` with `segment` put right after its SOI marker, where cameras put their EXIF. */
export function withExif(jpeg: Buffer, segment: Buffer): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG: no SOI marker');
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

/** TIFF field types used here and their sizes in bytes. */
const BYTE = 1;
const ASCII = 2;
const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;

/** The tags written. IFD entries must be sorted by tag. */
const TAG = {
  orientation: 0x0112,
  gpsInfo: 0x8825,
  gpsVersionId: 0x0000,
  gpsLatitudeRef: 0x0001,
  gpsLatitude: 0x0002,
  gpsLongitudeRef: 0x0003,
  gpsLongitude: 0x0004,
} as const;

/** One IFD entry before layout: its value's bytes, which go inline if they fit in 4 and elsewhere if not. */
interface Entry {
  tag: number;
  type: number;
  count: number;
  value: Buffer;
}

const u16 = (value: number) => {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
};
const u32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
};

/** Degrees as the three rationals EXIF wants: degrees/1, minutes/1, seconds×10 000/10 000. */
function degreesMinutesSeconds(decimal: number): Buffer {
  const absolute = Math.abs(decimal);
  const degrees = Math.floor(absolute);
  const minutes = Math.floor((absolute - degrees) * 60);
  const seconds = Math.round(((absolute - degrees) * 60 - minutes) * 60 * 10_000);
  return Buffer.concat([u32(degrees), u32(1), u32(minutes), u32(1), u32(seconds), u32(10_000)]);
}

/**
 * An IFD laid out at `offset` (from the TIFF header's start): the entry count, 12 bytes an entry
 * (tag, type, count, then the value if it fits in 4 bytes, else where it is), the next IFD's offset
 * (0: none), then the values that did not fit. Returns the bytes and, for pointer tags filled in
 * later, where each entry's value field is within them.
 */
function layoutIfd(entries: Entry[], offset: number): { bytes: Buffer; valueAt: Map<number, number> } {
  const tableSize = 2 + entries.length * 12 + 4;
  const table: Buffer[] = [u16(entries.length)];
  const overflow: Buffer[] = [];
  const valueAt = new Map<number, number>();
  let overflowOffset = offset + tableSize;
  for (const [index, entry] of entries.entries()) {
    valueAt.set(entry.tag, 2 + index * 12 + 8);
    let field: Buffer;
    if (entry.value.length <= 4) {
      // Inline values are left-justified in the 4-byte field.
      field = Buffer.concat([entry.value, Buffer.alloc(4 - entry.value.length)]);
    } else {
      field = u32(overflowOffset);
      overflow.push(entry.value);
      overflowOffset += entry.value.length;
    }
    table.push(u16(entry.tag), u16(entry.type), u32(entry.count), field);
  }
  table.push(u32(0));
  return { bytes: Buffer.concat([...table, ...overflow]), valueAt };
}

/**
 * An APP1 segment holding EXIF: `Exif\0\0`, then a big-endian TIFF structure with IFD0 (Orientation,
 * if given, and the pointer to the GPS IFD) and the GPS IFD (version 2.3, latitude and longitude
 * with their N/S and E/W references).
 */
export function exifSegment({ latitude, longitude, orientation }: { latitude: number; longitude: number; orientation?: number }): Buffer {
  // "MM": big-endian; 42: the TIFF magic number; 8: IFD0 follows the header at once.
  const tiffHeader = Buffer.concat([Buffer.from('MM'), u16(42), u32(8)]);

  const ifd0Entries: Entry[] = [
    ...(orientation === undefined ? [] : [{ tag: TAG.orientation, type: SHORT, count: 1, value: u16(orientation) }]),
    // The GPS IFD's offset, known once IFD0's size is: filled in below.
    { tag: TAG.gpsInfo, type: LONG, count: 1, value: u32(0) },
  ];
  const ifd0 = layoutIfd(ifd0Entries, tiffHeader.length);
  const gpsOffset = tiffHeader.length + ifd0.bytes.length;
  ifd0.bytes.writeUInt32BE(gpsOffset, ifd0.valueAt.get(TAG.gpsInfo)!);

  const gps = layoutIfd(
    [
      { tag: TAG.gpsVersionId, type: BYTE, count: 4, value: Buffer.from([2, 3, 0, 0]) },
      { tag: TAG.gpsLatitudeRef, type: ASCII, count: 2, value: Buffer.from(latitude < 0 ? 'S\0' : 'N\0') },
      { tag: TAG.gpsLatitude, type: RATIONAL, count: 3, value: degreesMinutesSeconds(latitude) },
      { tag: TAG.gpsLongitudeRef, type: ASCII, count: 2, value: Buffer.from(longitude < 0 ? 'W\0' : 'E\0') },
      { tag: TAG.gpsLongitude, type: RATIONAL, count: 3, value: degreesMinutesSeconds(longitude) },
    ],
    gpsOffset,
  );

  const payload = Buffer.concat([Buffer.from('Exif\0\0'), tiffHeader, ifd0.bytes, gps.bytes]);
  // APP1's length counts its own two bytes and the payload, not the marker.
  return Buffer.concat([Buffer.from([0xff, 0xe1]), u16(payload.length + 2), payload]);
}

/** A deterministic generator (mulberry32): the same "noise" on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Part of a photo-like picture `full` pixels in size: a smooth gradient across the whole, with grain
 * of `grain` levels (0–255) over it. `region` is the part drawn; a tile drawn this way compresses as
 * the same area of the whole does, which is what {@link photoOfBytes} relies on.
 */
function grainy(full: { width: number; height: number }, grain: number, region = { x: 0, y: 0, ...full }): Buffer {
  const random = seeded(13 + region.x + region.y);
  const pixels = Buffer.alloc(region.width * region.height * 3);
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      const at = ((y - region.y) * region.width + (x - region.x)) * 3;
      const base = [(x * 200) / full.width + 20, (y * 200) / full.height + 20, ((x + y) * 100) / (full.width + full.height) + 60];
      for (let channel = 0; channel < 3; channel++) {
        pixels[at + channel] = Math.max(0, Math.min(255, Math.round(base[channel]! + (random() - 0.5) * grain)));
      }
    }
  }
  return pixels;
}

const PHOTO_QUALITY = 95;
const encodeGrainy = (full: { width: number; height: number }, grain: number, region = { x: 0, y: 0, ...full }) =>
  sharp(grainy(full, grain, region), rawOf(region.width, region.height)).jpeg({ quality: PHOTO_QUALITY }).toBuffer();

/**
 * A JPEG of about `megabytes` MB (within 10 %) at a phone camera's 12 MP (4032×3024) by default, as
 * an original from a recent phone is: a gradient with grain, at quality 95. The grain is found on a
 * tile from the middle (bytes grow with the area at a given grain), then the whole is encoded, and
 * encoded once more with the grain corrected if it missed. About a second for 3 MB.
 */
export async function photoOfBytes(megabytes: number, { width = 4032, height = 3024 } = {}): Promise<Buffer> {
  const target = megabytes * 1024 * 1024;
  const full = { width, height };
  const tile = { x: Math.floor(width / 2) - 256, y: Math.floor(height / 2) - 192, width: Math.min(512, width), height: Math.min(384, height) };
  Object.assign(tile, { x: Math.max(0, tile.x), y: Math.max(0, tile.y) });
  const scale = (width * height) / (tile.width * tile.height);
  const sizeAt = async (grain: number) => (await encodeGrainy(full, grain, tile)).length * scale;
  if ((await sizeAt(0)) > target) {
    // Even without grain it is too large: fewer pixels, same aspect.
    const shrink = Math.sqrt(target / (await sizeAt(0)));
    return photoOfBytes(megabytes, { width: Math.round(width * shrink), height: Math.round(height * shrink) });
  }
  const grainFor = async (goal: number) => {
    let [low, high] = [0, 255];
    for (let step = 0; step < 12; step++) {
      const grain = (low + high) / 2;
      if ((await sizeAt(grain)) < goal) low = grain;
      else high = grain;
    }
    return (low + high) / 2;
  };
  const first = await encodeGrainy(full, await grainFor(target));
  if (Math.abs(first.length - target) <= target * 0.05) return first;
  // The tile misjudged the whole by a steady factor: aim the tile that much the other way.
  return encodeGrainy(full, await grainFor((target * target) / first.length));
}

/** A PNG with an alpha channel: the left half opaque green, the right half fully transparent. */
export async function pngImage({ width = 200, height = 100 } = {}): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set(x < width / 2 ? [30, 180, 60, 255] : [0, 0, 0, 0], (y * width + x) * 4);
  }
  return sharp(pixels, rawOf(width, height, 4)).png().toBuffer();
}

/** A lossy WebP, red on the left and blue on the right. */
export async function webpImage({ width = 300, height = 200 } = {}): Promise<Buffer> {
  return sharp(halves(width, height), rawOf(width, height)).webp({ quality: 80 }).toBuffer();
}

/**
 * The first bytes of an iPhone's HEIC (an ISO-BMFF `ftyp` box, major brand `heic`, compatible
 * `mif1` and `heic`) and then junk: enough to be recognised, nothing a decoder could read.
 */
export function heicLikeBytes(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(4), Buffer.from('mif1heic')]);
  return Buffer.concat([ftyp, Buffer.from('\0\0\0\x22meta junk that is not a HEIF box tree at all')]);
}

/** Plain text, as a file named `photo.jpg` may hold. */
export function textNamedJpg(): Buffer {
  return Buffer.from('This is not a photo, whatever the file name says.\nJust text.\n');
}

/** An HTML document with a script: what a stored "image" must never be served as. */
export function htmlBytes(): Buffer {
  return Buffer.from('<!DOCTYPE html>\n<html><head><title>x</title></head><body><script>alert(document.cookie)</script></body></html>\n');
}

export interface MultipartUpload {
  /** The `name` wx.uploadFile is given: the file part's field name. */
  field?: string;
  /** The file's name as the client has it (WeChat sends its temporary file's name, e.g. `tmp_… .jpg`). */
  filename?: string;
  /** The file part's Content-Type; WeChat derives it from the file name's extension. */
  contentType?: string;
  bytes: Buffer;
  /** wx.uploadFile's `formData`: each a plain part before the file. */
  fields?: Record<string, string>;
}

/**
 * A fixed boundary, so bodies are the same on every run. WeChat picks its own, which differs between
 * clients and is not documented: a parser must take whatever the Content-Type header names.
 */
export const MULTIPART_BOUNDARY = '----WebKitFormBoundaryGridTest7MA4YWxk';

/**
 * A request body as `wx.uploadFile` sends one (its documentation says only: a POST of
 * `multipart/form-data`, the file under `name`, `formData` as other fields): one plain part per
 * `formData` field, then the file part with its file name and type; CRLF line ends (RFC 7578), the
 * closing delimiter followed by CRLF. Returns the body and the Content-Type header that goes with it.
 */
export function multipartBody({
  field = 'file',
  filename = 'tmp_8c1f0b2e4a.jpg',
  contentType = 'image/jpeg',
  bytes,
  fields = {},
}: MultipartUpload): { body: Buffer; contentType: string } {
  const crlf = '\r\n';
  const delimiter = `--${MULTIPART_BOUNDARY}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`${delimiter}${crlf}Content-Disposition: form-data; name="${name}"${crlf}${crlf}${value}${crlf}`));
  }
  parts.push(
    Buffer.from(`${delimiter}${crlf}Content-Disposition: form-data; name="${field}"; filename="${filename}"${crlf}Content-Type: ${contentType}${crlf}${crlf}`),
    bytes,
    Buffer.from(`${crlf}${delimiter}--${crlf}`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}` };
}
