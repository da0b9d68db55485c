/**
 * Seeded randomness for the city generator: the same seed gives the same city on every machine and
 * every run, so a generated city can be named by its scale and seed alone. Nothing here reads the
 * clock or Math.random.
 */

export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number;
  /** A number in [min, max). */
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A new array with the items in a random order (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[];
}

/** mulberry32: 32 bits of state, fast, and good enough for made-up data (not for secrets). */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the UTF-16 code units: turns a stream's name into 32 bits. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * One stream of numbers per concern (`layout`, `people`, `stations`…): drawing one more name does
 * not move every station, so a change to one part of the generator leaves the others' output alone.
 */
export function randomFor(seed: number, stream: string): Random {
  const next = mulberry32(hashOf(`${seed >>> 0}:${stream}`));
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    between: (min, max) => min + next() * (max - min),
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('cannot pick from nothing');
      return items[Math.floor(next() * items.length)]!;
    },
    shuffled: (items) => {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index -= 1) {
        const other = int(0, index);
        [copy[index], copy[other]] = [copy[other]!, copy[index]!];
      }
      return copy;
    },
  };
}

/**
 * Splits `total` into whole shares in proportion to `weights` (largest remainder, earlier items
 * first on a tie): the shares always add up to `total` exactly, which is how the city hits its
 * exact grid count however the weights fall.
 */
export function shares(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const result = exact.map(Math.floor);
  let left = total - result.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    result[index]! += 1;
    left -= 1;
  }
  return result;
}
