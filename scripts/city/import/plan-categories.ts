/** The plan of the request categories: each as the API would make it, or the default catalogue for a table with none. */
import { CITY_SCOPE } from '../../../shared/auth/identity';
import { ProblemError } from '../../../shared/http/errors';
import { defaultCategories } from '../../../shared/requests/categories/catalogue';
import type { Category } from '../../../shared/requests/categories/model';
import { planCategory } from '../../../shared/requests/categories/rules';
import { type TableCity, categoryRowOf } from '../export';
import { type CityCategory, type CityData, type CityProblem, cityFiles } from '../model';
import { problemAt } from '../validate/rows';
import { type Change, changeOf, same } from './compare';

export interface CategoryPlan {
  category: Category;
  change: Change;
}

/**
 * Categories as the API would make them; none in the files leaves the catalogue alone, or, in a
 * table with none at all, gives it the default one (requests need categories): then `defaults`.
 */
export function planCategories(
  city: CityData,
  table: TableCity,
  context: { now: Date; by: string; problems: CityProblem[] },
): { categories: CategoryPlan[]; defaults: boolean } {
  const { now, by, problems } = context;
  const importer = { userId: by, role: 'admin' as const, units: [CITY_SCOPE] };
  const categories: CategoryPlan[] = [];
  const defaults = city.categories.length === 0 && table.categories.size === 0;
  const categoryRows: CityCategory[] = defaults ? defaultCategories : city.categories;
  for (const row of categoryRows) {
    const { id, at: _at, ...input } = row;
    let category: Category;
    try {
      category = planCategory(importer, id, input, now);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      const details = error.errors.map((field) => `${field.field.replace(/^body\./, '')}: ${field.message}`);
      problems.push(problemAt(row, cityFiles.categories, `category ${id}: ${details.length > 0 ? details.join('; ') : (error.detail ?? error.message)}`));
      continue;
    }
    const existing = table.categories.get(id);
    const change = changeOf(existing, (existing) => same(categoryRowOf(existing), categoryRowOf(category)));
    categories.push({ category, change });
  }
  return { categories, defaults };
}
