import type { FacilityKind, FacilityStatus } from '../../../shared/facilities/model';
import { type CityDonor, type CityFacility, type CityProblem, cityFiles, type donorKindsOfFiles } from '../model';
import { type Column, formatCsv, readTable } from './csv';
import { RowReader, byId, choices } from './fields';

/**
 * `donors.csv` and `facilities.csv`: who gave the stations what.
 *
 *   donors      id (编号), name (名称), kind (类型), contact_name (联系人), contact_phone (联系电话), note (备注)
 *   facilities  id (编号), kind (类型), model (型号), donor (捐赠方), station (驿站),
 *               donated_on (捐赠日期), value_yuan (价值), condition (成色), status (状态)
 */

export const donorColumns: readonly Column[] = [
  { key: 'id', names: ['id', '编号'], required: true },
  { key: 'name', names: ['name', '名称', '捐赠方名称'], required: true },
  { key: 'kind', names: ['kind', '类型'], required: true },
  { key: 'contact_name', names: ['contact_name', '联系人'] },
  { key: 'contact_phone', names: ['contact_phone', '联系电话'] },
  { key: 'note', names: ['note', '备注'] },
];

export const facilityColumns: readonly Column[] = [
  { key: 'id', names: ['id', '编号'], required: true },
  { key: 'kind', names: ['kind', '类型'], required: true },
  { key: 'model', names: ['model', '型号'] },
  { key: 'donor', names: ['donor', '捐赠方', 'donor_id'], required: true },
  { key: 'station', names: ['station', '驿站', 'station_id'], required: true },
  { key: 'donated_on', names: ['donated_on', '捐赠日期'], required: true },
  { key: 'value_yuan', names: ['value_yuan', '价值', 'value'], required: true },
  { key: 'condition', names: ['condition', '成色'] },
  { key: 'status', names: ['status', '状态'] },
];

export const donorKindChoices = choices<(typeof donorKindsOfFiles)[number]>({
  enterprise: ['企业', '公司'],
  public_institution: ['事业单位'],
  social_organisation: ['社会组织', 'social_organization'],
  individual: ['个人'],
  other: ['其他'],
});

export const facilityKindChoices = choices<FacilityKind>({
  air_conditioner: ['空调'],
  water_dispenser: ['饮水机'],
  microwave: ['微波炉'],
  fridge: ['冰箱'],
  first_aid_kit: ['急救箱', '医药箱'],
  power_bank_cabinet: ['充电宝柜', '共享充电宝'],
  charging_station: ['充电桩', '充电站'],
  wifi_router: ['无线路由器', '路由器'],
  fan: ['电风扇', '风扇'],
  seating: ['座椅', '椅子'],
  other: ['其他'],
});

export const conditionChoices = choices<CityFacility['condition']>({
  new: ['全新', '新'],
  good: ['良好', '好'],
  fair: ['一般'],
  poor: ['较差', '差'],
});

export const facilityStatusChoices = choices<FacilityStatus>({
  in_service: ['在用', '正常'],
  fault_reported: ['报修', '故障'],
  under_repair: ['维修中'],
  retired: ['报废', '退役'],
});

export function readDonors(text: string, file: string = cityFiles.donors): { donors: CityDonor[]; problems: CityProblem[] } {
  const { rows, problems } = readTable(file, text, donorColumns);
  const donors: CityDonor[] = [];
  for (const cells of rows) {
    const row = new RowReader(cells);
    const id = row.text('id', true);
    const name = row.text('name', true);
    const kind = row.choice('kind', donorKindChoices, true);
    const contactName = row.text('contact_name');
    const contactPhone = row.text('contact_phone');
    const note = row.text('note');
    problems.push(...row.problems);
    if (!row.ok) continue;
    donors.push({
      id,
      name,
      kind,
      ...(contactName !== undefined ? { contactName } : {}),
      ...(contactPhone !== undefined ? { contactPhone } : {}),
      ...(note !== undefined ? { note } : {}),
      at: row.at,
    });
  }
  return { donors, problems };
}

export function readFacilities(text: string, file: string = cityFiles.facilities): { facilities: CityFacility[]; problems: CityProblem[] } {
  const { rows, problems } = readTable(file, text, facilityColumns);
  const facilities: CityFacility[] = [];
  for (const cells of rows) {
    const row = new RowReader(cells);
    const id = row.text('id', true);
    const kind = row.choice('kind', facilityKindChoices, true);
    const model = row.text('model');
    const donorId = row.text('donor', true);
    const stationId = row.text('station', true);
    const donatedOn = row.date('donated_on', true);
    const declaredValueYuan = row.number('value_yuan', { required: true });
    // As the API registers a facility: new unless said otherwise.
    const condition = row.choice('condition', conditionChoices) ?? 'new';
    const status = row.choice('status', facilityStatusChoices);
    problems.push(...row.problems);
    if (!row.ok) continue;
    facilities.push({
      id,
      kind,
      ...(model !== undefined ? { model } : {}),
      donorId,
      stationId,
      donatedOn: donatedOn!,
      declaredValueYuan: declaredValueYuan!,
      condition,
      ...(status !== undefined ? { status } : {}),
      at: row.at,
    });
  }
  return { facilities, problems };
}

/** The text of `donors.csv`, sorted by id. */
export function formatDonors(donors: readonly CityDonor[]): string {
  const rows = [...donors]
    .sort(byId)
    .map((donor) => [donor.id, donor.name, donor.kind, donor.contactName ?? '', donor.contactPhone ?? '', donor.note ?? '']);
  return formatCsv([donorColumns.map((column) => column.names[0]!), ...rows]);
}

/** The text of `facilities.csv`, sorted by id. */
export function formatFacilities(facilities: readonly CityFacility[]): string {
  const rows = [...facilities]
    .sort(byId)
    .map((facility) => [
      facility.id,
      facility.kind,
      facility.model ?? '',
      facility.donorId,
      facility.stationId,
      facility.donatedOn,
      String(facility.declaredValueYuan),
      facility.condition,
      facility.status ?? '',
    ]);
  return formatCsv([facilityColumns.map((column) => column.names[0]!), ...rows]);
}
