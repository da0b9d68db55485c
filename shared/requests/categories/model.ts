import * as z from 'zod/mini';

/** Request categories as the API shows them: Open311 services, with their deadlines and extra fields. */

/** Open311 attribute datatypes. */
export const attributeDatatypes = ['string', 'text', 'number', 'boolean', 'datetime', 'singlevaluelist', 'multivaluelist'] as const;
export const attributeDatatypeSchema = z.enum(attributeDatatypes);

const codeSchema = z.string().check(z.minLength(1), z.maxLength(40), z.regex(/^[a-z][a-z0-9_]*$/));

/** An extra field a category asks for (Open311 GeoReport v2 `attributes`). */
export const categoryAttributeSchema = z.object({
  code: codeSchema,
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
  datatype: attributeDatatypeSchema,
  required: z._default(z.boolean(), false),
  order: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(1000)), 0),
  /** The choices of a `singlevaluelist` / `multivaluelist`; none for other datatypes. */
  options: z.optional(
    z
      .array(z.object({ key: codeSchema, name: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)) }))
      .check(z.minLength(1), z.maxLength(50)),
  ),
});
export type CategoryAttribute = z.output<typeof categoryAttributeSchema>;

/** A request category (Open311 `service`), with its deadlines. */
export const categorySchema = z.object({
  id: z.string(),
  /** The name in Chinese, the service's default language. */
  name: z.string(),
  /** The name in English, shown to people who read English (`label`). */
  nameEn: z.optional(z.string()),
  description: z.optional(z.string()),
  /** Hours from submission within which a grid worker must accept. */
  acceptWithinHours: z.number(),
  /** Hours from acceptance within which it must be resolved. */
  resolveWithinHours: z.number(),
  attributes: z.array(categoryAttributeSchema),
  /** Inactive categories are kept for old requests and reports but take no new requests. */
  active: z.boolean(),
  order: z.number(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type Category = z.output<typeof categorySchema>;

/** A category as the API shows it: with its name in the reader's language. */
export const categoryViewSchema = z.object({
  ...categorySchema.shape,
  /** The name in the reader's language (`Accept-Language`, else their profile's): `nameEn` in English when there is one, else `name`. */
  label: z.string(),
});
export type CategoryView = z.output<typeof categoryViewSchema>;

/** An extra field's value as submitted. */
export const attributeValueSchema = z.union([
  z.string().check(z.maxLength(500)),
  z.number(),
  z.boolean(),
  z.array(z.string().check(z.maxLength(60))).check(z.maxLength(50)),
]);
export type AttributeValue = z.infer<typeof attributeValueSchema>;
