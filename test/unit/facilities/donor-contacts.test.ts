import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import { canSeeDonorContact, donorAsSeenBy, donorContactNeedsStations } from '../../../shared/facilities/domain';
import { demoStation } from '../../../infra/local/seeds/stations';
import { demoDonors } from '../../../infra/local/seeds/facilities';

const who = (userId: string, role: Identity['role'], units: string[] = []): Identity => ({ userId, role, units });
const donor = demoDonors[0]!;
const gaveTo = [demoStation];

describe("who sees a donor's contact", () => {
  it('shows it to the managers of a station the donor gave to and to admins whose scope reaches it', () => {
    // Act
    const seen = [
      who('demo-station-manager', 'station_manager', ['lushan']),
      who('community-admin', 'admin', ['lushan']),
      who('grid-admin', 'admin', ['lushan-g1']),
    ].map((identity) => canSeeDonorContact(identity, donor, gaveTo));
    // Assess
    expect(seen).toEqual([true, true, true]);
  });

  it('withholds it from grid workers, managers of other stations and admins elsewhere, whatever their units', () => {
    // Act
    const seen = [
      who('worker', 'grid_worker', ['lushan-g1']),
      who('city-worker', 'grid_worker', ['city']),
      who('other-manager', 'station_manager', ['lushan']),
      who('admin-elsewhere', 'admin', ['lushan-g2']),
      who('resident', 'resident'),
    ].map((identity) => canSeeDonorContact(identity, donor, gaveTo));
    // Assess
    expect(seen).toEqual([false, false, false, false, false]);
  });

  it('shows it to city-wide admins and to whoever registered the donor, before any gift places it', () => {
    // Prepare
    const registeredBy = { ...donor, createdBy: 'registrar' };
    // Act
    const cityAdmin = canSeeDonorContact(who('city-admin', 'admin', ['city']), donor, []);
    const registrar = canSeeDonorContact(who('registrar', 'station_manager'), registeredBy, []);
    const registrarNowResident = canSeeDonorContact(who('registrar', 'resident'), registeredBy, []);
    // Assess
    expect([cityAdmin, registrar, registrarNowResident]).toEqual([true, true, false]);
  });

  it('shows the donor without `contact` to those outside, and reads stations only when they can change the answer', () => {
    // Act
    const outside = donorAsSeenBy(who('worker', 'grid_worker', ['lushan-g1']), donor, gaveTo);
    const inside = donorAsSeenBy(who('demo-station-manager', 'station_manager'), donor, gaveTo);
    // Assess
    expect(outside).not.toHaveProperty('contact');
    expect(outside).toMatchObject({ id: donor.id, name: donor.name });
    expect(inside.contact).toEqual(donor.contact);
    expect(donorContactNeedsStations(who('worker', 'grid_worker'), donor)).toBe(false);
    expect(donorContactNeedsStations(who('city-admin', 'admin', ['city']), donor)).toBe(false);
    expect(donorContactNeedsStations(who('community-admin', 'admin', ['lushan']), donor)).toBe(true);
  });
});
