import { type FieldError, validationFailed } from '../../http/errors';
import type { AttributeValue, Category, CategoryAttribute } from './model';

/** A submission's extra fields, checked against what its category declares (Open311 style). No AWS here. */

/**
 * Checks a submission's extra fields against its category: no unknown codes, every required one
 * present, each value of its datatype, list values among the options. Returns the values kept
 * (empty strings and empty lists dropped); throws a 400 naming every bad field.
 */
export function validateAttributes(
  category: Pick<Category, 'attributes'>,
  values: Readonly<Record<string, AttributeValue>>,
): Record<string, AttributeValue> {
  const errors: FieldError[] = [];
  const byCode = new Map(category.attributes.map((attribute) => [attribute.code, attribute]));
  const kept: Record<string, AttributeValue> = {};
  for (const code of Object.keys(values)) {
    if (!byCode.has(code)) errors.push({ field: `body.attributes.${code}`, code: 'unknown_field', message: `this category has no field ${code}` });
  }
  for (const attribute of category.attributes) {
    const field = `body.attributes.${attribute.code}`;
    const value = values[attribute.code];
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (attribute.required) errors.push({ field, code: 'required', message: `${attribute.label} is required` });
      continue;
    }
    const problem = datatypeProblem(attribute, value);
    if (problem) errors.push({ field, code: 'invalid', message: problem });
    else kept[attribute.code] = value;
  }
  if (errors.length) throw validationFailed(errors);
  return kept;
}

/** What a value should have been, when it is not of its attribute's datatype. */
function datatypeProblem(attribute: CategoryAttribute, value: AttributeValue): string | undefined {
  const options = new Set((attribute.options ?? []).map((option) => option.key));
  switch (attribute.datatype) {
    case 'string':
      return typeof value === 'string' && value.length <= 200 ? undefined : 'a line of text (≤ 200 characters)';
    case 'text':
      return typeof value === 'string' ? undefined : 'text (≤ 500 characters)';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : 'an ISO 8601 date-time';
    case 'singlevaluelist':
      return typeof value === 'string' && options.has(value) ? undefined : `one of ${[...options].join(', ')}`;
    case 'multivaluelist':
      return Array.isArray(value) && value.every((v) => options.has(v)) && new Set(value).size === value.length
        ? undefined
        : `distinct values among ${[...options].join(', ')}`;
  }
}
