/**
 * How the import compares a row of the files with what the table holds (the plan-*.ts files decide
 * each row's change with these), and how its reports show a phone.
 */
import { isDeepStrictEqual } from 'node:util';

/** What the import does with a row: the table lacks it, holds it otherwise, or holds it as it is. */
export type Change = 'created' | 'updated' | 'unchanged';

/** A row's change: `created` when the table lacks it (`existing` undefined), else as `unchanged` finds it. */
export const changeOf = <T>(existing: T | undefined, unchanged: (existing: T) => boolean): Change =>
  existing === undefined ? 'created' : unchanged(existing) ? 'unchanged' : 'updated';

/** A row without where it was read: what the comparisons look at. */
export function withoutSource<T extends { at?: unknown }>(row: T): Omit<T, 'at'> {
  const { at: _at, ...rest } = row;
  return rest;
}

/** The same data, whatever the order of keys, with absent and undefined fields alike. */
export const same = (a: unknown, b: unknown): boolean => isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));

/** The same strings, whatever their order. */
export const sameSet = (a: readonly string[], b: readonly string[]): boolean => same([...a].sort(), [...b].sort());

/** A phone as reports show it: personal data stays out of logs. */
export const maskedPhone = (phone: string): string => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
