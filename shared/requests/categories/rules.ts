import type { Identity } from '../../auth/identity';
import { isCityWide } from '../../auth/scope';
import { type FieldError, forbidden, validationFailed } from '../../http/errors';
import type { Category, CategoryAttribute } from './model';

/** The category catalogue's rules: who changes it, and what a category may declare. No AWS here. */

export interface CategoryInput {
  name: string;
  nameEn?: string;
  description?: string;
  acceptWithinHours: number;
  resolveWithinHours: number;
  attributes: CategoryAttribute[];
  active?: boolean;
  order?: number;
}

/**
 * Decides a category as created or replaced at `now`: only city-wide admins change the catalogue
 * (it is the city's), list datatypes carry their options and nothing else does, codes and keys are unique.
 */
export function planCategory(identity: Identity, id: string, input: CategoryInput, now: Date): Category {
  if (identity.role !== 'admin' || !isCityWide(identity)) throw forbidden('only city-wide admins change the category catalogue');
  const errors: FieldError[] = [];
  const codes = new Set<string>();
  input.attributes.forEach((attribute, index) => {
    const field = `body.attributes.${index}`;
    if (codes.has(attribute.code)) errors.push({ field: `${field}.code`, code: 'duplicate', message: `code ${attribute.code} is used twice` });
    codes.add(attribute.code);
    errors.push(...optionProblems(attribute, field));
  });
  if (errors.length) throw validationFailed(errors);
  return {
    id,
    name: input.name,
    ...(input.nameEn ? { nameEn: input.nameEn } : {}),
    ...(input.description ? { description: input.description } : {}),
    acceptWithinHours: input.acceptWithinHours,
    resolveWithinHours: input.resolveWithinHours,
    attributes: [...input.attributes].sort((a, b) => a.order - b.order),
    active: input.active ?? true,
    order: input.order ?? 100,
    updatedAt: now.toISOString(),
    updatedBy: identity.userId,
  };
}

/** What is wrong with an attribute's options: list datatypes need them, others have none, keys are unique. */
function optionProblems(attribute: CategoryAttribute, field: string): FieldError[] {
  const errors: FieldError[] = [];
  const isList = attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist';
  if (isList && !attribute.options?.length) {
    errors.push({ field: `${field}.options`, code: 'required', message: 'a list attribute needs its options' });
  }
  if (!isList && attribute.options) {
    errors.push({ field: `${field}.options`, code: 'invalid', message: 'only list attributes have options' });
  }
  const keys = (attribute.options ?? []).map((option) => option.key);
  if (new Set(keys).size !== keys.length) {
    errors.push({ field: `${field}.options`, code: 'duplicate', message: 'option keys must be unique' });
  }
  return errors;
}

/** Admins see inactive categories too (to manage them); everyone else only those that take requests. */
export const isShownTo = (identity: Identity, category: Category): boolean => identity.role === 'admin' || category.active;
