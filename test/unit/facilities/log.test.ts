import { describe, expect, it } from 'vitest';
import { MAX_LOG_BYTES, MAX_LOG_ENTRIES, logLineBytes, planTransition } from '../../../shared/facilities/domain';
import type { Facility } from '../../../shared/facilities/model';
import { demoFacilities } from '../../../infra/local/seeds/facilities';

const now = new Date('2026-07-01T04:00:00.000Z');
const bytesOf = (facility: Facility) => facility.log.reduce((sum, line) => sum + logLineBytes(line), 0);

/** One round of a facility that keeps breaking: reported, repaired, restored, with notes as long as allowed. */
function breakAndMend(facility: Facility, note: string): Facility {
  const reported = planTransition(facility, 'fault_reported', 'demo-station-manager', now, { note }).facility;
  const repairing = planTransition(reported, 'repair_started', 'demo-station-manager', now, { note }).facility;
  return planTransition(repairing, 'restored', 'demo-station-manager', now, { note, costYuan: 100 }).facility;
}

describe('a facility’s maintenance log', () => {
  it('stays within its byte budget however often the facility breaks, keeping the latest lines', () => {
    // Prepare
    let facility = demoFacilities[0]!;
    let largest = 0;
    // Act: a hundred rounds of Chinese notes of 500 characters (three bytes each).
    for (let round = 0; round < 100; round += 1) {
      facility = breakAndMend(facility, '坏'.repeat(500));
      largest = Math.max(largest, bytesOf(facility));
    }
    // Assess
    expect(largest).toBeLessThanOrEqual(MAX_LOG_BYTES);
    expect(facility.log.length).toBeLessThan(MAX_LOG_ENTRIES);
    expect(facility.log.at(-1)).toMatchObject({ action: 'restored', status: 'in_service' });
  });

  it('keeps up to its line cap of short notes', () => {
    // Prepare
    let facility = demoFacilities[0]!;
    // Act
    for (let round = 0; round < 100; round += 1) facility = breakAndMend(facility, '不制冷');
    // Assess
    expect(facility.log).toHaveLength(MAX_LOG_ENTRIES);
    expect(bytesOf(facility)).toBeLessThan(MAX_LOG_BYTES);
  });
});
