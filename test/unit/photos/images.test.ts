import { crc32 } from 'node:zlib';
import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DISPLAY_MAX_PX, MAX_INPUT_PIXELS, THUMBNAIL_MAX_PX, UndecodableImage, processImage } from '../../../shared/photos/images';
import {
  LEFT_COLOUR,
  RIGHT_COLOUR,
  halvesJpeg,
  heicLikeBytes,
  htmlBytes,
  jpegWithGps,
  photoOfBytes,
  pngImage,
  textNamedJpg,
  webpImage,
} from '../../support/photos';

/** Shanghai People's Square: a place a resident's photo must not give away. */
const PLACE = { latitude: 31.2304, longitude: 121.4737 };

/** A phone's 3 MB original, made once for the file (about a second). */
let threeMegabytes: Promise<Buffer> | undefined;
const phoneOriginal = () => (threeMegabytes ??= photoOfBytes(3));

/** The colour of one pixel of a JPEG. */
async function pixelAt(jpeg: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

/** Whether two colours are the same, give or take what JPEG does to a flat area. */
const near = (actual: number[], expected: readonly number[], tolerance = 12) =>
  actual.every((value, channel) => Math.abs(value - expected[channel]!) <= tolerance);

/** What processImage threw, or undefined if it did not. */
async function refusal(input: Buffer): Promise<unknown> {
  try {
    await processImage(input);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** A PNG whose header declares `width`×`height` pixels over the few real ones it holds: a decompression bomb's calling card. */
async function pngDeclaring(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await pngImage({ width: 8, height: 8 }));
  // IHDR is the first chunk: length (4) and type (4) after the 8-byte signature, then width and height.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe('the photo fixtures', () => {
  it('make a JPEG that really carries its GPS position and orientation, as exifr reads them', async () => {
    // Act
    const photo = await jpegWithGps({ width: 400, height: 200, ...PLACE, orientation: 6 });

    // Assess
    const gps = await exifr.gps(photo);
    expect(gps.latitude).toBeCloseTo(PLACE.latitude, 6);
    expect(gps.longitude).toBeCloseTo(PLACE.longitude, 6);
    expect(await exifr.orientation(photo)).toBe(6);
    expect(await sharp(photo).metadata()).toMatchObject({ format: 'jpeg', width: 400, height: 200, orientation: 6 });
  });

  it('write the south and west of the equator and the meridian as such', async () => {
    // Act
    const photo = await jpegWithGps({ width: 40, height: 20, latitude: -33.8568, longitude: -70.6483 });

    // Assess
    const gps = await exifr.gps(photo);
    expect(gps.latitude).toBeCloseTo(-33.8568, 6);
    expect(gps.longitude).toBeCloseTo(-70.6483, 6);
    expect(await exifr.orientation(photo)).toBeUndefined();
  });

  it('make a photo of about the size asked for', async () => {
    // Act
    const photo = await phoneOriginal();

    // Assess
    expect(photo.length / (3 * 1024 * 1024)).toBeGreaterThan(0.9);
    expect(photo.length / (3 * 1024 * 1024)).toBeLessThan(1.1);
    expect(await sharp(photo).metadata()).toMatchObject({ format: 'jpeg', width: 4032, height: 3024 });
  });
});

describe('processImage', () => {
  it('keeps nothing of a photo’s EXIF: no GPS position, no EXIF block at all, in either size', async () => {
    // Prepare
    const photo = await jpegWithGps({ width: 400, height: 200, ...PLACE, orientation: 1 });

    // Act
    const { display, thumbnail } = await processImage(photo);

    // Assess
    for (const output of [display, thumbnail]) {
      expect(await exifr.gps(output)).toBeUndefined();
      expect(await exifr.parse(output, true)).toBeUndefined();
      const metadata = await sharp(output).metadata();
      expect(metadata).toMatchObject({ format: 'jpeg', hasProfile: false });
      expect(metadata.exif).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      expect(metadata.iptc).toBeUndefined();
      expect(metadata.icc).toBeUndefined();
      expect(output.includes(Buffer.from('Exif\0\0'))).toBe(false);
    }
  });

  it('turns a photo upright by its EXIF orientation, so that it no longer needs the tag', async () => {
    // Prepare: stored lying down, red on the left; orientation 6 says turn it a quarter clockwise.
    const photo = await jpegWithGps({ width: 400, height: 200, ...PLACE, orientation: 6 });

    // Act
    const { display, thumbnail, width, height } = await processImage(photo);

    // Assess: standing up, the stored left (red) is now the top, the right (blue) the bottom.
    expect({ width, height }).toEqual({ width: 200, height: 400 });
    expect(near(await pixelAt(display, 100, 40), LEFT_COLOUR)).toBe(true);
    expect(near(await pixelAt(display, 100, 360), RIGHT_COLOUR)).toBe(true);
    expect(await sharp(thumbnail).metadata()).toMatchObject({ width: 160, height: 320 });
    expect((await sharp(display).metadata()).orientation).toBeUndefined();
  });

  it('shrinks a large picture to the display size and the thumbnail, keeping its proportions', async () => {
    // Prepare
    const [landscape, portrait] = [await halvesJpeg({ width: 3000, height: 2000 }), await halvesJpeg({ width: 1500, height: 4000 })];

    // Act
    const [wide, tall] = [await processImage(landscape), await processImage(portrait)];

    // Assess
    expect(wide).toMatchObject({ width: DISPLAY_MAX_PX, height: 853 });
    expect(await sharp(wide.display).metadata()).toMatchObject({ width: 1280, height: 853 });
    expect(await sharp(wide.thumbnail).metadata()).toMatchObject({ width: THUMBNAIL_MAX_PX, height: 213 });
    expect(tall).toMatchObject({ width: 480, height: DISPLAY_MAX_PX });
    expect(await sharp(tall.thumbnail).metadata()).toMatchObject({ width: 120, height: 320 });
  });

  it('makes a phone’s 3 MB, 12 MP original into its two sizes', async () => {
    // Prepare
    const photo = await phoneOriginal();

    // Act
    const { display, thumbnail, width, height } = await processImage(photo);

    // Assess
    expect({ width, height }).toEqual({ width: 1280, height: 960 });
    expect(await sharp(thumbnail).metadata()).toMatchObject({ width: 320, height: 240 });
    expect(display.length).toBeLessThan(photo.length / 4);
  });

  it('never enlarges a small picture', async () => {
    // Prepare
    const small = await halvesJpeg({ width: 200, height: 100 });

    // Act
    const { display, thumbnail, width, height } = await processImage(small);

    // Assess
    expect({ width, height }).toEqual({ width: 200, height: 100 });
    expect(await sharp(display).metadata()).toMatchObject({ width: 200, height: 100 });
    expect(await sharp(thumbnail).metadata()).toMatchObject({ width: 200, height: 100 });
  });

  it('takes a PNG, putting its transparent part on white', async () => {
    // Prepare: opaque green on the left, transparent on the right.
    const png = await pngImage({ width: 200, height: 100 });

    // Act
    const { display, width, height } = await processImage(png);

    // Assess
    expect({ width, height }).toEqual({ width: 200, height: 100 });
    expect(await sharp(display).metadata()).toMatchObject({ format: 'jpeg', channels: 3, hasAlpha: false });
    expect(near(await pixelAt(display, 40, 50), [30, 180, 60])).toBe(true);
    expect(near(await pixelAt(display, 160, 50), [255, 255, 255])).toBe(true);
  });

  it('takes a WebP', async () => {
    // Prepare
    const webp = await webpImage({ width: 300, height: 200 });

    // Act
    const { display, thumbnail, width, height } = await processImage(webp);

    // Assess
    expect({ width, height }).toEqual({ width: 300, height: 200 });
    expect(await sharp(display).metadata()).toMatchObject({ format: 'jpeg' });
    expect(await sharp(thumbnail).metadata()).toMatchObject({ format: 'jpeg', width: 300, height: 200 });
    expect(near(await pixelAt(display, 50, 100), LEFT_COLOUR, 20)).toBe(true);
  });

  it('shows a wide-gamut photo’s colours in sRGB, without its profile', async () => {
    // Prepare: an sRGB orange, stored as Display P3 numbers with the P3 profile attached.
    const orange = [200, 100, 50];
    const flat = Buffer.alloc(64 * 64 * 3);
    for (let at = 0; at < flat.length; at += 3) flat.set(orange, at);
    const p3 = await sharp(flat, { raw: { width: 64, height: 64, channels: 3 } }).withIccProfile('p3').jpeg({ quality: 95 }).toBuffer();
    const stored = await sharp(p3, { ignoreIcc: true }).raw().toBuffer();

    // Act
    const { display } = await processImage(p3);

    // Assess: the numbers changed back to the sRGB ones, and the profile is gone.
    expect(near([...stored.subarray(0, 3)], orange, 5)).toBe(false);
    expect(near(await pixelAt(display, 32, 32), orange, 4)).toBe(true);
    expect((await sharp(display).metadata()).hasProfile).toBe(false);
  });

  it('refuses a JPEG cut off half way as corrupt', async () => {
    // Prepare
    const photo = await photoOfBytes(0.2, { width: 800, height: 600 });
    const truncated = photo.subarray(0, Math.floor(photo.length / 2));

    // Act
    const error = await refusal(truncated);

    // Assess
    expect(error).toBeInstanceOf(UndecodableImage);
    expect(error).toMatchObject({ name: 'UndecodableImage', reason: 'corrupt' });
  });

  it('refuses bytes that start like a JPEG and go on as garbage', async () => {
    // Prepare
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('garbage '.repeat(200))]);

    // Act
    const error = await refusal(garbage);

    // Assess
    expect(error).toMatchObject({ name: 'UndecodableImage', reason: 'corrupt' });
  });

  it('refuses text, HTML and HEIC by their bytes before decoding anything', async () => {
    // Act
    const errors = await Promise.all([textNamedJpg(), htmlBytes(), heicLikeBytes(), Buffer.alloc(0)].map(refusal));

    // Assess
    for (const error of errors) {
      expect(error).toBeInstanceOf(UndecodableImage);
      expect(error).toMatchObject({ reason: 'unsupported-type' });
    }
  });

  it('refuses a picture that declares more pixels than allowed, without decoding them', async () => {
    // Prepare: a few hundred bytes that claim 20 000 px square (400 MP, 1.2 GB decoded).
    const bomb = await pngDeclaring(20_000, 20_000);

    // Act
    const error = await refusal(bomb);

    // Assess
    expect(bomb.length).toBeLessThan(1_000);
    expect(20_000 * 20_000).toBeGreaterThan(MAX_INPUT_PIXELS);
    expect(error).toMatchObject({ name: 'UndecodableImage', reason: 'too-many-pixels' });
  });
});
