import { defaultCategories } from '../../shared/requests/categories/catalogue';
import { departmentNames, departments } from '../../shared/requests/terms';
import { type Box, placeInside, pointInside, polygonOf, tile } from './generate/geometry';
import { addressIn, communityStems, personName, phoneBook } from './generate/names';
import { type DistrictPlan, type ScalePlan, scalePlans } from './generate/plan';
import { randomFor, shares } from './generate/random';
import { facilitiesOf, makeDonors, stationAmenities, stationHours, stationSeats } from './generate/stations';
import type { CityData, CityStaff, CityStation, CityUnit } from './model';

/**
 * A made-up Nanjing at the real city's size, for trying the importer, the tables and the service
 * at scale without anyone's real data: 12 districts, 101 subdistricts, 1,200 communities, exactly
 * 10,198 grids with 11,220 grid workers, a volunteer for each micro-grid, 1,000 宁小蜂 stations.
 *
 * Every boundary is a box in lng/lat, so what the importer's validator checks holds by
 * construction: each district's box (plan.ts) is split among its subdistricts, each subdistrict's
 * share into slots holding one community each, with a gap around it (communities cover the built-up
 * parts, not every field); each community is tiled exactly by its grids, each grid by its
 * micro-grids. Random choices come from a seeded generator, one stream per concern: the same scale
 * and seed give the same city, byte for byte.
 */

export type CityScale = 'demo' | 'district' | 'nanjing';

/** What a generated city holds at each scale; micro-grids and volunteers follow households, 3–5 a grid. */
export interface CityTargets {
  districts: number;
  subdistricts: number;
  communities: number;
  grids: number;
  /** One per grid, two in some. */
  gridWorkers: number;
  stations: number;
  donors: number;
  /** One city-wide, and one for each district, subdistrict and community. */
  admins: number;
  householdsPerGrid: readonly [number, number];
  microGridsPerGrid: readonly [number, number];
}

const HOUSEHOLDS_PER_GRID = [300, 500] as const;
const HOUSEHOLDS_PER_MICRO_GRID = 100;
const MICRO_GRIDS_PER_GRID = [3, 5] as const;

function targetsOf(plan: ScalePlan): CityTargets {
  const subdistricts = plan.districts.reduce((sum, district) => sum + district.subdistricts.length, 0);
  const communities = plan.districts.reduce((sum, district) => sum + district.communities, 0);
  return {
    districts: plan.districts.length,
    subdistricts,
    communities,
    grids: plan.grids,
    gridWorkers: plan.grids + plan.gridsWithTwoWorkers,
    stations: plan.stations,
    donors: plan.donors,
    admins: 1 + plan.districts.length + subdistricts + communities,
    householdsPerGrid: HOUSEHOLDS_PER_GRID,
    microGridsPerGrid: MICRO_GRIDS_PER_GRID,
  };
}

export const cityScales: Record<CityScale, CityTargets> = {
  demo: targetsOf(scalePlans.demo),
  district: targetsOf(scalePlans.district),
  nanjing: targetsOf(scalePlans.nanjing),
};

export const DEFAULT_CITY_SEED = 2025;

/** A community as the later steps need it: where it is, what it is called, its grids' boxes. */
interface PlacedCommunity {
  unit: CityUnit;
  stem: string;
  district: DistrictPlan;
  subdistrict: string;
  grids: { unit: CityUnit; box: Box }[];
}

/** Roughly square with some spread: communities are neither all squares nor long strips. */
const aspectRange = [0.75, 1.33] as const;

function layOutUnits(plan: ScalePlan, seed: number): { units: CityUnit[]; communities: PlacedCommunity[]; microGrids: CityUnit[] } {
  const layout = randomFor(seed, 'layout');
  const households = randomFor(seed, 'households');
  const stems = communityStems(randomFor(seed, 'names'));
  const communitiesPerSubdistrict = plan.districts.map((district) =>
    shares(district.communities, district.subdistricts.map(() => layout.between(0.7, 1.3))),
  );
  const communityCount = communitiesPerSubdistrict.flat().reduce((a, b) => a + b, 0);
  if (communityCount > stems.length) throw new Error(`only ${stems.length} community names for ${communityCount} communities`);
  // Drawn once for the whole city so that the grid count is exact, however it falls among districts.
  const gridsPerCommunity = shares(plan.grids, Array.from({ length: communityCount }, () => layout.between(0.7, 1.3)));

  const units: CityUnit[] = [];
  const communities: PlacedCommunity[] = [];
  const microGrids: CityUnit[] = [];
  for (const [districtIndex, district] of plan.districts.entries()) {
    const districtId = `nj-${district.code}`;
    units.push({ id: districtId, kind: 'district', name: district.name, parentId: null });
    const cells = tile(district.box, district.subdistricts.length);
    for (const [subdistrictIndex, subdistrict] of district.subdistricts.entries()) {
      const subdistrictId = `${districtId}-s${String(subdistrictIndex + 1).padStart(2, '0')}`;
      units.push({ id: subdistrictId, kind: 'subdistrict', name: `${subdistrict}街道`, parentId: districtId });
      const slots = tile(cells[subdistrictIndex]!, communitiesPerSubdistrict[districtIndex]![subdistrictIndex]!);
      for (const [communityIndex, slot] of slots.entries()) {
        const stem = stems[communities.length]!;
        const gridCount = gridsPerCommunity[communities.length]!;
        const side = Math.sqrt(gridCount) * district.gridEdgeMetres;
        const aspect = layout.between(...aspectRange);
        const communityBox = placeInside(slot, side * Math.sqrt(aspect), side / Math.sqrt(aspect), layout);
        const communityId = `${subdistrictId}-c${String(communityIndex + 1).padStart(2, '0')}`;
        const community: CityUnit = { id: communityId, kind: 'community', name: `${stem}社区`, parentId: subdistrictId, boundary: polygonOf(communityBox), households: 0 };
        const placed: PlacedCommunity = { unit: community, stem, district, subdistrict, grids: [] };
        units.push(community);
        communities.push(placed);
        for (const [gridIndex, gridBox] of tile(communityBox, gridCount).entries()) {
          const gridId = `${communityId}-g${String(gridIndex + 1).padStart(2, '0')}`;
          const gridHouseholds = households.int(...HOUSEHOLDS_PER_GRID);
          const grid: CityUnit = { id: gridId, kind: 'grid', name: `第${gridIndex + 1}网格`, parentId: communityId, boundary: polygonOf(gridBox), households: gridHouseholds };
          units.push(grid);
          placed.grids.push({ unit: grid, box: gridBox });
          community.households! += gridHouseholds;
          // About a hundred households each: 300 → 3 micro-grids, 500 → 5.
          const microCount = Math.min(MICRO_GRIDS_PER_GRID[1], Math.max(MICRO_GRIDS_PER_GRID[0], Math.round(gridHouseholds / HOUSEHOLDS_PER_MICRO_GRID)));
          const microHouseholds = shares(gridHouseholds, Array.from({ length: microCount }, () => 1));
          for (const [microIndex, microBox] of tile(gridBox, microCount).entries()) {
            const micro: CityUnit = {
              id: `${gridId}-m${microIndex + 1}`,
              kind: 'micro_grid',
              name: `第${gridIndex + 1}网格第${microIndex + 1}微网格`,
              parentId: gridId,
              boundary: polygonOf(microBox),
              households: microHouseholds[microIndex]!,
            };
            units.push(micro);
            microGrids.push(micro);
          }
        }
      }
    }
  }
  return { units, communities, microGrids };
}

/** Generates a whole city: the same `scale` and `seed` give identical data. */
export function generateCity(options: { scale: CityScale; seed?: number }): CityData {
  const plan: ScalePlan = scalePlans[options.scale];
  if (!plan) throw new Error(`unknown scale ${String(options.scale)}: one of ${Object.keys(scalePlans).join(', ')}`);
  const seed = options.seed ?? DEFAULT_CITY_SEED;
  if (!Number.isInteger(seed)) throw new Error(`a seed is a whole number, not ${seed}`);
  const { units, communities, microGrids } = layOutUnits(plan, seed);

  const people = randomFor(seed, 'people');
  const phone = phoneBook(randomFor(seed, 'phones'));
  const person = (role: CityStaff['role'], unitIds: string[]): CityStaff => ({ name: personName(people), phone: phone(), role, units: unitIds });

  const admins = [person('admin', ['city']), ...units.filter((unit) => unit.kind === 'district' || unit.kind === 'subdistrict' || unit.kind === 'community').map((unit) => person('admin', [unit.id]))];
  const grids = communities.flatMap((community) => community.grids.map((grid) => grid.unit));
  const twoWorkers = new Set(randomFor(seed, 'workers').shuffled(grids.map((grid) => grid.id)).slice(0, plan.gridsWithTwoWorkers));
  const gridWorkers = grids.flatMap((grid) => (twoWorkers.has(grid.id) ? [person('grid_worker', [grid.id]), person('grid_worker', [grid.id])] : [person('grid_worker', [grid.id])]));
  const volunteers = microGrids.map((micro) => person('volunteer', [micro.id]));

  const donors = makeDonors(plan.donors, plan.districts.map((district) => district.name), randomFor(seed, 'donors'), phone);
  const placing = randomFor(seed, 'stations');
  const furnishing = randomFor(seed, 'facilities');
  let facilityNumber = 0;
  const nextFacilityId = () => `nj-fac-${String((facilityNumber += 1)).padStart(4, '0')}`;
  // At most one station a community, in the order the communities were laid out.
  const hosts = placing.shuffled(communities.map((_, index) => index)).slice(0, plan.stations).sort((a, b) => a - b);
  if (hosts.length < plan.stations) throw new Error(`${plan.stations} stations need as many communities; there are ${communities.length}`);
  const managers: CityStaff[] = [];
  const facilities: CityData['facilities'] = [];
  const stations = hosts.map((communityIndex, index): CityStation => {
    const community = communities[communityIndex]!;
    const grid = placing.pick(community.grids);
    const manager = person('station_manager', [community.unit.id]);
    managers.push(manager);
    const id = `nj-st-${String(index + 1).padStart(4, '0')}`;
    const amenities = stationAmenities(placing);
    facilities.push(...facilitiesOf(id, amenities, donors, furnishing, nextFacilityId));
    return {
      id,
      name: `${community.unit.name}宁小蜂驿站`,
      address: addressIn(community.district.name, community.subdistrict, community.stem, placing),
      location: pointInside(grid.box, placing),
      gridId: grid.unit.id,
      hours: stationHours(placing),
      seats: stationSeats(placing),
      amenities,
      contact: { name: manager.name, phone: manager.phone },
      managerPhones: [manager.phone],
    };
  });

  return {
    units,
    staff: [...admins, ...gridWorkers, ...volunteers, ...managers],
    stations,
    donors,
    facilities,
    // Copies: whoever edits the generated city must not edit the service's own catalogue.
    categories: structuredClone(defaultCategories),
    departments: departments.map((id) => ({ id, name: departmentNames[id] })),
  };
}
