import type { CityProblem } from '../model';

/**
 * JSON files of a city folder: parsed whole, then scanned once more for where each element of the
 * interesting array starts, so a feature or a category is reported by its line whatever the layout
 * (one feature a line, pretty-printed, or everything on one line).
 */

/** Line and column (from 1) of an offset in a text. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The value of a JSON text, or the problem where it stops being JSON. */
export function parseJson(file: string, text: string): { value: unknown } | { problem: CityProblem } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 says `… in JSON at position 123` (and, from Node 22, `(line 4 column 7)` as well).
    const offset = /at position (\d+)/.exec(message)?.[1];
    const where = offset !== undefined ? positionOf(text, Number(offset)) : { line: 1 };
    const reason = message.replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)/, '');
    return { problem: { file, ...where, message: `not JSON: ${reason}` } };
  }
}

/**
 * The line each element of an array starts on: of the top-level array, or of the array under `key`
 * in the top-level object (`features` of a FeatureCollection). The text must be valid JSON.
 */
export function elementLines(text: string, key?: string): number[] {
  let index = 0;
  const skipSpace = () => {
    while (index < text.length && (text[index] === ' ' || text[index] === '\n' || text[index] === '\r' || text[index] === '\t')) index += 1;
  };
  const skipString = () => {
    index += 1;
    while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
    index += 1;
  };
  const skipValue = () => {
    const first = text[index];
    if (first === '"') return skipString();
    if (first !== '{' && first !== '[') {
      while (index < text.length && !',]}'.includes(text[index]!) && !/\s/.test(text[index]!)) index += 1;
      return;
    }
    let depth = 0;
    do {
      const character = text[index];
      if (character === '"') {
        skipString();
        continue;
      }
      if (character === '{' || character === '[') depth += 1;
      else if (character === '}' || character === ']') depth -= 1;
      index += 1;
    } while (depth > 0 && index < text.length);
  };
  const elementsHere = (): number[] => {
    const offsets: number[] = [];
    index += 1;
    skipSpace();
    while (index < text.length && text[index] !== ']') {
      offsets.push(index);
      skipValue();
      skipSpace();
      if (text[index] === ',') index += 1;
      skipSpace();
    }
    index += 1; // the closing bracket
    return offsets;
  };

  skipSpace();
  let offsets: number[] = [];
  if (key === undefined) {
    if (text[index] === '[') offsets = elementsHere();
  } else if (text[index] === '{') {
    index += 1;
    skipSpace();
    while (index < text.length && text[index] !== '}') {
      const keyStart = index;
      skipString();
      const name = JSON.parse(text.slice(keyStart, index)) as string;
      skipSpace();
      index += 1; // the colon
      skipSpace();
      // JSON.parse keeps the last of repeated keys; so does this.
      if (name === key && text[index] === '[') offsets = elementsHere();
      else skipValue();
      skipSpace();
      if (text[index] === ',') index += 1;
      skipSpace();
    }
  }
  return linesOf(text, offsets);
}

/** Lines of ascending offsets, in one pass over the text. */
function linesOf(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let newline = text.indexOf('\n');
  for (const offset of offsets) {
    while (newline >= 0 && newline < offset) {
      line += 1;
      newline = text.indexOf('\n', newline + 1);
    }
    lines.push(line);
  }
  return lines;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
