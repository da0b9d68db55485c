/**
 * The checks of the catalogues: categories.json as the category rules would plan each one for a
 * city-wide admin, departments.csv against the fixed set of departments in code.
 */
import { CITY_SCOPE, type Identity } from '../../../shared/auth/identity';
import { ProblemError } from '../../../shared/http/errors';
import { planCategory } from '../../../shared/requests/categories/rules';
import { departmentSchema, departments } from '../../../shared/requests/terms';
import { categoryInputSchema } from '../formats/catalogues';
import { checkWith } from '../formats/issues';
import { type CityData, type CityProblem, cityFiles } from '../model';
import { firstOfEach, issueMessage, problemAt } from './rows';

/** Who the category rules are asked as: a city-wide admin, the only one who may change the catalogue. */
const cityAdmin: Identity = { userId: 'city-import', role: 'admin', units: [CITY_SCOPE] };

/** Checks the categories into `problems`. */
export function checkCategories(city: CityData, problems: CityProblem[]): void {
  const file = cityFiles.categories;
  firstOfEach(city.categories, (category) => category.id, file, 'category id', problems);
  for (const { at, ...category } of city.categories) {
    const say = (message: string) => problems.push(problemAt({ at }, file, `category ${category.id}: ${message}`));
    const checked = checkWith(categoryInputSchema, category);
    for (const issue of checked.issues) say(issueMessage(issue));
    if (!checked.data) continue;
    try {
      planCategory(cityAdmin, checked.data.id, checked.data, new Date(0));
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      for (const fieldError of error.errors) say(`${fieldError.field.replace(/^body\./, '')}: ${fieldError.message}`);
      if (error.errors.length === 0) say(error.detail ?? error.code);
    }
  }
}

/** Checks the departments into `problems`. */
export function checkDepartments(city: CityData, problems: CityProblem[]): void {
  const file = cityFiles.departments;
  firstOfEach(city.departments, (department) => department.id, file, 'department', problems);
  for (const department of city.departments) {
    if (!departmentSchema.safeParse(department.id).success) {
      problems.push(problemAt(department, file, `department '${department.id}' is not one of ${departments.join(', ')}`));
    }
    if (typeof department.name !== 'string' || department.name.trim() === '') problems.push(problemAt(department, file, `department ${department.id}: name: missing`));
  }
}
