import * as z from 'zod/mini';
import { roles } from '../../auth/identity';
import { idSchema, text } from '../../http/common';
import { pageOf, pageQuery } from '../../http/pagination';
import { defineRoute } from '../../http/route';
import { categoryAttributeSchema, categoryViewSchema } from './model';

/** The category catalogue's routes, served by the `requests` function (part of `requestRoutes`). */

const categoryBody = {
  name: text(30),
  nameEn: z.optional(text(80)),
  description: z.optional(text(200)),
  acceptWithinHours: z.number().check(z.gt(0), z.lte(24 * 30)),
  resolveWithinHours: z.number().check(z.gt(0), z.lte(24 * 90)),
  attributes: z._default(z.array(categoryAttributeSchema).check(z.maxLength(20)), []),
  active: z.optional(z.boolean()),
  order: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(100_000))),
};

export const categoryRoutes = {
  listCategories: defineRoute({
    method: 'GET',
    path: '/categories',
    function: 'requests',
    tag: 'requests',
    summary: 'The request categories (Open311 services) with their deadlines and extra fields; admins also see inactive ones',
    access: roles,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of categories, in display order', schema: pageOf(categoryViewSchema) },
  }),
  createCategory: defineRoute({
    method: 'POST',
    path: '/categories',
    function: 'requests',
    tag: 'requests',
    summary: 'Add a request category (city-wide admins)',
    access: ['admin'],
    body: z.strictObject({ id: idSchema, ...categoryBody }),
    success: { status: 201, description: 'The new category', schema: categoryViewSchema },
    errors: [403, 409],
  }),
  updateCategory: defineRoute({
    method: 'PUT',
    path: '/categories/{categoryId}',
    function: 'requests',
    tag: 'requests',
    summary: 'Replace a request category (city-wide admins); open requests keep the deadlines they were given',
    access: ['admin'],
    params: z.strictObject({ categoryId: idSchema }),
    body: z.strictObject(categoryBody),
    success: { status: 200, description: 'The category', schema: categoryViewSchema },
    errors: [403, 404],
  }),
};
