import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { stationAvailable, stationFull, visitEnded, visitStarted } from '../../events/stations';
import { documents } from '../aws/clients';
import { config } from '../config';
import { makeEvent, updateWithEvents } from '../events/outbox';
import { ProblemError } from '../http/errors';
import { writeIf, writeOrUndefined } from '../table/conditions';
import { indexEntry, stationKeys as keys } from '../table/design';
import { queryPage } from '../table/query';
import { VISIT_PREFIX, stateOf } from './codec';
import { type StationState, walkInSeatsOf } from './domain';
import type { Visit } from './model';
import { getStationState } from './repository';
import { expiresAfter } from '../table/expiry';

/**
 * Who is in a station now. The station item holds the visits in it (`v_<userId>` attributes), with
 * two counters bounded by conditional `ADD`s: `occupied` ≤ seats, `walkIns` ≤ walk-in seats. A
 * person's current visit is a second item (`USER#<id>`/`VISIT`), which keeps "one station at a
 * time" and sits in the byDue worklist of visits ending by themselves.
 */

const table = () => config().tableName;

interface VisitItem extends Visit {
  stationId: string;
}

/** A person's current visit item, as written (it may have ended by itself, or be orphaned). */
export async function getVisitItem(userId: string): Promise<VisitItem | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.visit(userId), ConsistentRead: true }));
  if (!output.Item) return undefined;
  const { visitId, stationId, kind, seats, reservationId, since, endsAt } = output.Item as VisitItem;
  return { visitId, userId, stationId, kind, seats, ...(reservationId ? { reservationId } : {}), since, endsAt };
}

/** Removes a person's visit item if it is still this visit's. */
async function deleteVisitItem(userId: string, visitId: string): Promise<void> {
  await writeIf(
    documents().send(
      new DeleteCommand({
        TableName: table(),
        Key: keys.visit(userId),
        ConditionExpression: 'visitId = :visitId',
        ExpressionAttributeValues: { ':visitId': visitId },
      }),
    ),
  );
}

/**
 * Claims "this person is in one station" for a new visit. A previous visit that ended by itself, or
 * whose station no longer holds it (a crash between the two writes), is replaced; a live one is a 409.
 */
async function claimVisit(visit: Visit, now: Date): Promise<void> {
  const previous = await getVisitItem(visit.userId);
  if (previous && Date.parse(previous.endsAt) > now.getTime()) {
    const holder = previous.stationId === visit.stationId ? undefined : await getStationState(previous.stationId);
    const stillThere = holder?.visits.some((v) => v.visitId === previous.visitId);
    if (stillThere) throw new ProblemError('already_checked_in', `checked in at ${previous.stationId}`);
  }
  const claimed = await writeIf(
    documents().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.visit(visit.userId),
          entity: 'visit',
          ...visit,
          ...indexEntry('byDue', keys.visitEnds, `${visit.endsAt}#${visit.userId}`),
          expiresAt: expiresAfter(new Date(visit.endsAt), 7 * 24 * 3600),
        },
        ConditionExpression: previous ? 'visitId = :previous' : 'attribute_not_exists(pk)',
        ...(previous ? { ExpressionAttributeValues: { ':previous': previous.visitId } } : {}),
      }),
    ),
  );
  // The same person checking in twice at once: one of them wins.
  if (!claimed) throw new ProblemError('already_checked_in');
}

/**
 * Starts a visit: first the person's visit item (one station at a time), then the station's
 * occupancy, a conditional `ADD` that never passes the seats. If the station refuses (full), the
 * visit item is taken back; if the process dies in between, the orphan is replaced at the next
 * check-in and swept when it would have ended.
 */
export async function startVisit(visit: Visit, seats: { total: number; walkIn: number }, now: Date): Promise<Record<string, unknown>> {
  await claimVisit(visit, now);
  const { userId, stationId, ...entry } = visit;
  const walkIn = visit.kind === 'walk_in';
  const item = await writeOrUndefined(
    updateWithEvents(
      {
        key: keys.station(stationId),
        add: { occupied: visit.seats, ...(walkIn ? { walkIns: visit.seats } : {}) },
        set: { [VISIT_PREFIX + userId]: entry },
        condition: `attribute_not_exists(#visit) AND #status = :active AND occupied <= :maxOccupied${walkIn ? ' AND walkIns <= :maxWalkIns' : ''}`,
        names: { '#visit': VISIT_PREFIX + userId, '#status': 'status' },
        values: {
          ':active': 'active',
          ':maxOccupied': seats.total - visit.seats,
          ...(walkIn ? { ':maxWalkIns': seats.walkIn - visit.seats } : {}),
        },
        returnValues: 'ALL_NEW',
      },
      [
        makeEvent(visitStarted, {
          stationId,
          userId,
          visitId: visit.visitId,
          kind: visit.kind,
          seats: visit.seats,
          ...(visit.reservationId ? { reservationId: visit.reservationId } : {}),
          endsAt: visit.endsAt,
        }),
      ],
    ),
  );
  if (!item) {
    await deleteVisitItem(userId, visit.visitId);
    throw new ProblemError('station_full');
  }
  await syncFullFlag(stateOf(item));
  return item;
}

/**
 * Ends a visit in the station (checked out, or past its end), then removes the person's visit
 * item. Returns false when the station no longer held that visit.
 */
export async function endVisit(visit: Visit, reason: 'checked_out' | 'expired'): Promise<boolean> {
  const item = await writeOrUndefined(
    updateWithEvents(
      {
        key: keys.station(visit.stationId),
        add: { occupied: -visit.seats, ...(visit.kind === 'walk_in' ? { walkIns: -visit.seats } : {}) },
        remove: [VISIT_PREFIX + visit.userId],
        condition: '#visit.visitId = :visitId',
        names: { '#visit': VISIT_PREFIX + visit.userId },
        values: { ':visitId': visit.visitId },
        returnValues: 'ALL_NEW',
      },
      [makeEvent(visitEnded, { stationId: visit.stationId, userId: visit.userId, visitId: visit.visitId, reason })],
    ),
  );
  if (item) await syncFullFlag(stateOf(item));
  await deleteVisitItem(visit.userId, visit.visitId);
  return item !== undefined;
}

/** Ends the visits of a station that are past their end (reads count them as gone already). */
export async function releaseEndedVisits(state: StationState, now: Date): Promise<number> {
  const ended = state.visits.filter((visit) => Date.parse(visit.endsAt) <= now.getTime());
  for (const visit of ended) await endVisit(visit, 'expired');
  return ended.length;
}

/**
 * Keeps the station's `full` flag in step with its walk-in counter, announcing `station.full` or
 * `station.available` with the flip. The flip is a conditional write of its own, so concurrent
 * check-ins announce each crossing once; a flip lost to a crash is made by the next change.
 */
export async function syncFullFlag({ station, full, counters }: ReturnType<typeof stateOf>): Promise<void> {
  const walkInSeats = walkInSeatsOf(station.seats);
  const nowFull = counters.walkIns >= walkInSeats;
  if (nowFull === full) return;
  const data = { stationId: station.id, walkInSeats, occupied: counters.occupied };
  await writeIf(
    updateWithEvents(
      {
        key: keys.station(station.id),
        set: { full: nowFull },
        condition: nowFull
          ? 'walkIns >= :walkInSeats AND (attribute_not_exists(#full) OR #full = :false)'
          : 'walkIns < :walkInSeats AND #full = :true',
        names: { '#full': 'full' },
        values: { ':walkInSeats': walkInSeats, ...(nowFull ? { ':false': false } : { ':true': true }) },
      },
      [makeEvent(nowFull ? stationFull : stationAvailable, data)],
    ),
  );
}

/**
 * The schedule's part: ends visits past their end, found by the byDue index (no TTL involved), and
 * removes visit items whose station never got the visit.
 */
export async function sweepEndedVisits(now: Date, max = 500): Promise<number> {
  // `~` sorts after `#`: every `endsAt#userId` with endsAt at or before now, as releaseEndedVisits counts it.
  const due = await queryPage({ index: 'byDue', partition: keys.visitEnds, sortUpTo: `${now.toISOString()}~`, limit: max });
  let ended = 0;
  for (const item of due.items) {
    const visit = { ...(item as unknown as Visit), userId: String(item.userId) };
    if (await endVisit(visit, 'expired')) ended += 1;
  }
  return ended;
}
