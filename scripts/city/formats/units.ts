import type { OrgUnitKind, Polygon } from '../../../shared/organisation/model';
import { type CityProblem, type CityUnit, cityFiles } from '../model';
import { byId, choices, parseDecimal } from './fields';
import { elementLines, isRecord, parseJson } from './json';

/**
 * `units.geojson`: the organisation as a GeoJSON FeatureCollection, one Feature per unit, WGS-84.
 *
 *   properties  id, kind (district|subdistrict|community|grid|micro_grid, or 区/街道/社区/网格/微网格),
 *               name, parentId (null or absent for districts), households (optional)
 *   geometry    a Polygon ([lng, lat] rings) for communities, grids and micro-grids; null for
 *               districts and subdistricts
 *
 * Other properties (a GIS export's OBJECTID, Shape_Area…) are ignored. Written one feature a line,
 * sorted by id.
 */

export const unitKinds = choices<OrgUnitKind>({
  district: ['区', '县', '区县'],
  subdistrict: ['街道', '镇', '街镇'],
  community: ['社区', '村', '村社区'],
  grid: ['网格'],
  micro_grid: ['微网格', 'micro-grid', 'microgrid'],
});

/** Coordinate systems a file may declare that are WGS-84 lng/lat (CGCS2000 differs by centimetres). */
const LNG_LAT_CRS = /CRS84|EPSG:{1,2}4326|EPSG:{1,2}4490/i;

/** The units of a `units.geojson` text, and every problem found reading it. */
export function readUnits(text: string, file: string = cityFiles.units): { units: CityUnit[]; problems: CityProblem[] } {
  const problems: CityProblem[] = [];
  const parsed = parseJson(file, text);
  if ('problem' in parsed) return { units: [], problems: [parsed.problem] };
  const collection = parsed.value;
  if (!isRecord(collection) || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    return { units: [], problems: [{ file, line: 1, message: 'not a GeoJSON FeatureCollection (an object with "type": "FeatureCollection" and "features": […])' }] };
  }
  const crs = isRecord(collection.crs) && isRecord(collection.crs.properties) ? collection.crs.properties.name : undefined;
  if (typeof crs === 'string' && !LNG_LAT_CRS.test(crs)) {
    problems.push({ file, line: 1, message: `coordinates in ${crs}: the file must give WGS-84 longitude and latitude (EPSG:4326)` });
    return { units: [], problems };
  }
  const lines = elementLines(text, 'features');
  const units: CityUnit[] = [];
  collection.features.forEach((feature: unknown, index) => {
    const line = lines[index] ?? 1;
    const fail = (message: string) => problems.push({ file, line, message });
    if (!isRecord(feature) || feature.type !== 'Feature') return fail('not a GeoJSON Feature');
    const properties = isRecord(feature.properties) ? feature.properties : {};
    const before = problems.length;

    const rawId = properties.id ?? feature.id;
    const id = typeof rawId === 'string' ? rawId.trim() : typeof rawId === 'number' ? String(rawId) : undefined;
    if (!id) fail('id: missing');
    const kindText = properties.kind;
    const kind = typeof kindText === 'string' ? unitKinds.of(kindText) : undefined;
    if (kindText === undefined || kindText === null) fail(`kind: missing (one of ${unitKinds.described})`);
    else if (!kind) fail(`kind: '${String(kindText)}' is not one of ${unitKinds.described}`);
    const name = typeof properties.name === 'string' ? properties.name.trim() : undefined;
    if (!name) fail('name: missing');
    const rawParent = properties.parentId;
    let parentId: string | null = null;
    if (typeof rawParent === 'string' || typeof rawParent === 'number') parentId = String(rawParent).trim() || null;
    else if (rawParent !== undefined && rawParent !== null) fail('parentId: not an id');
    let households: number | undefined;
    if (properties.households !== undefined && properties.households !== null && properties.households !== '') {
      households = typeof properties.households === 'number' ? properties.households : parseDecimal(String(properties.households));
      if (households === undefined) fail(`households: '${String(properties.households)}' is not a number`);
    }
    const boundary = boundaryOf(feature.geometry);
    if (typeof boundary === 'string') fail(boundary);

    if (problems.length > before) return;
    units.push({
      id: id!,
      kind: kind!,
      name: name!,
      parentId,
      ...(boundary ? { boundary: boundary as Polygon } : {}),
      ...(households !== undefined ? { households } : {}),
      at: { file, line },
    });
  });
  return { units, problems };
}

/** A feature's geometry as a boundary: a Polygon (its shape checked by the validator), none, or the problem. */
function boundaryOf(geometry: unknown): Polygon | undefined | string {
  if (geometry === null || geometry === undefined) return undefined;
  if (!isRecord(geometry)) return 'geometry: not a GeoJSON geometry';
  if (geometry.type === 'MultiPolygon') return 'geometry: a MultiPolygon; a unit’s boundary is one Polygon (split the unit, or join the parts)';
  if (geometry.type !== 'Polygon') return `geometry: a ${String(geometry.type)}; a unit’s boundary is a Polygon (or null)`;
  if (!Array.isArray(geometry.coordinates)) return 'geometry: a Polygon without coordinates';
  return { type: 'Polygon', coordinates: geometry.coordinates as Polygon['coordinates'] };
}

/** The text of `units.geojson`: units sorted by id, one feature a line. */
export function formatUnits(units: readonly CityUnit[]): string {
  const features = [...units].sort(byId).map((unit) =>
    JSON.stringify({
      type: 'Feature',
      properties: {
        id: unit.id,
        kind: unit.kind,
        name: unit.name,
        parentId: unit.parentId,
        ...(unit.households !== undefined ? { households: unit.households } : {}),
      },
      geometry: unit.boundary ? { type: 'Polygon', coordinates: unit.boundary.coordinates } : null,
    }),
  );
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
}
