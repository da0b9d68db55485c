import { describe, expect, it } from 'vitest';
import { amenityOfKind, kindsGiving, providerAt } from '../../../shared/facilities/amenities';
import { facilityKinds } from '../../../shared/facilities/terms';
import { amenities } from '../../../shared/stations/terms';

describe('what donated facilities give a station', () => {
  it('declares for every kind the amenity it gives, and no amenity twice under different names', () => {
    // Act
    const given = facilityKinds.map((kind) => amenityOfKind[kind]).filter((amenity) => amenity !== undefined);

    // Assess
    expect(Object.keys(amenityOfKind).sort()).toEqual([...facilityKinds].sort());
    for (const amenity of given) expect(amenities).toContain(amenity);
    expect(kindsGiving('air_conditioning')).toEqual(['air_conditioner']);
    expect(kindsGiving('drinking_water')).toEqual(['water_dispenser']);
    // A fan cools, but is not air conditioning; nothing stands behind a toilet.
    expect(amenityOfKind.fan).toBeUndefined();
    expect(kindsGiving('toilet')).toEqual([]);
  });

  it('records a facility where it stands by its status, as gone where it stood, and nothing for a kind that gives no amenity', () => {
    // Prepare
    const airCon = { kind: 'air_conditioner' as const, stationId: 'b', status: 'under_repair' as const, version: 7 };

    // Act
    const here = providerAt(airCon, 'b');
    const left = providerAt(airCon, 'a');
    const working = providerAt({ ...airCon, status: 'in_service' }, 'b');
    const fan = providerAt({ ...airCon, kind: 'fan' }, 'b');

    // Assess
    expect(here).toEqual({ amenity: 'air_conditioning', state: 'under_repair', version: 7 });
    expect(left).toEqual({ amenity: 'air_conditioning', state: 'gone', version: 7 });
    expect(working?.state).toBe('working');
    expect(fan).toBeUndefined();
  });
});
