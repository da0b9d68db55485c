import type { Language } from '../../http/errors';
import { categoryLabel } from '../texts';
import type { Category, CategoryView } from './model';

/** A category as `language` reads it: everything it holds, and its name in that language as `label`. */
export const categoryView = (category: Category, language: Language): CategoryView => ({ ...category, label: categoryLabel(category, language) });
