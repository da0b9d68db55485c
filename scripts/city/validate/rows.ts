/**
 * What every check of validate/ says its problems with: a row's file and line, where another row
 * is, repeated keys, and the API's field names as the files' columns.
 */
import type { Issue } from '../formats/issues';
import type { CityProblem, SourceRef } from '../model';

/** A row of the files: where it was read, if it was (rows made in memory were not). */
export type Row = { at?: SourceRef };

/** A problem of a row: at its file and line, or just the file for a row made in memory. */
export const problemAt = (row: Row, file: string, message: string): CityProblem => ({
  file: row.at?.file ?? file,
  ...(row.at ? { line: row.at.line } : {}),
  message,
});

/** Where another row is, seen from a row: `line 12` in the same file, `staff.csv:12` in another, nothing for one made in memory. */
function placeOf(other: Row, from: Row): string | undefined {
  if (!other.at) return undefined;
  return other.at.file === from.at?.file ? `line ${other.at.line}` : `${other.at.file}:${other.at.line}`;
}

/** `placeOf` in parentheses after a space, for the end of a message; nothing for a row made in memory. */
export const whereIs = (other: Row, from: Row): string => {
  const place = placeOf(other, from);
  return place ? ` (${place})` : '';
};

/** The first row of each key; later ones are reported as repeats of it. */
export function firstOfEach<T extends Row>(rows: readonly T[], keyOf: (row: T) => string, file: string, what: string, problems: CityProblem[]): Map<string, T> {
  const first = new Map<string, T>();
  for (const row of rows) {
    const key = keyOf(row);
    const earlier = first.get(key);
    const place = earlier && placeOf(earlier, row);
    if (earlier) problems.push(problemAt(row, file, `${what} ${key} is used twice${place ? `, first at ${place}` : ''}`));
    else first.set(key, row);
  }
  return first;
}

/** API field names as the files call them, so a message names the column to fix. */
const columnNames: Record<string, string> = {
  'location.lat': 'lat',
  'location.lng': 'lng',
  gridId: 'grid',
  'seats.total': 'seats',
  'seats.reservable': 'reservable',
  'contact.name': 'contact_name',
  'contact.phone': 'contact_phone',
  donorId: 'donor',
  stationId: 'station',
  donatedOn: 'donated_on',
  declaredValueYuan: 'value_yuan',
};

/** A schema's issue as a message, led by the column it is about. */
export const issueMessage = (issue: Issue) => {
  const field = columnNames[issue.field] ?? issue.field;
  return field ? `${field}: ${issue.message}` : issue.message;
};
