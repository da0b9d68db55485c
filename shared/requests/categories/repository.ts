import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import { conflict, notFound } from '../../http/errors';
import type { Page } from '../../http/pagination';
import { writeIf } from '../../table/conditions';
import { indexEntry, requestKeys as keys } from '../../table/design';
import { type PageRequest, queryAll, queryPage, withoutKeys } from '../../table/query';
import type { Category } from './model';

/**
 * The category catalogue in the single table: one item per category (`CATEGORY#<id>`), listed in
 * display order on `byParent` under `CATEGORIES` (sort: order#id).
 */

const categoryItem = (category: Category) => ({
  ...keys.category(category.id),
  entity: 'category',
  ...indexEntry('byParent', keys.categories, `${String(category.order).padStart(6, '0')}#${category.id}`),
  ...category,
});

/** Reads one category (eventually consistent: categories change rarely, see {@link cachedCategory}). */
export async function getCategory(categoryId: string): Promise<Category | undefined> {
  const output = await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.category(categoryId) }));
  return output.Item ? withoutKeys<Category>(output.Item) : undefined;
}

/** Categories change rarely: a warm function keeps one for 30 s (its own changes drop it at once). */
const CATEGORY_CACHE_MS = 30_000;
const categoryCache = new Map<string, { until: number; category: Promise<Category | undefined> }>();

/** A category as read at most {@link CATEGORY_CACHE_MS} ago by this function; a missing one is not remembered. */
export function cachedCategory(categoryId: string): Promise<Category | undefined> {
  const cached = categoryCache.get(categoryId);
  if (cached && cached.until > Date.now()) return cached.category;
  const category = getCategory(categoryId);
  categoryCache.set(categoryId, { until: Date.now() + CATEGORY_CACHE_MS, category });
  category.then((found) => (found ? undefined : categoryCache.delete(categoryId)), () => categoryCache.delete(categoryId));
  return category;
}

/** The categories in display order. */
export async function listCategories(page: PageRequest): Promise<Page<Category>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.categories });
  return { ...result, items: result.items.map((item) => withoutKeys<Category>(item)) };
}

/** A catalogue has a dozen categories; reports read at most this many names. */
const MAX_CATEGORY_NAMES = 500;

/** Every category's id and name, in display order (at most {@link MAX_CATEGORY_NAMES}): the columns and labels of reports. */
export async function listCategoryNames(): Promise<{ id: string; name: string }[]> {
  const items = await queryAll({ index: 'byParent', partition: keys.categories, attributes: ['id', 'name'] }, MAX_CATEGORY_NAMES);
  return items.map((item) => ({ id: String(item.id), name: String(item.name) }));
}

/** Creates a category; an existing id is a 409 (or, with `ifAbsent`, left as it is and false returned). */
export async function createCategory(category: Category, options: { ifAbsent?: boolean } = {}): Promise<boolean> {
  const created = await writeIf(
    documents().send(new PutCommand({ TableName: config().tableName, Item: categoryItem(category), ConditionExpression: 'attribute_not_exists(pk)' })),
  );
  if (!created && !options.ifAbsent) throw conflict(`category ${category.id} already exists`);
  if (created) categoryCache.delete(category.id);
  return created;
}

/** Replaces an existing category; a missing one is a 404. */
export async function replaceCategory(category: Category): Promise<void> {
  const replaced = await writeIf(
    documents().send(new PutCommand({ TableName: config().tableName, Item: categoryItem(category), ConditionExpression: 'attribute_exists(pk)' })),
  );
  if (!replaced) throw notFound(`category ${category.id}`);
  categoryCache.delete(category.id);
}
