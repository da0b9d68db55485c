/**
 * A GBK encoder for test fixtures, without a dependency: Node's full ICU decodes GBK, so every
 * two-byte sequence (lead 0x81–0xFE, trail 0x40–0xFE but 0x7F) is decoded once and the map turned
 * around. What Excel on a Chinese Windows writes when it saves "CSV (逗号分隔)".
 */
let reverse: Map<string, [number, number]> | undefined;

function gbkMap(): Map<string, [number, number]> {
  if (reverse) return reverse;
  reverse = new Map();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail === 0x7f) continue;
      const character = decoder.decode(new Uint8Array([lead, trail]));
      // The first sequence found for a character is the one GBK encoders write.
      if (character.length === 1 && character !== '\ufffd' && !reverse.has(character)) reverse.set(character, [lead, trail]);
    }
  }
  return reverse;
}

/** The GBK bytes of a text; throws on a character GBK cannot hold. */
export function encodeGbk(text: string): Uint8Array {
  const map = gbkMap();
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = map.get(character);
    if (!pair) throw new Error(`GBK cannot encode ${JSON.stringify(character)}`);
    bytes.push(...pair);
  }
  return new Uint8Array(bytes);
}
