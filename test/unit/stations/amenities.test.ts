import { describe, expect, it } from 'vitest';
import { demoStation, dailyHours } from '../../../infra/local/seeds/stations';
import {
  type AmenityProviders,
  offersNow,
  providersOf,
  providersText,
  unavailableAmenities,
  withReports,
} from '../../../shared/stations/amenities';
import { viewOf } from '../../../shared/stations/domain';
import type { Station } from '../../../shared/stations/model';
import { rankNearby } from '../../../shared/stations/search';

const declared: Station['amenities'] = ['air_conditioning', 'drinking_water', 'toilet'];
const noon = new Date('2026-07-01T12:00:00+08:00');

describe('which declared amenities a station gives now', () => {
  it('takes an amenity out while its only facility is reported broken, and gives the reason', () => {
    // Prepare
    const providers: AmenityProviders = { 'ac-1': { amenity: 'air_conditioning', state: 'fault_reported', version: 2 } };

    // Act
    const out = unavailableAmenities(declared, providers);

    // Assess
    expect(out).toEqual([{ amenity: 'air_conditioning', reason: 'fault_reported' }]);
    expect(offersNow(declared, providers, 'air_conditioning')).toBe(false);
    expect(offersNow(declared, providers, 'drinking_water')).toBe(true);
  });

  it('keeps an amenity while one of its facilities works, and one that no facility stands behind', () => {
    // Prepare
    const providers: AmenityProviders = {
      'water-1': { amenity: 'drinking_water', state: 'under_repair', version: 3 },
      'water-2': { amenity: 'drinking_water', state: 'working', version: 1 },
    };

    // Act
    const out = unavailableAmenities(declared, providers);

    // Assess
    expect(out).toEqual([]);
    expect(offersNow(declared, providers, 'toilet')).toBe(true);
    expect(offersNow(declared, undefined, 'air_conditioning')).toBe(true);
  });

  it('counts a facility moved away as not there, so the amenity is as declared again', () => {
    // Prepare
    const providers: AmenityProviders = { 'ac-1': { amenity: 'air_conditioning', state: 'gone', version: 4 } };

    // Act
    const out = unavailableAmenities(declared, providers);

    // Assess
    expect(out).toEqual([]);
  });

  it('gives the reason nearest to coming back when its facilities are out in different ways', () => {
    // Prepare
    const providers: AmenityProviders = {
      'ac-old': { amenity: 'air_conditioning', state: 'retired', version: 9 },
      'ac-new': { amenity: 'air_conditioning', state: 'under_repair', version: 3 },
      'water-1': { amenity: 'drinking_water', state: 'retired', version: 2 },
    };

    // Act
    const out = unavailableAmenities(declared, providers);

    // Assess
    expect(out).toEqual([
      { amenity: 'air_conditioning', reason: 'under_repair' },
      { amenity: 'drinking_water', reason: 'retired' },
    ]);
  });

  it('never offers an amenity the station does not declare, whatever facility it holds', () => {
    // Prepare
    const providers: AmenityProviders = { 'fridge-1': { amenity: 'fridge', state: 'working', version: 1 } };

    // Act
    const offered = offersNow(declared, providers, 'fridge');
    const out = unavailableAmenities(declared, { 'fridge-1': { amenity: 'fridge', state: 'fault_reported', version: 2 } });

    // Assess
    expect(offered).toBe(false);
    expect(out).toEqual([]);
  });
});

describe('taking reports of facilities into a station record', () => {
  const current: AmenityProviders = { 'ac-1': { amenity: 'air_conditioning', state: 'fault_reported', version: 2 } };

  it('takes a newer state of a facility and a facility not yet recorded', () => {
    // Act
    const next = withReports(current, {
      'ac-1': { amenity: 'air_conditioning', state: 'working', version: 4 },
      'water-1': { amenity: 'drinking_water', state: 'working', version: 1 },
    });

    // Assess
    expect(next).toEqual({
      'ac-1': { amenity: 'air_conditioning', state: 'working', version: 4 },
      'water-1': { amenity: 'drinking_water', state: 'working', version: 1 },
    });
  });

  it('changes nothing for a report delivered twice or read before the state recorded', () => {
    // Act
    const again = withReports(current, { 'ac-1': { amenity: 'air_conditioning', state: 'fault_reported', version: 2 } });
    const late = withReports(current, { 'ac-1': { amenity: 'air_conditioning', state: 'working', version: 1 } });

    // Assess
    expect(again).toBeUndefined();
    expect(late).toBeUndefined();
  });

  it('keeps the record as a short string on the item and reads it back, and reads nothing from an absent one', () => {
    // Act
    const text = providersText(current);

    // Assess
    expect(text).toBe('{"ac-1":["air_conditioning","fault_reported",2]}');
    expect(providersOf(text)).toEqual(current);
    expect(providersOf(undefined)).toEqual({});
  });
});

describe('a station as the API shows it, and the search for an amenity', () => {
  const station: Station = { ...demoStation, amenities: declared, hours: dailyHours('00:00', '24:00') };
  const broken: AmenityProviders = { 'ac-1': { amenity: 'air_conditioning', state: 'fault_reported', version: 2 } };

  it('lists what it declares and, apart, what of it is out now, without the facilities behind it', () => {
    // Act
    const view = viewOf({ station, visits: [], amenityProviders: broken }, noon);

    // Assess
    expect(view.amenities).toEqual(declared);
    expect(view.unavailableAmenities).toEqual([{ amenity: 'air_conditioning', reason: 'fault_reported' }]);
    expect(JSON.stringify(view)).not.toContain('ac-1');
  });

  it('does not find for air conditioning a station whose air conditioner is broken, and still finds it for water', () => {
    // Prepare
    const states = [
      { station: { ...station, id: 'broken', location: { lat: 32.0031, lng: 118.7421 } }, visits: [], amenityProviders: broken },
      { station: { ...station, id: 'cool', location: { lat: 32.003, lng: 118.743 } }, visits: [] },
    ];
    const search = { centre: { lat: 32.003, lng: 118.742 }, radiusMetres: 2000, limit: 10 };

    // Act
    const cool = rankNearby(states, { ...search, amenity: 'air_conditioning' }, noon);
    const water = rankNearby(states, { ...search, amenity: 'drinking_water' }, noon);

    // Assess
    expect(cool.map((view) => view.id)).toEqual(['cool']);
    expect(water.map((view) => view.id)).toEqual(['broken', 'cool']);
  });
});
