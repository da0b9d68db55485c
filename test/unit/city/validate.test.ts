import { describe, expect, it } from 'vitest';
import { box } from '../../../infra/local/seeds/organisation';
import { type CityData, type CityUnit, formatProblem } from '../../../scripts/city/model';
import { validateCity } from '../../../scripts/city/validate';
import { smallCity } from '../../fixtures/city/small-city';

/** The small city with some of its rows changed, each change as a function of the city. */
function cityWith(change: (city: CityData) => void): CityData {
  const city = smallCity();
  change(city);
  return city;
}
const unit = (city: CityData, id: string): CityUnit => city.units.find((candidate) => candidate.id === id)!;
/** Gives every row of the city the line it would have in its file, in order (header on line 1). */
function withLines(city: CityData): CityData {
  const numbered = <T extends object>(rows: T[], file: string, first: number) => rows.map((row, index) => ({ ...row, at: { file, line: first + index } }));
  return {
    units: numbered(city.units, 'units.geojson', 2),
    staff: numbered(city.staff, 'staff.csv', 2),
    stations: numbered(city.stations, 'stations.csv', 2),
    donors: numbered(city.donors, 'donors.csv', 2),
    facilities: numbered(city.facilities, 'facilities.csv', 2),
    categories: numbered(city.categories, 'categories.json', 2),
    departments: numbered(city.departments, 'departments.json', 2),
  };
}
const messages = (city: CityData) => validateCity(city).map(formatProblem);

describe('validating a city', () => {
  it('finds nothing wrong with a sound city', () => {
    // Act
    const problems = validateCity(smallCity());
    // Assess
    expect(problems).toEqual([]);
  });

  it('reports every problem at once, each at the file and line of its row, in file order', () => {
    // Prepare
    const city = withLines(
      cityWith((city) => {
        unit(city, 'lushan-g3').parentId = 'nowhere';
        city.staff[1]!.phone = '1380000';
        city.facilities[0]!.donorId = 'nobody';
      }),
    );
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([
      'units.geojson:8: unit lushan-g3: parent nowhere is not in units.geojson',
      "staff.csv:3: 李网格: phone '1380000' is not a mainland mobile number (11 digits, 13… to 19…)",
      'facilities.csv:2: facility lushan-ac-1: donor nobody is not in donors.csv',
    ]);
  });

  it('names only the file of a row made in memory', () => {
    // Prepare
    const city = cityWith((city) => (unit(city, 'lushan-g3').parentId = 'nowhere'));
    // Act
    const problems = validateCity(city);
    // Assess
    expect(problems).toEqual([{ file: 'units.geojson', message: 'unit lushan-g3: parent nowhere is not in units.geojson' }]);
  });

  it('reports a repeated id or phone on the later row, pointing at the first', () => {
    // Prepare
    const city = withLines(
      cityWith((city) => {
        city.units.push({ ...unit(city, 'jianye') });
        city.staff.push({ ...city.staff[0]!, name: '重复' });
        city.donors.push({ ...city.donors[0]! });
        city.categories.push({ ...city.categories[0]! });
      }),
    );
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([
      'units.geojson:13: unit id jianye is used twice, first at line 2',
      'staff.csv:6: phone 13800000001 is used twice, first at line 2',
      'donors.csv:4: donor id gree is used twice, first at line 2',
      'categories.json:4: category id property is used twice, first at line 2',
    ]);
  });
});

describe('units', () => {
  it('checks each unit sits under a unit of the kind above it', () => {
    // Prepare
    const city = cityWith((city) => {
      unit(city, 'jianye').parentId = 'nanyuan';
      unit(city, 'lushan-g2').parentId = 'nanyuan';
      unit(city, 'shazhou').parentId = null;
    });
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([
      'units.geojson: unit jianye: a district has no parent',
      'units.geojson: unit lushan-g2: a grid sits under a community, not a subdistrict (nanyuan)',
      'units.geojson: unit shazhou: a subdistrict needs a parent district',
    ]);
  });

  it('keeps boundaries to communities, grids and micro-grids, and requires one of every grid', () => {
    // Prepare
    const city = cityWith((city) => {
      unit(city, 'nanyuan').boundary = box(118.7, 31.99, 118.8, 32.02);
      delete unit(city, 'lushan-g3').boundary;
    });
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([
      'units.geojson: unit lushan-g3: a grid needs a boundary: requests are routed to the grid whose boundary holds their location',
      'units.geojson: unit nanyuan: boundaries are kept for communities, grids and micro-grids',
    ]);
  });

  it('refuses what the API refuses of a boundary: an open ring, a place outside the service area, a grid kilometres across', () => {
    // Prepare
    const city = cityWith((city) => {
      unit(city, 'lushan-g1-m2').boundary = { type: 'Polygon', coordinates: [[[118.74, 32.003], [118.744, 32.003], [118.744, 32.008], [118.74, 32.008]]] };
      unit(city, 'yuhua-g1').boundary = box(116.3, 39.9, 116.31, 39.91);
      unit(city, 'yuhua').boundary = box(118.752, 31.998, 118.9, 32.008);
    });
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([
      'units.geojson: unit lushan-g1-m2: boundary: every ring must be closed: its first and last positions must be equal',
      expect.stringMatching(/^units\.geojson: unit yuhua: boundary: a community boundary spans at most 10 km each way/),
      expect.stringMatching(/^units\.geojson: unit yuhua-g1: boundary: the boundary reaches outside the service area/),
    ]);
  });

  it('reports a grid reaching out of its community, but tolerates a sliver of it', () => {
    // Prepare: g3 reaches ~100 m east of Lushan into Yuhua; g2 only by 0.5 m
    const city = cityWith((city) => {
      unit(city, 'lushan-g3').boundary = box(118.748, 31.998, 118.753, 32.008);
      unit(city, 'lushan-g2').boundary = box(118.744, 31.998, 118.748005, 32.008);
    });
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/^units\.geojson: unit lushan-g3: the boundary must lie within its community's: \d+ m² lie outside lushan$/),
      expect.stringMatching(/^units\.geojson: unit yuhua-g1: the boundary overlaps grid lushan-g3 by \d+ m²$/),
    ]);
  });

  it('reports two grids drawn over each other once, on the later, and lets neighbours share an edge', () => {
    // Prepare: g2 drawn 200 m into g1's
    const city = withLines(cityWith((city) => (unit(city, 'lushan-g2').boundary = box(118.742, 31.998, 118.748, 32.008))));
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([expect.stringMatching(/^units\.geojson:7: unit lushan-g2: the boundary overlaps grid lushan-g1 \(line 4\) by \d+ m²$/)]);
  });

  it('reports communities overlapping under different subdistricts', () => {
    // Prepare: Yuhua (Shazhou) drawn over Lushan's east half (Nanyuan)
    const city = cityWith((city) => {
      unit(city, 'yuhua').boundary = box(118.746, 31.998, 118.76, 32.008);
    });
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([expect.stringMatching(/^units\.geojson: unit yuhua: the boundary overlaps community lushan by \d+ m²$/)]);
  });

  it('compares boundaries that are not boxes with the API’s own clipping', () => {
    // Prepare: a triangle micro-grid poking out of grid 1's east edge into grid 2
    const city = cityWith((city) => {
      unit(city, 'lushan-g1-m2').boundary = { type: 'Polygon', coordinates: [[[118.74, 32.003], [118.746, 32.0055], [118.74, 32.008], [118.74, 32.003]]] };
    });
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([expect.stringMatching(/^units\.geojson: unit lushan-g1-m2: the boundary must lie within its grid's: \d+ m² lie outside lushan-g1$/)]);
  });
});

describe('staff', () => {
  it('checks phones, and that each person’s units exist and fit their role', () => {
    // Prepare
    const city = cityWith((city) => {
      city.staff[0]!.units = ['city', 'jianye'];
      city.staff[1]!.units = ['lushan-g1', 'lushan-g1-m1'];
      city.staff[2]!.units = [];
      city.staff[3]!.units = ['lushan-g2', 'gone'];
      city.staff.push({ name: '钱', phone: '1.38E+10', role: 'admin', units: ['city'] });
    });
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([
      "staff.csv: 李网格: a grid_worker's units are grids; lushan-g1-m1 is a micro_grid",
      'staff.csv: 赵志愿: a volunteer needs at least one unit (micro_grids)',
      'staff.csv: 周站长: unit gone is not in units.geojson',
      "staff.csv: 钱: phone '1.38E+10' is not a mainland mobile number (11 digits, 13… to 19…): Excel turned it into a number; format the column as text and type the phones again",
    ]);
  });
});

describe('stations', () => {
  it('checks the station’s grid, that its location lies in it, and says which grid it lies in instead', () => {
    // Prepare
    const city = cityWith((city) => {
      city.stations[0]!.location = { lat: 32.003, lng: 118.746 };
      city.stations.push({ ...city.stations[0]!, id: 'second', gridId: 'lushan' });
      city.stations.push({ ...city.stations[0]!, id: 'third', gridId: 'nowhere' });
    });
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([
      "stations.csv: station lushan-station: the location (32.003, 118.746) lies outside grid lushan-g1's boundary; it lies in grid lushan-g2",
      'stations.csv: station second: lushan is a community, not a grid',
      'stations.csv: station third: grid nowhere is not in units.geojson',
    ]);
  });

  it('checks seats, hours and the place with the API’s schema, and notices lat and lng swapped', () => {
    // Prepare
    const city = cityWith((city) => {
      const station = city.stations[0]!;
      station.seats = { total: 4, reservable: 6 };
      station.hours.weekly.mon = [{ opens: '20:00', closes: '08:00' }];
      station.location = { lat: 118.742, lng: 32.003 };
    });
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([
      'stations.csv: station lushan-station: lat 118.742 and lng 32.003 look swapped: Nanjing lies near lat 32, lng 118.8',
      'stations.csv: station lushan-station: hours.weekly.mon.0: opens must be before closes',
      'stations.csv: station lushan-station: seats: reservable seats cannot exceed the total',
    ]);
  });

  it('requires each manager to be a station manager in the staff list', () => {
    // Prepare
    const city = withLines(cityWith((city) => (city.stations[0]!.managerPhones = ['13800000004', '13800000002', '13900000000'])));
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([
      'stations.csv:2: station lushan-station: manager 13800000002 is a grid_worker in staff.csv (staff.csv:3), not a station_manager',
      'stations.csv:2: station lushan-station: manager 13900000000 is not in staff.csv',
    ]);
  });
});

describe('facilities, categories and departments', () => {
  it('checks that each facility’s donor and station exist and its date is a day', () => {
    // Prepare
    const city = cityWith((city) => {
      city.facilities[1]!.stationId = 'closed-station';
      city.facilities[1]!.donatedOn = '2026-02-30';
      city.facilities[1]!.declaredValueYuan = -1;
    });
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/^facilities\.csv: facility lushan-kit-1: value_yuan: /),
      'facilities.csv: facility lushan-kit-1: donated_on: 2026-02-30 is not a day of the calendar',
      'facilities.csv: facility lushan-kit-1: station closed-station is not in stations.csv',
    ]);
  });

  it('checks categories with the catalogue’s own rules', () => {
    // Prepare
    const city = cityWith((city) => {
      const category = city.categories[0]!;
      category.attributes = [
        { code: 'issue', label: '问题', datatype: 'singlevaluelist', required: true, order: 1 },
        { code: 'issue', label: '又一个', datatype: 'string', required: false, order: 2 },
      ];
    });
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([
      'categories.json: category property: attributes.0.options: a list attribute needs its options',
      'categories.json: category property: attributes.1.code: code issue is used twice',
    ]);
  });

  it('knows only the service’s departments', () => {
    // Prepare
    const city = cityWith((city) => city.departments.push({ id: 'fire' as never, name: '消防' }));
    // Act
    const problems = messages(city);
    // Assess
    expect(problems).toEqual([expect.stringMatching(/^departments\.json: department 'fire' is not one of police, /)]);
  });
});
