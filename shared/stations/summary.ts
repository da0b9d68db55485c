import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { type LatLng, geohashOf } from '../geo/geo';
import { newId } from '../ids';
import { batchGetItems } from '../table/batch';
import { writeIf } from '../table/conditions';
import { stationKeys as keys } from '../table/design';
import { queryAll } from '../table/query';
import { buildUpdate } from '../table/update';
import { weekdayNames } from '../time/local';
import { CELL_PRECISION } from './cells';
import { stateOf } from './codec';
import { isOpenAt } from './hours';
import type { Amenity, Hours, Interval, Station } from './model';
import { amenities } from './terms';

/**
 * The search summary of a geohash cell: one item per cell of the station index (precision 5, about
 * 4.9 × 4.1 km here) holding, for each station in the cell, what a nearby search's first look
 * needs — id, location, status, amenities, walk-in seats and opening hours — as one short string
 * (about 60 bytes, against about 1.5 KB for the station item). A 5 km search reads the summaries of
 * the dozen cells its circle touches in one BatchGet, picks the stations that may pass its filters,
 * nearest first, and reads only those stations' items, as many as its answer needs (search.ts): its
 * reads follow the cells and the answer, not how many stations stand in the circle.
 *
 * A summary is a first look only: every station it names is checked again on its own item before it
 * is answered, so a summary may hold more than is true (a state a write announced and never made, a
 * station that moved away) but must never hold less. The code that writes a station keeps it so
 * (repository.ts, through {@link announceStation}, {@link settleStation}, {@link withdrawStation}):
 * - before the station item is written, its new state joins the station's entry in its cell's
 *   summary, beside the state there (the entry is a list of states);
 * - after the write, the entry is narrowed to the new state (keeping any state a later write of the
 *   same station announced meanwhile: one with a higher version), and a station that moved leaves
 *   its old cell; a write that failed takes back the state it announced.
 * A crash between these steps leaves a superset, which is harmless and narrowed by the station's next
 * write. Narrowing is optimistic: each entry has a counter (`n_<id>`) that every change of it
 * increments, and a narrowing writes only if the counter is still what it read.
 *
 * A cell's summary is trusted only once it is `complete`: built from the station index by the first
 * search that needs it (stations written before summaries existed, or a new table), merging what the
 * index holds under the entries writers made meanwhile (`if_not_exists`), so nothing a writer
 * announced is lost. An empty cell's summary is complete and empty, so searching open country costs
 * one key of a BatchGet rather than a Query. A summary holds about 80 bytes a station: the 400 KB item
 * limit is some 5,000 stations in one 20 km² cell.
 */

const table = () => config().tableName;

/** One station's state in a summary. */
export interface SummaryState {
  /** The station's version in this state. */
  version: number;
  /** The write that announced it (`index` for a state read from the station index). */
  token: string;
  location: LatLng;
  status: Station['status'];
  /**
   * Bit i: `amenities[i]` (model.ts), as declared: one out with its facilities still counts here (more
   * than is true, which a summary may hold); the station's own item leaves it out (amenities.ts).
   */
  amenityBits: number;
  walkInSeats: number;
  hours: string;
}

/** A cell's summary as a search reads it: each station's states. */
export interface CellSummary {
  cell: string;
  complete: boolean;
  stations: Map<string, SummaryState[]>;
}

const STATES_PREFIX = 's_';
const COUNTER_PREFIX = 'n_';
const statesAttribute = (stationId: string) => `${STATES_PREFIX}${stationId}`;
const counterAttribute = (stationId: string) => `${COUNTER_PREFIX}${stationId}`;
const INDEX_TOKEN = 'index';

export const summaryCellOf = (location: LatLng): string => geohashOf(location, CELL_PRECISION);

// ————— the state string —————

const intervalsDigest = (intervals: readonly Interval[]) => intervals.map((interval) => `${interval.opens}-${interval.closes}`).join(',');
const intervalsOf = (digest: string): Interval[] =>
  digest === ''
    ? []
    : digest.split(',').map((part) => {
        const [opens, closes] = part.split('-');
        return { opens: opens!, closes: closes! };
      });

/**
 * Opening hours, exactly as far as "open at" goes (exception notes left out): the weekdays' intervals
 * from Monday, `07:00-21:00` (`,` between two, nothing on a closed day), joined by `/`, or written
 * once when every day is alike; then each exception, `<from><to>=<intervals>`, after `;`.
 */
export function hoursDigest(hours: Hours): string {
  const days = weekdayNames.map((day) => intervalsDigest(hours.weekly[day] ?? []));
  const weekly = new Set(days).size === 1 ? days[0] : days.join('/');
  return [weekly, ...hours.exceptions.map((exception) => `${exception.from}${exception.to}=${intervalsDigest(exception.intervals)}`)].join(';');
}

const decodedHours = new Map<string, Hours>();

/** The hours a digest stands for (kept decoded: stations mostly share a few ways of keeping hours). */
export function hoursOfDigest(digest: string): Hours {
  const known = decodedHours.get(digest);
  if (known) return known;
  const [weekly = '', ...exceptions] = digest.split(';');
  const days = weekly.split('/');
  const hours: Hours = {
    weekly: Object.fromEntries(weekdayNames.map((day, index) => [day, intervalsOf(days[days.length === 1 ? 0 : index]!)])) as Hours['weekly'],
    exceptions: exceptions.map((exception) => {
      const [dates = '', intervals = ''] = exception.split('=');
      return { from: dates.slice(0, 10), to: dates.slice(10, 20), intervals: intervalsOf(intervals) };
    }),
  };
  if (decodedHours.size >= 1000) decodedHours.clear();
  decodedHours.set(digest, hours);
  return hours;
}

const amenityBitsOf = (list: readonly Amenity[]) => list.reduce((bits, amenity) => bits | (1 << amenities.indexOf(amenity)), 0);
export const hasAmenity = (state: Pick<SummaryState, 'amenityBits'>, amenity: Amenity): boolean => (state.amenityBits & (1 << amenities.indexOf(amenity))) !== 0;

/** A station's state as its summary entry holds it: `version|token|lat|lng|status|amenity bits|walk-in seats|hours`. */
export function stateString(station: Station, token: string): string {
  const walkInSeats = station.seats.total - station.seats.reservable;
  return [station.version, token, station.location.lat, station.location.lng, station.status, amenityBitsOf(station.amenities), walkInSeats, hoursDigest(station.hours)].join('|');
}

export function parseState(text: string): SummaryState {
  const [version, token, lat, lng, status, bits, walkInSeats, ...hours] = text.split('|');
  return {
    version: Number(version),
    token: token!,
    location: { lat: Number(lat), lng: Number(lng) },
    status: status as Station['status'],
    amenityBits: Number(bits),
    walkInSeats: Number(walkInSeats),
    hours: hours.join('|'),
  };
}

/** Whether a state may be open at `now` (the station's own item decides in the end). */
export const mayBeOpenAt = (state: SummaryState, now: Date): boolean => state.status === 'active' && isOpenAt(hoursOfDigest(state.hours), now);

// ————— the writer's side —————

/** A token naming one write's announced state: the random part of a new id (40 bits). */
export const summaryToken = (): string => newId().slice(-7);

/** Before a station is written: its new state joins its entry in its cell's summary. */
export async function announceStation(station: Station, token: string): Promise<void> {
  await documents().send(
    new UpdateCommand(
      buildUpdate(table(), {
        key: keys.stationCellSummary(summaryCellOf(station.location)),
        append: { [statesAttribute(station.id)]: [stateString(station, token)] },
        add: { [counterAttribute(station.id)]: 1 },
      }),
    ),
  );
}

/** Narrowings tried before leaving a contended entry as the superset it is (the next write narrows it). */
const NARROW_ATTEMPTS = 5;

/** Keeps only the states of a station's entry in a cell that `keep` says, unless the entry changes meanwhile (then reads it again). */
async function narrow(cell: string, stationId: string, keep: (state: SummaryState) => boolean): Promise<void> {
  const key = keys.stationCellSummary(cell);
  const [states, counter] = [statesAttribute(stationId), counterAttribute(stationId)];
  for (let attempt = 0; attempt < NARROW_ATTEMPTS; attempt += 1) {
    const output = await documents().send(
      new GetCommand({ TableName: table(), Key: key, ConsistentRead: true, ProjectionExpression: '#s, #n', ExpressionAttributeNames: { '#s': states, '#n': counter } }),
    );
    const current = (output.Item?.[states] as string[] | undefined) ?? [];
    const kept = current.filter((text) => keep(parseState(text)));
    if (kept.length === current.length) return;
    // Counters count from 1: -1 stands for none yet (an entry a search built from the index).
    const seen = (output.Item?.[counter] as number | undefined) ?? -1;
    const written = await writeIf(
      documents().send(
        new UpdateCommand(
          buildUpdate(table(), {
            key,
            ...(kept.length > 0 ? { set: { [states]: kept } } : { remove: [states] }),
            add: { [counter]: 1 },
            condition: 'attribute_not_exists(#seen) OR #seen = :seen',
            names: { '#seen': counter },
            values: { ':seen': seen },
          }),
        ),
      ),
    );
    if (written) return;
  }
}

/**
 * After a station was written: its entry holds its new state only (and any state a later write
 * announced meanwhile); if it moved from `previousLocation`'s cell, it leaves that cell.
 */
export async function settleStation(station: Station, token: string, previousLocation?: LatLng): Promise<void> {
  const cell = summaryCellOf(station.location);
  await narrow(cell, station.id, (state) => state.token === token || state.version > station.version);
  const previousCell = previousLocation ? summaryCellOf(previousLocation) : undefined;
  if (previousCell && previousCell !== cell) await narrow(previousCell, station.id, (state) => state.version > station.version);
}

/** After a station's write failed: the state it announced goes. */
export async function withdrawStation(station: Station, token: string): Promise<void> {
  await narrow(summaryCellOf(station.location), station.id, (state) => state.token !== token);
}

// ————— the search's side —————

function summaryOf(cell: string, item: Record<string, unknown> | undefined): CellSummary {
  const stations = new Map<string, SummaryState[]>();
  for (const [name, value] of Object.entries(item ?? {})) {
    if (!name.startsWith(STATES_PREFIX)) continue;
    const stationId = name.slice(STATES_PREFIX.length);
    stations.set(stationId, (value as string[]).map(parseState));
  }
  return { cell, complete: item?.complete === true, stations };
}

/** The summaries of these cells, in one BatchGet (an absent one is empty and not complete). */
export async function readSummaries(cells: readonly string[]): Promise<CellSummary[]> {
  const items = await batchGetItems(cells.map(keys.stationCellSummary));
  const byPk = new Map(items.map((item) => [item.pk as string, item]));
  return cells.map((cell) => summaryOf(cell, byPk.get(keys.stationCellSummary(cell).pk)));
}

/** Stations merged per UpdateItem when a summary is built (its expression stays well under 4 KB). */
const MERGE_CHUNK = 40;

/**
 * Builds a cell's summary from the station index: every station there gets an entry unless it has
 * one (a writer's, which is newer than the index), then the summary is marked complete. Returns the
 * summary as written.
 */
export async function buildSummary(cell: string): Promise<CellSummary> {
  const stations = (await queryAll({ index: 'byPlace', partition: keys.stationCell(cell) })).map((item) => stateOf(item).station);
  const key = keys.stationCellSummary(cell);
  let written: Record<string, unknown> | undefined;
  for (let start = 0; start === 0 || start < stations.length; start += MERGE_CHUNK) {
    const chunk = stations.slice(start, start + MERGE_CHUNK);
    const last = start + MERGE_CHUNK >= stations.length;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = chunk.map((station, index) => {
      names[`#s${index}`] = statesAttribute(station.id);
      values[`:s${index}`] = [stateString(station, INDEX_TOKEN)];
      return `#s${index} = if_not_exists(#s${index}, :s${index})`;
    });
    if (last) {
      names['#complete'] = 'complete';
      values[':complete'] = true;
      sets.push('#complete = :complete');
    }
    const output = await documents().send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...(last ? { ReturnValues: 'ALL_NEW' } : {}),
      }),
    );
    written = output.Attributes;
  }
  return summaryOf(cell, written ?? { complete: true });
}
