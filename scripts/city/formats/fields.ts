import type { CityProblem, SourceRef } from '../model';
import { type Cells, type Column, headerKey } from './csv';

/**
 * Cell values as people type them into a spreadsheet: enums in English or Chinese, lists with
 * whichever separator came to hand, phones with spaces and +86, dates as Excel rewrites them.
 */

/** How a choice is compared: case and surrounding space ignored, spaces and hyphens read as `_`. */
const choiceKey = (text: string): string => text.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** The values of an enum and the words that name each (its own name always does). */
export interface Choices<T extends string> {
  of(text: string): T | undefined;
  /** `admin (管理员), grid_worker (网格员)…`, for messages. */
  readonly described: string;
}

export function choices<T extends string>(words: Record<T, readonly string[]>): Choices<T> {
  const byWord = new Map<string, T>();
  for (const [value, names] of Object.entries(words) as [T, readonly string[]][]) {
    byWord.set(choiceKey(value), value);
    for (const name of names) byWord.set(choiceKey(name), value);
  }
  const described = (Object.entries(words) as [T, readonly string[]][])
    .map(([value, names]) => (names.length > 0 ? `${value} (${names.join('/')})` : value))
    .join(', ');
  return { of: (text) => byWord.get(choiceKey(text)), described };
}

/** Separators of a list in one cell: `;` `；` `|` `、`, and commas (a quoted cell may hold them). */
const LIST_SEPARATOR = /[;；|、,，]/;
export const splitList = (text: string | undefined): string[] =>
  (text ?? '')
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Rows in the order files are written in: by id (staff by phone), compared as code units so every machine agrees. */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const byId = <T extends { id: string }>(a: T, b: T): number => byText(a.id, b.id);

/** The list separator files are written with. */
export const LIST_JOIN = ';';

/**
 * A phone as staff are matched by it: spaces, dashes and brackets dropped, and a leading +86, 0086
 * or 86 before a mobile number. Whether what is left is a mobile number is the validator's question.
 */
export function normalizePhone(text: string): string {
  const compact = text.replace(/[\s\-()（）]/g, '');
  return compact.replace(/^(?:\+|00)?86(1\d{10})$/, '$1');
}

/** A decimal as a cell may hold it: `12`, `-0.5`, `1e3`, `6,999` (Excel's thousands), `¥6999`, `6999元`. */
export function parseDecimal(text: string): number | undefined {
  let compact = text.trim().replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '');
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(compact)) compact = compact.replaceAll(',', '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(compact)) return undefined;
  const value = Number(compact);
  return Number.isFinite(value) ? value : undefined;
}

/** A local date `YYYY-MM-DD` from `2026-03-05`, `2026/3/5` (Excel's rewrite), `2026.3.5` or `2026年3月5日`; undefined when no such day. */
export function parseLocalDate(text: string): string | undefined {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Reads one record's cells, collecting every problem of the record (not just the first), each
 * naming its column as the file spells it. The caller keeps the record only when `ok`.
 */
export class RowReader {
  readonly problems: CityProblem[] = [];

  constructor(readonly cells: Cells) {}

  get at(): SourceRef {
    return { file: this.cells.file, line: this.cells.line };
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  fail(key: string, message: string): void {
    const column = this.cells.column(key);
    this.problems.push({
      file: this.cells.file,
      line: this.cells.line,
      ...(column !== undefined ? { column } : {}),
      message: `${this.cells.label(key)}: ${message}`,
    });
  }

  /** The cell's text; a required one that is empty is a problem. */
  text(key: string, required: true): string;
  text(key: string, required?: false): string | undefined;
  text(key: string, required = false): string | undefined {
    const value = this.cells.value(key);
    if (value === undefined && required) this.fail(key, 'missing');
    return value ?? (required ? '' : undefined);
  }

  number(key: string, options: { required?: boolean; integer?: boolean } = {}): number | undefined {
    const text = this.cells.value(key);
    if (text === undefined) {
      if (options.required) this.fail(key, 'missing');
      return undefined;
    }
    const value = parseDecimal(text);
    if (value === undefined) this.fail(key, `'${text}' is not a number`);
    else if (options.integer && !Number.isInteger(value)) this.fail(key, `'${text}' is not a whole number`);
    else return value;
    return undefined;
  }

  choice<T extends string>(key: string, within: Choices<T>, required: true): T;
  choice<T extends string>(key: string, within: Choices<T>, required?: false): T | undefined;
  choice<T extends string>(key: string, within: Choices<T>, required = false): T | undefined {
    const text = this.cells.value(key);
    if (text === undefined) {
      if (required) this.fail(key, `missing (one of ${within.described})`);
      return undefined;
    }
    const value = within.of(text);
    if (value === undefined) this.fail(key, `'${text}' is not one of ${within.described}`);
    return value;
  }

  /** The items of a list cell, each mapped through `choices` when given (an unknown item is a problem). */
  list(key: string): string[];
  list<T extends string>(key: string, within: Choices<T>): T[];
  list<T extends string>(key: string, within?: Choices<T>): string[] {
    const items = splitList(this.cells.value(key));
    if (!within) return items;
    const values: T[] = [];
    for (const item of items) {
      const value = within.of(item);
      if (value === undefined) this.fail(key, `'${item}' is not one of ${within.described}`);
      else values.push(value);
    }
    return values;
  }

  date(key: string, required: boolean): string | undefined {
    const text = this.cells.value(key);
    if (text === undefined) {
      if (required) this.fail(key, 'missing (YYYY-MM-DD)');
      return undefined;
    }
    const date = parseLocalDate(text);
    if (date === undefined) this.fail(key, `'${text}' is not a date (YYYY-MM-DD)`);
    return date;
  }
}

/** Cells from a JSON object's properties (a GeoJSON feature's), looked up by the same column names as a CSV header. */
export function propertyCells(file: string, line: number, properties: Record<string, unknown>, columns: readonly Column[]): Cells {
  const byName = new Map<string, string>();
  for (const name of Object.keys(properties)) byName.set(headerKey(name), name);
  const propertyOf = (key: string): string | undefined => {
    const column = columns.find((candidate) => candidate.key === key);
    for (const name of column?.names ?? [key]) {
      const property = byName.get(headerKey(name));
      if (property !== undefined) return property;
    }
    return undefined;
  };
  return {
    file,
    line,
    value: (key) => {
      const property = propertyOf(key);
      const value = property === undefined ? undefined : properties[property];
      if (value === undefined || value === null) return undefined;
      const text = Array.isArray(value) ? value.map(String).join(LIST_JOIN) : typeof value === 'object' ? JSON.stringify(value) : String(value);
      return text.trim() === '' ? undefined : text.trim();
    },
    column: () => undefined,
    label: (key) => propertyOf(key) ?? columns.find((candidate) => candidate.key === key)?.names[0] ?? key,
  };
}
