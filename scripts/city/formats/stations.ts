import { type Amenity, hoursSchema } from '../../../shared/stations/model';
import { type CityProblem, type CityStation, cityFiles } from '../model';
import { type Cells, type Column, formatCsv, headerKey, readTable } from './csv';
import { LIST_JOIN, RowReader, byId, choices, normalizePhone, propertyCells } from './fields';
import { formatHours, parseHours } from './hours';
import { elementLines, isRecord, parseJson } from './json';

/**
 * `stations.csv` (or `stations.geojson`: Point features whose properties have the same names, the
 * location being the point): the 宁小蜂 stations.
 *
 *   id (编号), name (名称), address (地址), lat (纬度), lng (经度), grid (网格), hours (开放时间),
 *   seats (座位数), reservable (可预约座位, default 0), amenities (设施), contact_name (联系人),
 *   contact_phone (联系电话), managers (站长手机号)
 */

export const stationColumns: readonly Column[] = [
  { key: 'id', names: ['id', '编号', '驿站编号'], required: true },
  { key: 'name', names: ['name', '名称', '驿站名称'], required: true },
  { key: 'address', names: ['address', '地址'], required: true },
  { key: 'lat', names: ['lat', '纬度', 'latitude'], required: true },
  { key: 'lng', names: ['lng', '经度', 'lon', 'longitude'], required: true },
  { key: 'grid', names: ['grid', '网格', 'grid_id', '所属网格'], required: true },
  { key: 'hours', names: ['hours', '开放时间', '营业时间'], required: true },
  { key: 'seats', names: ['seats', '座位数', '座位'], required: true },
  { key: 'reservable', names: ['reservable', '可预约座位', '可预约座位数'] },
  { key: 'amenities', names: ['amenities', '设施', '配套设施'] },
  { key: 'contact_name', names: ['contact_name', '联系人'] },
  { key: 'contact_phone', names: ['contact_phone', '联系电话'] },
  { key: 'managers', names: ['managers', '站长手机号', '站长'] },
];

export const amenityChoices = choices<Amenity>({
  air_conditioning: ['空调'],
  drinking_water: ['饮用水', '饮水', '饮水机', '开水'],
  microwave: ['微波炉'],
  fridge: ['冰箱'],
  phone_charging: ['手机充电', '充电'],
  power_bank: ['充电宝', '共享充电宝'],
  toilet: ['卫生间', '厕所', '洗手间'],
  first_aid: ['急救', '急救箱', '医药箱'],
  wifi: ['无线网络', 'WiFi', 'Wi-Fi', '无线网'],
});

/** One station from its cells (a CSV row, or a GeoJSON feature's properties and point). */
function stationOf(cells: Cells, point?: { lat: number; lng: number }): { station?: CityStation; problems: CityProblem[] } {
  const row = new RowReader(cells);
  const id = row.text('id', true);
  const name = row.text('name', true);
  const address = row.text('address', true);
  const lat = point ? point.lat : row.number('lat', { required: true });
  const lng = point ? point.lng : row.number('lng', { required: true });
  const gridId = row.text('grid', true);
  const hoursText = row.text('hours', true);
  const hours = hoursText ? parseHours(hoursText) : undefined;
  if (hours && 'problem' in hours) row.fail('hours', hours.problem);
  const total = row.number('seats', { required: true, integer: true });
  const reservable = row.number('reservable', { integer: true }) ?? 0;
  const amenities = row.list('amenities', amenityChoices);
  const contactName = row.text('contact_name');
  const contactPhone = row.text('contact_phone');
  const managerPhones = row.list('managers').map(normalizePhone);
  if (!row.ok || !hours || 'problem' in hours) return { problems: row.problems };
  return {
    station: {
      id,
      name,
      address,
      location: { lat: lat!, lng: lng! },
      gridId,
      hours: hours.hours,
      seats: { total: total!, reservable },
      amenities,
      ...(contactName !== undefined || contactPhone !== undefined
        ? { contact: { ...(contactName !== undefined ? { name: contactName } : {}), ...(contactPhone !== undefined ? { phone: contactPhone } : {}) } }
        : {}),
      managerPhones,
      at: row.at,
    },
    problems: [],
  };
}

export function readStationsCsv(text: string, file: string = cityFiles.stations): { stations: CityStation[]; problems: CityProblem[] } {
  const { rows, problems } = readTable(file, text, stationColumns);
  const stations: CityStation[] = [];
  for (const cells of rows) {
    const read = stationOf(cells);
    problems.push(...read.problems);
    if (read.station) stations.push(read.station);
  }
  return { stations, problems };
}

/**
 * `stations.geojson`: a FeatureCollection of Points ([lng, lat]), the other fields as properties
 * named like the CSV's columns. `hours` may also be an object in the API's shape.
 */
export function readStationsGeoJson(text: string, file: string = cityFiles.stationsGeoJson): { stations: CityStation[]; problems: CityProblem[] } {
  const parsed = parseJson(file, text);
  if ('problem' in parsed) return { stations: [], problems: [parsed.problem] };
  const collection = parsed.value;
  if (!isRecord(collection) || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    return { stations: [], problems: [{ file, line: 1, message: 'not a GeoJSON FeatureCollection (an object with "type": "FeatureCollection" and "features": […])' }] };
  }
  const lines = elementLines(text, 'features');
  const stations: CityStation[] = [];
  const problems: CityProblem[] = [];
  collection.features.forEach((feature: unknown, index) => {
    const line = lines[index] ?? 1;
    if (!isRecord(feature) || feature.type !== 'Feature') return problems.push({ file, line, message: 'not a GeoJSON Feature' });
    const geometry = feature.geometry;
    const coordinates = isRecord(geometry) && geometry.type === 'Point' && Array.isArray(geometry.coordinates) ? geometry.coordinates : undefined;
    if (!coordinates || typeof coordinates[0] !== 'number' || typeof coordinates[1] !== 'number') {
      return problems.push({ file, line, message: 'geometry: a station is a Point ([lng, lat])' });
    }
    const properties = isRecord(feature.properties) ? { ...feature.properties } : {};
    // Hours given in the API's shape are written back as text, which reads them to the same hours.
    const hoursNames = stationColumns.find((column) => column.key === 'hours')!.names.map(headerKey);
    const hoursKey = Object.keys(properties).find((key) => hoursNames.includes(headerKey(key)));
    if (hoursKey !== undefined && isRecord(properties[hoursKey])) {
      const hours = hoursSchema.safeParse(properties[hoursKey]);
      if (!hours.success) {
        const issue = hours.error.issues[0]!;
        return problems.push({ file, line, message: `${hoursKey}: ${[...issue.path].join('.')}: ${issue.message}` });
      }
      properties[hoursKey] = formatHours(hours.data);
    }
    const cells = propertyCells(file, line, properties, stationColumns);
    const read = stationOf(cells, { lng: coordinates[0], lat: coordinates[1] });
    problems.push(...read.problems);
    if (read.station) stations.push(read.station);
  });
  return { stations, problems };
}

/** The text of `stations.csv`, sorted by id. */
export function formatStations(stations: readonly CityStation[]): string {
  const rows = [...stations].sort(byId).map((station) => [
    station.id,
    station.name,
    station.address,
    String(station.location.lat),
    String(station.location.lng),
    station.gridId,
    formatHours(station.hours),
    String(station.seats.total),
    String(station.seats.reservable),
    station.amenities.join(LIST_JOIN),
    station.contact?.name ?? '',
    station.contact?.phone ?? '',
    station.managerPhones.join(LIST_JOIN),
  ]);
  return formatCsv([stationColumns.map((column) => column.names[0]!), ...rows]);
}
