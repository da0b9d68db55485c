/** The checks of staff.csv: a name, a mainland mobile phone, a staff role, and units of the kinds that role is imported into. */
import { CITY_SCOPE } from '../../../shared/auth/identity';
import type { OrgUnitKind } from '../../../shared/organisation/model';
import { orgUnitKinds } from '../../../shared/organisation/terms';
import { type CityData, type CityProblem, type CityStaff, type CityUnit, MOBILE_PHONE, type StaffRole, cityFiles, staffRoles } from '../model';
import { firstOfEach, problemAt } from './rows';

/** The units each role is imported into (admins also `city`). */
const unitKindsOfRole: Record<StaffRole, readonly OrgUnitKind[]> = {
  admin: orgUnitKinds,
  grid_worker: ['grid'],
  volunteer: ['micro_grid'],
  station_manager: ['community', 'grid'],
};

/** Checks the staff into `problems`, and gives each phone's first row, for the stations' managers. */
export function checkStaff(city: CityData, units: Map<string, CityUnit>, problems: CityProblem[]): Map<string, CityStaff> {
  const file = cityFiles.staff;
  const byPhone = firstOfEach(city.staff, (person) => person.phone, file, 'phone', problems);
  for (const person of city.staff) {
    const say = (message: string) => problems.push(problemAt(person, file, `${person.name || person.phone}: ${message}`));
    if (person.name.trim() === '') say('name: missing');
    if (!MOBILE_PHONE.test(person.phone)) {
      // Excel shows an 11-digit number as 1.38123E+10, and saves it so.
      const excel = /e\+?\d/i.test(person.phone) ? ': Excel turned it into a number; format the column as text and type the phones again' : '';
      say(`phone '${person.phone}' is not a mainland mobile number (11 digits, 13… to 19…)${excel}`);
    }
    if (!staffRoles.includes(person.role)) {
      say(`role '${person.role}' is not one of ${staffRoles.join(', ')}`);
      continue;
    }
    const kinds = unitKindsOfRole[person.role];
    const described = person.role === 'admin' ? `any unit, or ${CITY_SCOPE} for the whole city` : kinds.map((kind) => `${kind}s`).join(' or ');
    if (person.units.length === 0) say(`a ${person.role} needs at least one unit (${described})`);
    for (const unitId of person.units) {
      if (person.role === 'admin' && unitId === CITY_SCOPE) continue;
      const unit = units.get(unitId);
      if (!unit) say(`unit ${unitId} is not in ${cityFiles.units}`);
      else if (!kinds.includes(unit.kind)) say(`a ${person.role}'s units are ${described}; ${unitId} is a ${unit.kind}`);
    }
  }
  return byPhone;
}
