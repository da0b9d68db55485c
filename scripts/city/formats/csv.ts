import type { CityProblem } from '../model';

/**
 * CSV as RFC 4180 has it and Excel writes it: fields separated by commas, a field quoted when it
 * holds a comma, a quote (doubled inside) or a line break; CRLF or LF. Rows keep the line they start
 * on, counted in the text's own lines, so a quoted field spanning lines does not shift the numbers
 * of the rows after it. A row whose quoting is broken is reported and skipped; reading resumes on
 * the line after the one it started on, so one stray quote costs one row, not the rest of the file.
 */

export interface CsvRecord {
  /** The line the record starts on, from 1. */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  /** The field's position in its row, from 1. */
  column: number;
  message: string;
}

const isBlank = (character: string | undefined) => character === ' ' || character === '\t';

/** The records of a CSV text; blank lines (and rows of nothing but commas, which Excel writes) are skipped. */
export function parseCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const length = text.length;
  let index = 0;
  let line = 1;
  while (index < length) {
    const recordStart = index;
    const recordLine = line;
    const fields: string[] = [];
    let problem: Omit<CsvProblem, 'line'> | undefined;
    for (;;) {
      const column = fields.length + 1;
      // Spaces before an opening quote are tolerated: hand-written files put them after commas.
      let start = index;
      while (isBlank(text[start])) start += 1;
      if (text[start] === '"') {
        index = start + 1;
        let value = '';
        let closed = false;
        let segment = index;
        while (index < length) {
          const character = text[index];
          if (character === '"') {
            value += text.slice(segment, index);
            if (text[index + 1] === '"') {
              value += '"';
              index += 2;
              segment = index;
              continue;
            }
            index += 1;
            closed = true;
            break;
          }
          if (character === '\n') line += 1;
          index += 1;
        }
        if (!closed) {
          problem = { column, message: 'a quoted field is never closed (a stray " ?)' };
          break;
        }
        while (isBlank(text[index])) index += 1;
        const next = text[index];
        if (next === ',') {
          fields.push(value);
          index += 1;
          continue;
        }
        if (next === '\r' || next === '\n' || next === undefined) {
          fields.push(value);
          break;
        }
        problem = { column, message: 'text after a quoted field’s closing quote (a quote inside a quoted field is written "")' };
        break;
      }
      let end = index;
      while (end < length) {
        const character = text[end];
        if (character === ',' || character === '\n' || character === '\r') break;
        end += 1;
      }
      const value = text.slice(index, end);
      index = end;
      if (value.includes('"')) {
        problem = { column, message: 'a quote inside an unquoted field (quote the whole field, and write the quote as "")' };
        break;
      }
      fields.push(value);
      if (text[index] === ',') {
        index += 1;
        continue;
      }
      break;
    }
    if (problem) {
      problems.push({ line: recordLine, ...problem });
      const newline = text.indexOf('\n', recordStart);
      index = newline < 0 ? length : newline + 1;
      line = recordLine + 1;
      continue;
    }
    if (text[index] === '\r') index += 1;
    if (text[index] === '\n') index += 1;
    line += 1;
    if (fields.every((field) => field.trim() === '')) continue;
    records.push({ line: recordLine, fields });
  }
  return { records, problems };
}

const needsQuotes = /[",\r\n]|^\s|\s$/;

/** CSV text of rows (the first being the header): CRLF line ends, fields quoted only when they must be. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((row) => row.map((field) => (needsQuotes.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(','))
    .map((line) => `${line}\r\n`)
    .join('');
}

/** One column of a file: the key the reader asks for, and the headers that name it (the first is written). */
export interface Column {
  key: string;
  names: readonly string[];
  required?: boolean;
}

/** The cells of one record by column key, however the file holds them (a CSV row, a GeoJSON feature's properties). */
export interface Cells {
  file: string;
  line: number;
  /** The cell's text, trimmed; undefined when empty or absent. */
  value(key: string): string | undefined;
  /** Where the cell is in a CSV row (from 1); undefined in other files. */
  column(key: string): number | undefined;
  /** The column's name as the file spells it, for messages. */
  label(key: string): string;
}

/**
 * A header as it is compared: case and surrounding space ignored, spaces and hyphens read as `_`, a
 * unit in brackets dropped (`价值（元）` is `价值`, `Contact Name` is `contact_name`).
 */
export const headerKey = (header: string): string =>
  header
    .trim()
    .replace(/\s*[(（][^)）]*[)）]$/, '')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** How a file's columns read in a message: `name (姓名), phone (手机号)…`. */
export const describeColumns = (columns: readonly Column[]): string =>
  columns.map((column) => (column.names.length > 1 ? `${column.names[0]} (${column.names[1]})` : column.names[0])).join(', ');

/**
 * The rows of a CSV file as cells by column: headers in any order and case, English or Chinese.
 * An unknown or repeated header is reported and its column ignored; a missing required one is
 * reported once and no row is read (each would fail the same way).
 */
export function readTable(file: string, text: string, columns: readonly Column[]): { rows: Cells[]; problems: CityProblem[] } {
  const { records, problems: csvProblems } = parseCsv(text);
  const problems: CityProblem[] = csvProblems.map((problem) => ({ file, ...problem }));
  const [header, ...body] = records;
  if (!header) {
    problems.push({ file, line: 1, message: `no header row (columns: ${describeColumns(columns)})` });
    return { rows: [], problems };
  }
  const byName = new Map<string, Column>();
  for (const column of columns) for (const name of column.names) byName.set(headerKey(name), column);
  /** Column key → its index in the row. */
  const indexOf = new Map<string, number>();
  const labels = new Map<string, string>();
  header.fields.forEach((name, index) => {
    if (name.trim() === '') return;
    const column = byName.get(headerKey(name));
    if (!column) {
      problems.push({ file, line: header.line, column: index + 1, message: `unknown column '${name.trim()}' (columns: ${describeColumns(columns)})` });
    } else if (indexOf.has(column.key)) {
      problems.push({ file, line: header.line, column: index + 1, message: `column '${name.trim()}' repeats column ${indexOf.get(column.key)! + 1} ('${labels.get(column.key)}')` });
    } else {
      indexOf.set(column.key, index);
      labels.set(column.key, name.trim());
    }
  });
  const missing = columns.filter((column) => column.required && !indexOf.has(column.key));
  if (missing.length > 0) {
    problems.push({ file, line: header.line, message: `missing column${missing.length > 1 ? 's' : ''} ${describeColumns(missing)}` });
    return { rows: [], problems };
  }
  // Columns past the last named header are Excel's leftovers when empty, and a mistake when not.
  const named = header.fields.reduce((last, name, index) => (name.trim() === '' ? last : index + 1), 0);
  const rows: Cells[] = [];
  for (const record of body) {
    if (record.fields.length < named) {
      problems.push({ file, line: record.line, message: `${record.fields.length} fields where the header has ${named} (a missing comma?)` });
      continue;
    }
    const stray = record.fields.findIndex((field, index) => field.trim() !== '' && (index >= named || header.fields[index]!.trim() === ''));
    if (stray >= 0) {
      problems.push({ file, line: record.line, column: stray + 1, message: `a value in a column without a header (an extra comma?)` });
      continue;
    }
    rows.push({
      file,
      line: record.line,
      value: (key) => {
        const index = indexOf.get(key);
        const value = index === undefined ? undefined : record.fields[index]?.trim();
        return value === '' ? undefined : value;
      },
      column: (key) => {
        const index = indexOf.get(key);
        return index === undefined ? undefined : index + 1;
      },
      label: (key) => labels.get(key) ?? columns.find((column) => column.key === key)?.names[0] ?? key,
    });
  }
  return { rows, problems };
}
