import { describe, expect, it } from 'vitest';
import { generateCity } from '../../../scripts/city/generate';
import { importCity } from '../../../scripts/city/import';
import type { CityUnit } from '../../../scripts/city/model';
import { escalationTargets } from '../../../shared/requests/escalation-targets';
import { submitRequest } from '../../../shared/requests/submit-request';
import { staffUserOfPhone } from '../../../shared/users/staff';
import { useAcceptingBus } from '../../support/bus';
import { useEngine } from '../../support/engine';

/**
 * The proof that an import writes what the API reads: a resident's request, submitted through the
 * very use case `POST /requests` runs, finds the imported grid by its location (the routing cells)
 * and its imported grid worker (the grid's workers list on the memberships), and an overdue one
 * finds the imported admins (the escalation index).
 */

useEngine();
useAcceptingBus();

const NOW = new Date('2026-09-01T02:00:00.000Z');
const resident = { userId: 'resident-1', role: 'resident' as const, units: [] };

/** The middle of a unit's (rectangular) boundary. */
function middleOf(unit: CityUnit): { lat: number; lng: number } {
  const ring = unit.boundary!.coordinates[0]!;
  const lngs = ring.map((point) => point[0]!);
  const lats = ring.map((point) => point[1]!);
  return { lng: (Math.min(...lngs) + Math.max(...lngs)) / 2, lat: (Math.min(...lats) + Math.max(...lats)) / 2 };
}

describe('a request in an imported city', () => {
  it("is routed to the grid containing its location, and to that grid's grid worker", async () => {
    // Prepare
    const city = generateCity({ scale: 'demo' });
    await importCity(city, { now: NOW });
    const grids = city.units.filter((unit) => unit.kind === 'grid');
    // Act
    const submitted = await Promise.all(
      grids.map((grid, index) =>
        submitRequest(
          resident,
          { categoryId: 'sanitation', description: '楼道里堆了垃圾', location: middleOf(grid), photos: [], attributes: {} },
          { id: `request-${index}` },
          NOW,
        ),
      ),
    );
    // Assess
    for (const [index, grid] of grids.entries()) {
      const workers = city.staff.filter((person) => person.role === 'grid_worker' && person.units.includes(grid.id));
      const workerIds = await Promise.all(workers.map((worker) => staffUserOfPhone(worker.phone)));
      const { request } = submitted[index]!;
      expect(workers.length).toBeGreaterThan(0);
      expect(request.gridId).toBe(grid.id);
      expect(request.routedBy).toBe('location');
      expect(workerIds).toContain(request.assigneeId);
    }
  });

  it("escalates to the imported admins of the grid's community", async () => {
    // Prepare: the city of the test before.
    const city = generateCity({ scale: 'demo' });
    const grid = city.units.find((unit) => unit.kind === 'grid')!;
    const community = city.units.find((unit) => unit.id === grid.parentId)!;
    const admins = city.staff.filter((person) => person.role === 'admin' && person.units.includes(community.id));
    const adminIds = await Promise.all(admins.map((admin) => staffUserOfPhone(admin.phone)));
    // Act
    const targets = await escalationTargets([community.id, community.parentId!, 'city']);
    // Assess
    expect(admins.length).toBeGreaterThan(0);
    expect(targets.sort()).toEqual((adminIds as string[]).sort());
  });
});
