import { type CityProblem, type CityStaff, type StaffRole, cityFiles } from '../model';
import { type Column, formatCsv, readTable } from './csv';
import { LIST_JOIN, RowReader, byText, choices, normalizePhone } from './fields';

/**
 * `staff.csv`: the people known by phone before they first sign in.
 *
 *   name (姓名), phone (手机号), role (角色), units (所属单位: ids separated by ; ； | or 、)
 *
 * Phones lose spaces, dashes and a leading +86; whether the rest is a mobile number, and whether
 * the units fit the role, is the validator's to say (with the row's line).
 */

export const staffColumns: readonly Column[] = [
  { key: 'name', names: ['name', '姓名'], required: true },
  { key: 'phone', names: ['phone', '手机号', '手机', '电话', '手机号码', '联系电话'], required: true },
  { key: 'role', names: ['role', '角色'], required: true },
  { key: 'units', names: ['units', 'unit', '单位', '所属单位'], required: true },
];

export const staffRoleChoices = choices<StaffRole>({
  admin: ['管理员'],
  grid_worker: ['网格员'],
  volunteer: ['志愿者', '微网格员'],
  station_manager: ['站长', '驿站站长'],
});

export function readStaff(text: string, file: string = cityFiles.staff): { staff: CityStaff[]; problems: CityProblem[] } {
  const { rows, problems } = readTable(file, text, staffColumns);
  const staff: CityStaff[] = [];
  for (const cells of rows) {
    const row = new RowReader(cells);
    const name = row.text('name', true);
    const phone = normalizePhone(row.text('phone', true));
    const role = row.choice('role', staffRoleChoices, true);
    const units = row.list('units');
    problems.push(...row.problems);
    if (row.ok) staff.push({ name, phone, role, units, at: row.at });
  }
  return { staff, problems };
}

/** The text of `staff.csv`, sorted by phone. */
export function formatStaff(staff: readonly CityStaff[]): string {
  const rows = [...staff]
    .sort((a, b) => byText(a.phone, b.phone))
    .map((person) => [person.name, person.phone, person.role, person.units.join(LIST_JOIN)]);
  return formatCsv([staffColumns.map((column) => column.names[0]!), ...rows]);
}
