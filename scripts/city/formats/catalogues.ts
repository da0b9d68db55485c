import { categoryRoutes } from '../../../shared/requests/categories/routes';
import type { Department } from '../../../shared/requests/model';
import { departmentNames } from '../../../shared/requests/terms';
import { type CityCategory, type CityDepartment, type CityProblem, cityFiles } from '../model';
import { byId, choices } from './fields';
import { checkWith, issueText } from './issues';
import { elementLines, isRecord, parseJson } from './json';

/**
 * `categories.json`: an array of request categories, each as `POST /categories` takes it (with its
 * `id`), checked with that route's schema, so `required` and `order` of attributes get the same
 * defaults. `departments.json`: `[{ "id": "police", "name": "公安" }, …]`, ids from the service's
 * fixed set (their Chinese names are understood too).
 */

/** What `POST /categories` takes: the schema every category of the file is read with. */
export const categoryInputSchema = categoryRoutes.createCategory.body!;

export const departmentChoices = choices<Department>(
  Object.fromEntries(Object.entries(departmentNames).map(([id, name]) => [id, [name]])) as Record<Department, string[]>,
);

/** The elements of a JSON file holding one array, each with its line; or the problem with the file. */
function arrayOf(file: string, text: string): { elements: { value: unknown; line: number }[]; problems: CityProblem[] } {
  const parsed = parseJson(file, text);
  if ('problem' in parsed) return { elements: [], problems: [parsed.problem] };
  if (!Array.isArray(parsed.value)) return { elements: [], problems: [{ file, line: 1, message: 'not a JSON array ([ {…}, {…} ])' }] };
  const lines = elementLines(text);
  return { elements: parsed.value.map((value, index) => ({ value, line: lines[index] ?? 1 })), problems: [] };
}

export function readCategories(text: string, file: string = cityFiles.categories): { categories: CityCategory[]; problems: CityProblem[] } {
  const { elements, problems } = arrayOf(file, text);
  const categories: CityCategory[] = [];
  for (const { value, line } of elements) {
    const checked = checkWith(categoryInputSchema, value);
    if (checked.data) categories.push({ ...checked.data, at: { file, line } });
    else for (const issue of checked.issues) problems.push({ file, line, message: issueText(issue) });
  }
  return { categories, problems };
}

export function readDepartments(text: string, file: string = cityFiles.departments): { departments: CityDepartment[]; problems: CityProblem[] } {
  const { elements, problems } = arrayOf(file, text);
  const departments: CityDepartment[] = [];
  for (const { value, line } of elements) {
    if (!isRecord(value)) {
      problems.push({ file, line, message: 'not an object ({ "id": "police", "name": "公安" })' });
      continue;
    }
    const id = typeof value.id === 'string' ? departmentChoices.of(value.id) : undefined;
    const name = typeof value.name === 'string' ? value.name.trim() : '';
    if (!id) problems.push({ file, line, message: `id: '${String(value.id ?? '')}' is not one of ${departmentChoices.described}` });
    if (!name) problems.push({ file, line, message: 'name: missing' });
    if (id && name) departments.push({ id, name, at: { file, line } });
  }
  return { departments, problems };
}

/** A category with its keys in the order the API documents them, so equal categories give equal bytes. */
function canonicalCategory({ at: _at, ...category }: CityCategory): CityCategory {
  return {
    id: category.id,
    name: category.name,
    nameEn: category.nameEn,
    description: category.description,
    acceptWithinHours: category.acceptWithinHours,
    resolveWithinHours: category.resolveWithinHours,
    active: category.active,
    order: category.order,
    attributes: category.attributes.map((attribute) => ({
      code: attribute.code,
      label: attribute.label,
      datatype: attribute.datatype,
      required: attribute.required,
      order: attribute.order,
      options: attribute.options?.map((option) => ({ key: option.key, name: option.name })),
    })),
  };
}

/** The text of `categories.json`: sorted by id, two-space indents (what is absent is left out). */
export function formatCategories(categories: readonly CityCategory[]): string {
  return `${JSON.stringify([...categories].sort(byId).map(canonicalCategory), null, 2)}\n`;
}

/** The text of `departments.json`, one department a line, sorted by id. */
export function formatDepartments(departments: readonly CityDepartment[]): string {
  const lines = [...departments].sort(byId).map((department) => `  ${JSON.stringify({ id: department.id, name: department.name })}`);
  return lines.length > 0 ? `[\n${lines.join(',\n')}\n]\n` : '[]\n';
}
