/**
 * Bytes of a city file into text. Excel on a Chinese Windows saves "CSV (逗号分隔)" in GBK, and
 * "CSV UTF-8" with a byte-order mark; GIS tools and editors write UTF-8 without one. So: a BOM means
 * UTF-8; bytes that decode as strict UTF-8 are UTF-8 (GBK text of any length almost never does);
 * anything else is read as GBK. A caller who knows better forces one.
 */

export type TextEncodingName = 'utf-8' | 'gbk';

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export const hasUtf8Bom = (bytes: Uint8Array): boolean =>
  bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];

/** The text of a file, without its BOM, and the encoding it was read in. */
export function decodeText(bytes: Uint8Array, encoding?: TextEncodingName): { text: string; encoding: TextEncodingName } {
  if (encoding === 'gbk') return { text: new TextDecoder('gbk').decode(bytes), encoding };
  if (encoding === 'utf-8' || hasUtf8Bom(bytes)) {
    // TextDecoder drops a leading BOM itself (ignoreBOM is false by default).
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
  }
}

/** UTF-8 bytes of a text, with a BOM when asked (CSV: so that Excel opens it as UTF-8, not as GBK). */
export function encodeUtf8(text: string, withBom: boolean): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!withBom) return body;
  const bytes = new Uint8Array(body.length + 3);
  bytes.set(UTF8_BOM, 0);
  bytes.set(body, 3);
  return bytes;
}
