import { describe, expect, it } from 'vitest';
import { ACCEPTED_IMAGE_TYPES, isAcceptedImageType, sniffImageType } from '../../../shared/photos/sniff';
import { halvesJpeg, heicLikeBytes, htmlBytes, pngImage, textNamedJpg, webpImage } from '../../support/photos';

/** An ISO-BMFF file's first box: `ftyp` with a major brand and compatible brands. */
const ftyp = (major: string, ...compatible: string[]) => {
  const box = Buffer.concat([Buffer.alloc(4), Buffer.from(`ftyp${major}`), Buffer.alloc(4), ...compatible.map((brand) => Buffer.from(brand))]);
  box.writeUInt32BE(box.length);
  return Buffer.concat([box, Buffer.from('\0\0\0\x10meta0123456789')]);
};

describe('sniffImageType', () => {
  it('recognises JPEG, PNG and WebP made by an encoder', async () => {
    // Prepare
    const files = { jpeg: await halvesJpeg({ width: 16, height: 8 }), png: await pngImage(), webp: await webpImage() };

    // Act
    const types = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, sniffImageType(bytes)]));

    // Assess
    expect(types).toEqual({ jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' });
  });

  it('recognises HEIC by its ftyp brand, so that it can be refused by name', () => {
    // Prepare
    const files = [heicLikeBytes(), ftyp('heix', 'mif1'), ftyp('hevc'), ftyp('mif1', 'heic'), ftyp('msf1', 'hevc')];

    // Act
    const types = files.map((bytes) => sniffImageType(bytes));

    // Assess
    expect(types).toEqual(['image/heic', 'image/heic', 'image/heic', 'image/heic', 'image/heic']);
    expect(ACCEPTED_IMAGE_TYPES).not.toContain('image/heic');
    expect(isAcceptedImageType('image/heic')).toBe(false);
  });

  it('does not take AVIF or an MP4 video for HEIC, though they share the container', () => {
    // Prepare
    const files = [ftyp('avif', 'mif1', 'miaf'), ftyp('mif1', 'avif', 'miaf'), ftyp('isom', 'iso2', 'mp41')];

    // Act
    const types = files.map((bytes) => sniffImageType(bytes));

    // Assess
    expect(types).toEqual([undefined, undefined, undefined]);
  });

  it('refuses text named like a photo, an HTML page, a PDF and an empty file', () => {
    // Prepare
    const files = [textNamedJpg(), htmlBytes(), Buffer.from('%PDF-1.7\n%âãÏÓ\n'), Buffer.alloc(0)];

    // Act
    const types = files.map((bytes) => sniffImageType(bytes));

    // Assess
    expect(types).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('refuses a file cut off inside the signature', async () => {
    // Prepare
    const [jpeg, png, webp] = [await halvesJpeg({ width: 16, height: 8 }), await pngImage(), await webpImage()];
    const truncated = [jpeg.subarray(0, 2), png.subarray(0, 7), webp.subarray(0, 11), heicLikeBytes().subarray(0, 11)];

    // Act
    const types = truncated.map((bytes) => sniffImageType(bytes));

    // Assess
    expect(types).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('refuses a RIFF file that is not WebP, such as a WAV recording', () => {
    // Prepare
    const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.alloc(24)]);

    // Act
    const type = sniffImageType(wav);

    // Assess
    expect(type).toBeUndefined();
  });

  it('reads only the bytes, whatever type is around them (a Uint8Array as well as a Buffer)', async () => {
    // Prepare
    const jpeg = await halvesJpeg({ width: 16, height: 8 });
    const view = new Uint8Array(jpeg.buffer.slice(jpeg.byteOffset, jpeg.byteOffset + jpeg.length));

    // Act
    const type = sniffImageType(view);

    // Assess
    expect(type).toBe('image/jpeg');
    expect(isAcceptedImageType(type)).toBe(true);
  });
});
