import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import { availabilityOf } from '../../../shared/stations/domain';
import { sweepEndedVisits } from '../../../shared/stations/occupancy';
import { getStationState } from '../../../shared/stations/repository';
import { searchNearby } from '../../../shared/stations/search';
import { checkIn, checkOut, currentVisit } from '../../../shared/stations/visits';
import { keys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';
import { aStation, beijing, mockBus, race, times } from './fixtures';

useEngine();
const bus = mockBus();
const noon = beijing('2026-07-01T12:00:00');
const minutesAfterNoon = (minutes: number) => new Date(noon.getTime() + minutes * 60_000);

describe('live occupancy', () => {
  it('never lets more walk-ins in than there are walk-in seats, however many arrive at once, and says so once', async () => {
    // Prepare
    const station = await aStation('busy', { total: 8, reservable: 4 });
    // Act
    const { values, refusals } = await race(times(30, (i) => () => checkIn(station.id, `walker-${i}`, noon)));
    const state = await getStationState(station.id);
    // Assess
    expect(values).toHaveLength(4);
    expect(refusals).toEqual({ '409 station_full': 26 });
    expect(state!.counters).toEqual({ occupied: 4, walkIns: 4 });
    expect(availabilityOf(state!, noon).freeSeats).toBe(0);
    expect(bus.of('station.full').filter((e) => e.data.stationId === station.id)).toHaveLength(1);
    expect(bus.of('station.checked-in').filter((e) => e.data.stationId === station.id)).toHaveLength(4);
  });

  it('keeps a person in one station at a time, and lets them move on after checking out', async () => {
    // Prepare
    const a = await aStation('one-a', { total: 4, reservable: 0 });
    const b = await aStation('one-b', { total: 4, reservable: 0 });
    await checkIn(a.id, 'mover', noon);
    // Act
    const elsewhere = await checkIn(b.id, 'mover', minutesAfterNoon(5)).catch((error) => error);
    const again = await checkIn(a.id, 'mover', minutesAfterNoon(5));
    await checkOut(a.id, 'mover', minutesAfterNoon(10));
    const moved = await checkIn(b.id, 'mover', minutesAfterNoon(11));
    const where = await currentVisit('mover', minutesAfterNoon(12));
    // Assess
    expect(elsewhere).toMatchObject({ status: 409, code: 'already_checked_in' });
    expect(again.created).toBe(false);
    expect(moved.created).toBe(true);
    expect(where?.stationId).toBe(b.id);
    expect((await getStationState(a.id))!.counters.occupied).toBe(0);
  });

  it('ends a visit by itself after the maximum stay: reads count the seat free at once, the schedule ends it', async () => {
    // Prepare
    const station = await aStation('stay', { total: 1, reservable: 0 });
    const { visit } = await checkIn(station.id, 'sleeper', noon);
    const later = minutesAfterNoon(121);
    // Act
    const before = availabilityOf((await getStationState(station.id))!, minutesAfterNoon(60));
    const after = availabilityOf((await getStationState(station.id))!, later);
    const [found] = await searchNearby({ centre: station.location, radiusMetres: 500, minFreeSeats: 1, limit: 50 }, later).then((views) => views.filter((v) => v.id === station.id));
    const ended = await sweepEndedVisits(later);
    const state = await getStationState(station.id);
    const where = await currentVisit('sleeper', later);
    // Assess
    expect(visit.endsAt).toBe(minutesAfterNoon(120).toISOString());
    expect(before).toMatchObject({ freeSeats: 0, seatFreesBy: visit.endsAt });
    expect(after.freeSeats).toBe(1);
    expect(found?.availability.freeSeats).toBe(1);
    expect(ended).toBeGreaterThanOrEqual(1);
    expect(state!.visits).toEqual([]);
    expect(state!.counters).toEqual({ occupied: 0, walkIns: 0 });
    expect(where).toBeUndefined();
    expect(bus.of('station.checked-out').filter((e) => e.data.stationId === station.id)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ reason: 'expired', userId: 'sleeper' }) }),
    ]);
    expect(bus.of('station.available').filter((e) => e.data.stationId === station.id)).toHaveLength(1);
  });

  it('lets the next visitor in when the last one overstayed, without waiting for the schedule', async () => {
    // Prepare
    const station = await aStation('overstay', { total: 1, reservable: 0 });
    await checkIn(station.id, 'first', noon);
    // Act
    const next = await checkIn(station.id, 'second', minutesAfterNoon(125));
    // Assess
    expect(next.created).toBe(true);
    expect((await getStationState(station.id))!.visits.map((v) => v.userId)).toEqual(['second']);
  });

  it('replaces a visit item its station never got (a crash between the two writes) at the next check-in', async () => {
    // Prepare
    const station = await aStation('orphan', { total: 2, reservable: 0 });
    await documents().send(
      new PutCommand({
        TableName: config().tableName,
        Item: { ...keys.visit('crashed'), visitId: 'lost', userId: 'crashed', stationId: station.id, kind: 'walk_in', seats: 1, since: noon.toISOString(), endsAt: minutesAfterNoon(120).toISOString() },
      }),
    );
    // Act
    const before = await currentVisit('crashed', minutesAfterNoon(1));
    const { visit, created } = await checkIn(station.id, 'crashed', minutesAfterNoon(2));
    // Assess
    expect(before).toBeUndefined();
    expect(created).toBe(true);
    expect(visit.visitId).not.toBe('lost');
  });

  it('answers 404 to a check-out from a station one is not in', async () => {
    // Prepare
    const station = await aStation('not-in', { total: 2, reservable: 0 });
    // Act
    const outcome = await checkOut(station.id, 'stranger', noon).catch((error) => error);
    // Assess
    expect(outcome).toMatchObject({ status: 404 });
  });
});
