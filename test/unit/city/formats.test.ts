import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCategories, readDepartments } from '../../../scripts/city/formats/catalogues';
import { parseCsv, readTable } from '../../../scripts/city/formats/csv';
import { readDonors, readFacilities } from '../../../scripts/city/formats/facilities';
import { readCityFolder, writeCityFolder } from '../../../scripts/city/formats/folder';
import { formatHours, parseHours } from '../../../scripts/city/formats/hours';
import { elementLines } from '../../../scripts/city/formats/json';
import { readStaff, staffColumns } from '../../../scripts/city/formats/staff';
import { readStationsCsv, readStationsGeoJson } from '../../../scripts/city/formats/stations';
import { decodeText, encodeUtf8 } from '../../../scripts/city/formats/text';
import { readUnits } from '../../../scripts/city/formats/units';
import { validateCity } from '../../../scripts/city/validate';
import { type CityData, formatProblem } from '../../../scripts/city/model';
import { smallCity } from '../../fixtures/city/small-city';
import { encodeGbk } from '../../support/gbk';

/** A city without where its rows were read: what a round trip must give back. */
const withoutAt = (city: CityData): CityData => JSON.parse(JSON.stringify(city, (key, value) => (key === 'at' ? undefined : value)));

const folders: string[] = [];
async function folder(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'city-'));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A units.geojson text of features given one a line, after the collection's opening line. */
const unitsText = (...features: object[]) =>
  `{"type":"FeatureCollection","features":[\n${features.map((feature) => JSON.stringify(feature)).join(',\n')}\n]}\n`;
const district = { type: 'Feature', properties: { id: 'jianye', kind: 'district', name: '建邺区' }, geometry: null };

describe('CSV text', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers each row by the line it starts on', () => {
    // Prepare
    const text = 'name,note\r\n"Wang, Li","said ""hi""\r\nand left"\r\nZhao,plain\r\n';
    // Act
    const { records, problems } = parseCsv(text);
    // Assess
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Wang, Li', 'said "hi"\r\nand left'] },
      { line: 4, fields: ['Zhao', 'plain'] },
    ]);
  });

  it('skips blank lines and the rows of bare commas Excel leaves, keeping the lines of the rest', () => {
    // Act
    const { records } = parseCsv('a,b\n\n,,\n1,2\n   \n3,4');
    // Assess
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 4, fields: ['1', '2'] },
      { line: 6, fields: ['3', '4'] },
    ]);
  });

  it('reports a broken quote by line and column and skips only that row', () => {
    // Prepare: a stray quote in row 3 would otherwise swallow rows 4 and 5 into one field
    const text = 'a,b,c\n1,2,3\n4,"5,6\n7,8,9\n10,11,12\n13,14 "inch",15\n';
    // Act
    const { records, problems } = parseCsv(text);
    // Assess
    expect(problems).toEqual([
      expect.objectContaining({ line: 3, column: 2 }),
      expect.objectContaining({ line: 6, column: 2 }),
    ]);
    expect(records.map((record) => record.line)).toEqual([1, 2, 4, 5]);
  });

  it('reads headers in Chinese, in any order and case, and reports an unknown one by its column while reading the rest', () => {
    // Prepare
    const text = '手机号,Role,姓名,所属单位,Remark\n13800000001,网格员,张三,lushan-g1,hi\n';
    // Act
    const { rows, problems } = readTable('staff.csv', text, staffColumns);
    // Assess
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^staff\.csv:1:5: unknown column 'Remark'/)]);
    expect(rows.map((row) => [row.value('name'), row.value('phone'), row.value('role'), row.value('units'), row.column('role')])).toEqual([
      ['张三', '13800000001', '网格员', 'lushan-g1', 2],
    ]);
  });

  it('reports a missing required column once, on the header, instead of on every row', () => {
    // Act
    const { rows, problems } = readTable('staff.csv', 'name,role,units\n张三,admin,city\n李四,admin,city\n', staffColumns);
    // Assess
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ file: 'staff.csv', line: 1, message: 'missing column phone (手机号)' }]);
  });
});

describe('decoding', () => {
  const text = '姓名,手机号\r\n张三,13800000001\r\n';

  it('reads UTF-8 with a BOM, UTF-8 without one, and GBK, telling them apart', () => {
    // Act
    const withBom = decodeText(encodeUtf8(text, true));
    const plain = decodeText(encodeUtf8(text, false));
    const gbk = decodeText(encodeGbk(text));
    // Assess
    expect(withBom).toEqual({ text, encoding: 'utf-8' });
    expect(plain).toEqual({ text, encoding: 'utf-8' });
    expect(gbk).toEqual({ text, encoding: 'gbk' });
  });

  it('reads the encoding it is told to, whatever the bytes look like', () => {
    // Act
    const forced = decodeText(encodeGbk(text), 'utf-8');
    // Assess
    expect(forced.encoding).toBe('utf-8');
    expect(forced.text).not.toBe(text);
  });
});

describe('staff.csv', () => {
  it('reads Chinese roles, any list separator, and phones with spaces, dashes and +86', () => {
    // Prepare
    const text = '姓名,手机号,角色,所属单位\n张三,+86 138-0000-0001,网格员,lushan-g1；lushan-g2\n李四,8613800000002,微网格员,lushan-g1-m1、lushan-g1-m2\n王五,13800000003,驿站站长,lushan\n';
    // Act
    const { staff, problems } = readStaff(text);
    // Assess
    expect(problems).toEqual([]);
    expect(staff).toEqual([
      { name: '张三', phone: '13800000001', role: 'grid_worker', units: ['lushan-g1', 'lushan-g2'], at: { file: 'staff.csv', line: 2 } },
      { name: '李四', phone: '13800000002', role: 'volunteer', units: ['lushan-g1-m1', 'lushan-g1-m2'], at: { file: 'staff.csv', line: 3 } },
      { name: '王五', phone: '13800000003', role: 'station_manager', units: ['lushan'], at: { file: 'staff.csv', line: 4 } },
    ]);
  });

  it('skips a row with an unknown role, naming its line and column, and reads the rows after it', () => {
    // Prepare
    const text = 'name,phone,role,units\n张三,13800000001,boss,city\n李四,13800000002,admin,city\n';
    // Act
    const { staff, problems } = readStaff(text);
    // Assess
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^staff\.csv:2:3: role: 'boss' is not one of admin \(管理员\)/)]);
    expect(staff.map((person) => person.name)).toEqual(['李四']);
  });
});

describe('opening hours', () => {
  it.each([
    ['08:00-20:00', { mon: '08:00-20:00', sat: '08:00-20:00', sun: '08:00-20:00' }],
    ['mon-fri 08:00-12:00,14:00-18:00; sat,sun 09:00-17:00', { mon: '08:00-12:00,14:00-18:00', fri: '08:00-12:00,14:00-18:00', sat: '09:00-17:00' }],
    ['周一至周五 8:00-20:00；周六、周日 9：00-17：00', { tue: '08:00-20:00', sat: '09:00-17:00', sun: '09:00-17:00' }],
    ['08:00-20:00; sun closed', { sat: '08:00-20:00', sun: '' }],
    ['工作日 08:00-18:00', { fri: '08:00-18:00', sat: '' }],
    ['全天', { wed: '00:00-24:00' }],
    ['fri-mon 10:00-22:00', { fri: '10:00-22:00', mon: '10:00-22:00', tue: '' }],
  ])('reads %s', (text, expected) => {
    // Act
    const read = parseHours(text);
    // Assess
    if (!('hours' in read)) throw new Error(read.problem);
    const days = Object.fromEntries(
      Object.keys(expected).map((day) => [day, read.hours.weekly[day as 'mon'].map((interval) => `${interval.opens}-${interval.closes}`).join(',')]),
    );
    expect(days).toEqual(expected);
  });

  it('reads a dated exception with its note', () => {
    // Act
    const read = parseHours('08:00-20:00; 2026-10-01..2026-10-03 closed (国庆闭站)');
    // Assess
    expect(read).toMatchObject({ hours: { exceptions: [{ from: '2026-10-01', to: '2026-10-03', intervals: [], note: '国庆闭站' }] } });
  });

  it.each([
    ['20:00-08:00', /opens must be before closes/],
    ['mon-fri', /gives no times/],
    ['someday 08:00-20:00', /names no days/],
    ['08:00-20:00 (午休)', /only a dated exception keeps a note/],
  ])('says what is wrong with %s', (text, problem) => {
    // Act
    const read = parseHours(text);
    // Assess
    expect('problem' in read && read.problem).toMatch(problem);
  });

  it('writes hours as text that reads back to the same hours', () => {
    // Prepare
    const texts = ['08:00-20:00', 'mon-fri 08:00-12:00,14:00-18:00; sat 09:00-17:00', 'closed', 'tue 10:00-16:00; 2026-02-17 closed (春节)'];
    for (const text of texts) {
      const first = parseHours(text);
      if (!('hours' in first)) throw new Error(first.problem);
      // Act
      const again = parseHours(formatHours(first.hours));
      // Assess
      expect(again).toEqual(first);
    }
  });
});

describe('units.geojson', () => {
  it('reads units with Chinese kinds, and reports each bad feature by the line it starts on, whatever the layout', () => {
    // Prepare: pretty-printed, so features span several lines each
    const text = JSON.stringify(
      {
        type: 'FeatureCollection',
        features: [
          district,
          { type: 'Feature', properties: { id: 'nanyuan', kind: '街道', name: '南苑街道', parentId: 'jianye' }, geometry: null },
          { type: 'Feature', properties: { id: 'lushan', kind: '小区', name: '庐山社区', parentId: 'nanyuan' }, geometry: null },
          { type: 'Feature', properties: { id: 'g1', kind: '网格', name: 'g1', parentId: 'lushan' }, geometry: { type: 'MultiPolygon', coordinates: [] } },
        ],
      },
      null,
      2,
    );
    // Act
    const { units, problems } = readUnits(text);
    // Assess
    expect(units.map((unit) => [unit.id, unit.kind, unit.parentId])).toEqual([
      ['jianye', 'district', null],
      ['nanyuan', 'subdistrict', 'jianye'],
    ]);
    const lines = text.split('\n');
    expect(problems.map((problem) => [problem.line, problem.message.split(':')[0]])).toEqual([
      [lines.findIndex((line, index) => index > 0 && lines[index + 3]?.includes('"lushan"')) + 1, 'kind'],
      [lines.findIndex((line, index) => index > 0 && lines[index + 3]?.includes('"g1"')) + 1, 'geometry'],
    ]);
  });

  it('finds where each feature starts in a one-line file and in one with a feature a line', () => {
    // Act
    const oneLine = elementLines('{"type":"FeatureCollection","features":[{"a":"[{"},{"b":2}]}', 'features');
    const featureALine = elementLines(unitsText(district, district, district), 'features');
    // Assess
    expect(oneLine).toEqual([1, 1]);
    expect(featureALine).toEqual([2, 3, 4]);
  });

  it('reports text that is not JSON at the line and column where it stops being JSON', () => {
    // Act
    const { units, problems } = readUnits('{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature",}\n]}');
    // Assess
    expect(units).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ file: 'units.geojson', line: 3, column: 22 })]);
    expect(problems[0]!.message).toMatch(/^not JSON/);
  });

  it('refuses projected coordinates a GIS export declares', () => {
    // Act
    const { problems } = readUnits('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[]}');
    // Assess
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^units\.geojson:1: coordinates in urn:ogc:def:crs:EPSG::3857/)]);
  });
});

describe('stations', () => {
  const header = '编号,名称,地址,纬度,经度,网格,开放时间,座位数,可预约座位,设施,联系人,联系电话,站长手机号';

  it('reads a station from Chinese headers, amenities in Chinese and manager phones', () => {
    // Prepare
    const text = `${header}\nlushan-station,庐山驿站,庐山路1号,32.003,118.742,lushan-g1,周一至周五 08:00-20:00,12,8,空调、饮水机、WiFi,周站长,025-00000000,+86 138 0000 0004\n`;
    // Act
    const { stations, problems } = readStationsCsv(text);
    // Assess
    expect(problems).toEqual([]);
    expect(stations).toEqual([
      expect.objectContaining({
        id: 'lushan-station',
        location: { lat: 32.003, lng: 118.742 },
        gridId: 'lushan-g1',
        seats: { total: 12, reservable: 8 },
        amenities: ['air_conditioning', 'drinking_water', 'wifi'],
        contact: { name: '周站长', phone: '025-00000000' },
        managerPhones: ['13800000004'],
        at: { file: 'stations.csv', line: 2 },
      }),
    ]);
    expect(stations[0]!.hours.weekly.sat).toEqual([]);
  });

  it('reports every bad cell of a row, each by its column', () => {
    // Prepare
    const text = `${header}\ns1,驿站,路,北纬32,118.742,g1,8点到20点,十二,0,空调;桑拿,,,\n`;
    // Act
    const { stations, problems } = readStationsCsv(text);
    // Assess
    expect(stations).toEqual([]);
    expect(problems.map((problem) => [problem.line, problem.column, problem.message.split(':')[0]])).toEqual([
      [2, 4, '纬度'],
      [2, 7, '开放时间'],
      [2, 8, '座位数'],
      [2, 10, '设施'],
    ]);
  });

  it('reads stations.geojson points, with hours as text or in the API’s shape', () => {
    // Prepare
    const point = (id: string, hours: unknown) => ({
      type: 'Feature',
      properties: { id, name: id, address: '路', grid: 'g1', hours, seats: 4, amenities: ['wifi', 'toilet'], managers: [] },
      geometry: { type: 'Point', coordinates: [118.742, 32.003] },
    });
    const text = unitsText(point('a', '08:00-20:00'), point('b', { weekly: { mon: [{ opens: '09:00', closes: '17:00' }] } }));
    // Act
    const { stations, problems } = readStationsGeoJson(text);
    // Assess
    expect(problems).toEqual([]);
    expect(stations.map((station) => [station.id, station.location, station.hours.weekly.mon, station.amenities, station.at?.line])).toEqual([
      ['a', { lat: 32.003, lng: 118.742 }, [{ opens: '08:00', closes: '20:00' }], ['wifi', 'toilet'], 2],
      ['b', { lat: 32.003, lng: 118.742 }, [{ opens: '09:00', closes: '17:00' }], ['wifi', 'toilet'], 3],
    ]);
  });
});

describe('donors, facilities, categories and departments', () => {
  it('reads Chinese kinds, dates as Excel rewrites them and values with a currency sign', () => {
    // Prepare
    const donors = 'id,名称,类型,备注\ngree,格力,企业,\nzhang,张先生,个人,匿名\n';
    const facilities = '编号,类型,型号,捐赠方,驿站,捐赠日期,价值,成色,状态\nac-1,空调,KFR-72LW,gree,s1,2026/5/20,"¥6,999",良好,在用\nkit-1,急救箱,,zhang,s1,2026年6月1日,199.5,,\n';
    // Act
    const readDonorsResult = readDonors(donors);
    const readFacilitiesResult = readFacilities(facilities);
    // Assess
    expect(readDonorsResult.problems).toEqual([]);
    expect(readDonorsResult.donors.map((donor) => [donor.id, donor.kind, donor.note])).toEqual([
      ['gree', 'enterprise', undefined],
      ['zhang', 'individual', '匿名'],
    ]);
    expect(readFacilitiesResult.problems).toEqual([]);
    expect(readFacilitiesResult.facilities.map((facility) => [facility.kind, facility.donatedOn, facility.declaredValueYuan, facility.condition, facility.status])).toEqual([
      ['air_conditioner', '2026-05-20', 6999, 'good', 'in_service'],
      ['first_aid_kit', '2026-06-01', 199.5, 'new', undefined],
    ]);
  });

  it('reports a day that does not exist and a value that is not a number', () => {
    // Act
    const { facilities, problems } = readFacilities('id,kind,donor,station,donated_on,value_yuan\nac-1,fan,d,s,2026-02-30,abc\n');
    // Assess
    expect(facilities).toEqual([]);
    expect(problems.map(formatProblem)).toEqual([
      "facilities.csv:2:5: donated_on: '2026-02-30' is not a date (YYYY-MM-DD)",
      "facilities.csv:2:6: value_yuan: 'abc' is not a number",
    ]);
  });

  it('checks categories with the API’s schema, reporting each bad one by its line and applying its defaults to the rest', () => {
    // Prepare
    const text = [
      '[',
      '  { "id": "noise", "name": "噪音扰民", "acceptWithinHours": 2, "resolveWithinHours": 48, "attributes": [{ "code": "source", "label": "来源", "datatype": "string" }] },',
      '  { "id": "bad id!", "name": "", "acceptWithinHours": 0, "resolveWithinHours": 48 }',
      ']',
    ].join('\n');
    // Act
    const { categories, problems } = readCategories(text);
    // Assess
    expect(categories).toEqual([
      expect.objectContaining({ id: 'noise', attributes: [{ code: 'source', label: '来源', datatype: 'string', required: false, order: 0 }], at: { file: 'categories.json', line: 2 } }),
    ]);
    expect(problems.map((problem) => [problem.line, problem.message.split(':')[0]])).toEqual([
      [3, 'id'],
      [3, 'name'],
      [3, 'acceptWithinHours'],
    ]);
  });

  it('reads departments by id or Chinese name and reports one the service does not have', () => {
    // Act
    const { departments, problems } = readDepartments('[\n{"id":"police","name":"公安"},\n{"id":"城管","name":"城管局"},\n{"id":"fire","name":"消防"}\n]');
    // Assess
    expect(departments.map((department) => department.id)).toEqual(['police', 'urban_management']);
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^departments\.json:4: id: 'fire' is not one of police/)]);
  });
});

describe('a city folder', () => {
  it('gives back the city it was written from', async () => {
    // Prepare
    const city = smallCity();
    const dir = await folder();
    // Act
    const written = await writeCityFolder(dir, city);
    const read = await readCityFolder(dir);
    // Assess
    expect(read.problems).toEqual([]);
    expect(read.files).toEqual(written);
    expect(withoutAt(read.city)).toEqual(city);
  });

  it('writes the same bytes for the same city, whatever order its rows come in: CSV with a BOM for Excel, a feature a line', async () => {
    // Prepare
    const city = smallCity();
    const shuffled = { ...city, units: [...city.units].reverse(), staff: [...city.staff].reverse(), categories: [...city.categories].reverse() };
    const [first, second] = [await folder(), await folder()];
    // Act
    const files = await writeCityFolder(first, city);
    await writeCityFolder(second, shuffled);
    // Assess
    for (const file of files) expect(await readFile(join(second, file))).toEqual(await readFile(join(first, file)));
    const staff = await readFile(join(first, 'staff.csv'));
    expect([...staff.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const units = (await readFile(join(first, 'units.geojson'), 'utf8')).split('\n');
    expect(units.length).toBe(city.units.length + 3);
  });

  it('writes only the files a city has, units always', async () => {
    // Prepare
    const dir = await folder();
    // Act
    const written = await writeCityFolder(dir, { ...smallCity(), donors: [], facilities: [], categories: [] });
    // Assess
    expect(written).toEqual(['units.geojson', 'staff.csv', 'stations.csv', 'departments.json']);
    expect((await readdir(dir)).sort()).toEqual([...written].sort());
  });

  it('reads a staff list Excel saved in GBK, and one forced to GBK', async () => {
    // Prepare
    const staff = encodeGbk('姓名,手机号,角色,所属单位\r\n张三,13800000001,管理员,city\r\n');
    const dir = await folder({ 'units.geojson': unitsText(district), 'staff.csv': staff });
    // Act
    const detected = await readCityFolder(dir);
    const forced = await readCityFolder(dir, { encoding: 'gbk' });
    // Assess
    expect(detected.problems).toEqual([]);
    expect(detected.city.staff).toEqual([{ name: '张三', phone: '13800000001', role: 'admin', units: ['city'], at: { file: 'staff.csv', line: 2 } }]);
    expect(forced.city.staff).toEqual(detected.city.staff);
  });

  it('reports every problem of every file in one run, file by file and line by line', async () => {
    // Prepare
    const dir = await folder({
      'units.geojson': unitsText(district, { type: 'Feature', properties: { id: 'x', kind: 'town', name: 'x' }, geometry: null }),
      'staff.csv': 'name,phone,role,units\n张三,13800000001,boss,city\n"李四,13800000002,admin,city\n王五,13800000003,admin,city\n',
      'stations.csv': 'id,name\n',
      'stations.geojson': unitsText(),
      'Staff list.xlsx': 'not really',
    });
    // Act
    const { city, problems } = await readCityFolder(dir);
    // Assess
    expect(problems.map((problem) => `${problem.file}:${problem.line ?? ''}:${problem.column ?? ''}`)).toEqual([
      'units.geojson:3:',
      'staff.csv:2:3',
      'staff.csv:3:1',
      'stations.csv:1:',
      'stations.geojson::',
      'Staff list.xlsx::',
    ]);
    expect(problems.at(-1)!.message).toMatch(/save it as CSV/);
    expect(city.staff.map((person) => person.name)).toEqual(['王五']);
  });

  it('reads the example folder of the README (its code blocks, file by file) without a problem', async () => {
    // Prepare
    const dir = join(import.meta.dirname, '../../fixtures/city/example');
    // Act
    const { city, problems, files } = await readCityFolder(dir);
    // Assess
    expect(files).toHaveLength(7);
    expect([...problems, ...validateCity(city)]).toEqual([]);
    expect(city.units.map((unit) => unit.kind)).toEqual(['district', 'subdistrict', 'community', 'grid']);
  });

  it('says when the units are missing', async () => {
    // Prepare
    const dir = await folder({ 'staff.csv': 'name,phone,role,units\n' });
    // Act
    const { problems, files } = await readCityFolder(dir);
    // Assess
    expect(files).toEqual(['staff.csv']);
    expect(problems).toEqual([{ file: 'units.geojson', message: 'missing: every city folder has its units' }]);
  });
});
