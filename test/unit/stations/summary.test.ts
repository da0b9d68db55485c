import { describe, expect, it } from 'vitest';
import { dailyHours, demoStation } from '../../../infra/local/seeds/stations';
import { isOpenAt } from '../../../shared/stations/hours';
import type { Hours } from '../../../shared/stations/model';
import { hasAmenity, hoursDigest, hoursOfDigest, mayBeOpenAt, parseState, stateString } from '../../../shared/stations/summary';

const beijing = (local: string) => new Date(`${local}+08:00`);

const officeHours: Hours = {
  weekly: {
    mon: [{ opens: '08:30', closes: '12:00' }, { opens: '13:30', closes: '18:00' }],
    tue: [{ opens: '08:30', closes: '12:00' }, { opens: '13:30', closes: '18:00' }],
    wed: [{ opens: '08:30', closes: '12:00' }, { opens: '13:30', closes: '18:00' }],
    thu: [{ opens: '08:30', closes: '12:00' }, { opens: '13:30', closes: '18:00' }],
    fri: [{ opens: '08:30', closes: '12:00' }, { opens: '13:30', closes: '18:00' }],
    sat: [{ opens: '09:00', closes: '17:00' }],
    sun: [],
  },
  exceptions: [
    { from: '2027-02-05', to: '2027-02-11', intervals: [], note: '春节闭站' },
    { from: '2027-05-01', to: '2027-05-01', intervals: [{ opens: '20:00', closes: '24:00' }] },
  ],
};

describe("a station's state in its cell's search summary", () => {
  it('gives back the opening hours it was made from, exception notes aside', () => {
    // Prepare
    const all = [dailyHours('00:00', '24:00'), dailyHours('07:00', '21:00'), officeHours, { ...dailyHours('08:00', '20:00'), weekly: { ...dailyHours('08:00', '20:00').weekly, wed: [] } }];
    // Act
    const decoded = all.map((hours) => hoursOfDigest(hoursDigest(hours)));
    // Assess
    expect(decoded).toEqual(all.map((hours) => ({ ...hours, exceptions: hours.exceptions.map(({ note: _note, ...exception }) => exception) })));
    expect(hoursDigest(dailyHours('07:00', '21:00'))).toBe('07:00-21:00');
  });

  it('says open or closed as the station item would, at every hour of a week with an exception in it', () => {
    // Prepare
    const station = { ...demoStation, hours: officeHours };
    const state = parseState(stateString(station, 'token'));
    const instants = Array.from({ length: 24 * 14 }, (_, hour) => new Date(beijing('2027-02-01T00:30:00').getTime() + hour * 3600_000));
    // Act
    const fromSummary = instants.map((now) => mayBeOpenAt(state, now));
    // Assess
    expect(fromSummary).toEqual(instants.map((now) => isOpenAt(station.hours, now)));
    expect(fromSummary.filter(Boolean).length).toBeGreaterThan(0);
  });

  it('keeps the location exactly, the status, the amenities and the walk-in seats', () => {
    // Prepare
    const station = { ...demoStation, location: { lat: 32.034051234567, lng: 118.796281234567 }, status: 'suspended' as const, amenities: ['toilet', 'wifi'] as const };
    // Act
    const state = parseState(stateString({ ...station, amenities: [...station.amenities], version: 7 }, 'abc'));
    // Assess
    expect(state).toMatchObject({ version: 7, token: 'abc', location: station.location, status: 'suspended', walkInSeats: 4 });
    expect(hasAmenity(state, 'wifi')).toBe(true);
    expect(hasAmenity(state, 'toilet')).toBe(true);
    expect(hasAmenity(state, 'air_conditioning')).toBe(false);
  });
});
