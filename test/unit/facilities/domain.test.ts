import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import {
  assertCanReportFault,
  donorReport,
  planMove,
  planNewFacility,
  planTransition,
} from '../../../shared/facilities/domain';
import type { Facility } from '../../../shared/facilities/model';
import { demoStation } from '../../../infra/local/seeds/stations';
import { demoDonors, demoFacilities } from '../../../infra/local/seeds/facilities';
import { problemThrownBy } from '../../support/problems';

const now = new Date('2026-07-01T04:00:00.000Z');
const who = (userId: string, role: Identity['role'], extra: Partial<Identity> = {}): Identity => ({ userId, role, units: [], ...extra });
/** Named in the seeded station's managers list. */
const manager = who('demo-station-manager', 'station_manager');
const airCon = demoFacilities[0]!;
const problemOf = problemThrownBy;

describe('a facility’s life cycle', () => {
  it('goes in service → fault reported → under repair → in service, logging each step with who and when', () => {
    // Act
    const reported = planTransition(airCon, 'fault_reported', 'worker', now, { note: '不制冷' });
    const repairing = planTransition(reported.facility, 'repair_started', 'demo-station-manager', now);
    const restored = planTransition(repairing.facility, 'restored', 'demo-station-manager', now, { condition: 'fair', costYuan: 180 });
    // Assess
    expect(restored.facility).toMatchObject({ status: 'in_service', condition: 'fair', version: airCon.version + 3 });
    expect(restored.facility.log.map((entry) => [entry.action, entry.status, entry.by])).toEqual([
      ['donated', 'in_service', 'seed'],
      ['fault_reported', 'fault_reported', 'worker'],
      ['repair_started', 'under_repair', 'demo-station-manager'],
      ['restored', 'in_service', 'demo-station-manager'],
    ]);
    expect(restored.entry).toMatchObject({ costYuan: 180 });
  });

  it('refuses steps out of order: a repair of a working facility, a second fault report, anything after retirement', () => {
    // Prepare
    const reported = planTransition(airCon, 'fault_reported', 'worker', now).facility;
    const retired = planTransition(airCon, 'retired', 'demo-station-manager', now).facility;
    // Act & Assess
    expect(problemOf(() => planTransition(airCon, 'repair_started', 'm', now))).toEqual({ status: 409, code: 'facility_transition' });
    expect(problemOf(() => planTransition(reported, 'fault_reported', 'w2', now))?.status).toBe(409);
    expect(problemOf(() => planTransition(retired, 'restored', 'm', now))?.status).toBe(409);
    expect(problemOf(() => planMove(retired, { ...demoStation, id: 'other' }, 'm', now))?.status).toBe(409);
  });

  it('moves a facility to another station, keeping its state and logging where from', () => {
    // Act
    const { facility, entry } = planMove(airCon, { ...demoStation, id: 'other-station' }, 'demo-admin', now, '调拨');
    // Assess
    expect(facility).toMatchObject({ stationId: 'other-station', status: 'in_service' });
    expect(entry).toMatchObject({ action: 'moved', fromStationId: 'lushan-station', stationId: 'other-station' });
  });
});

describe('who may do what', () => {
  it('lets anyone at the station report a fault — checked in, or reserved today — and its staff, but not a passer-by', () => {
    const away = { checkedIn: false, reservedToday: false };
    expect(problemOf(() => assertCanReportFault(who('w', 'outdoor_worker'), demoStation, { checkedIn: true, reservedToday: false }))).toBeUndefined();
    expect(problemOf(() => assertCanReportFault(who('r', 'resident'), demoStation, { checkedIn: false, reservedToday: true }))).toBeUndefined();
    expect(problemOf(() => assertCanReportFault(manager, demoStation, away))).toBeUndefined();
    expect(problemOf(() => assertCanReportFault(who('g', 'grid_worker', { units: ['lushan-g1'] }), demoStation, away))).toBeUndefined();
    expect(problemOf(() => assertCanReportFault(who('w', 'outdoor_worker'), demoStation, away))).toEqual({ status: 403, code: 'not_at_station' });
  });

  it('lets only the station’s managers and admins over it register a gift', () => {
    // Prepare
    const input = { id: 'f1', kind: 'fan' as const, donatedOn: '2026-06-30', declaredValueYuan: 199, condition: 'new' as const, photoUrls: [] };
    // Act
    const registered = planNewFacility(manager, input, demoDonors[0]!, demoStation, now);
    const byOtherManager = problemOf(() => planNewFacility(who('m2', 'station_manager'), input, demoDonors[0]!, demoStation, now));
    // Assess
    expect(registered).toMatchObject({ status: 'in_service', donorName: '南苑街道商会', stationId: 'lushan-station', version: 1 });
    expect(byOtherManager?.status).toBe(403);
  });
});

describe('a donor’s thank-you report', () => {
  it('lists what they gave, where it is and how it is, and sums the declared value exactly', () => {
    // Prepare
    const donor = demoDonors[0]!;
    const given: Facility[] = [
      ...demoFacilities.filter((f) => f.donorId === donor.id),
      { ...demoFacilities[0]!, id: 'cheap', declaredValueYuan: 0.1, status: 'retired' },
      { ...demoFacilities[0]!, id: 'cheap2', declaredValueYuan: 0.2, status: 'under_repair' },
    ];
    // Act
    const report = donorReport(donor, given, new Map([['lushan-station', '庐山社区宁小蜂驿站']]));
    // Assess
    expect(report.totals).toEqual({ facilities: 4, inService: 2, stations: 1, declaredValueYuan: 7898.3 });
    expect(report.facilities[0]).toMatchObject({ stationName: '庐山社区宁小蜂驿站', condition: 'good' });
  });
});
