import { type FieldError, type Language, ProblemError } from '../http/errors';
import type { AttributeValue, Category } from '../requests/categories/model';
import type { PublicRequestFacts } from '../requests/repository/open-requests';
import type { SubmissionInput } from '../requests/submission';
import { isOpen } from '../requests/terms';
import { categoryLabel, departmentTexts } from '../requests/texts';
import type { Open311Attribute, Open311Service, Open311ServiceDefinition, Open311ServiceRequest } from './model';
import { datatypeDescriptions, open311StatusNotes, yesNo } from './texts';

/** Our categories and requests in Open311 GeoReport v2's terms, and its submissions in ours. No AWS here. */

/** A category as an Open311 service: `metadata` when it asks for extra fields. */
export function open311Service(category: Category, language: Language): Open311Service {
  return {
    service_code: category.id,
    service_name: categoryLabel(category, language),
    ...(category.description ? { description: category.description } : {}),
    metadata: category.attributes.length > 0,
    // People handle every request in the loop, answering as it moves: Open311's `realtime`.
    type: 'realtime',
  };
}

/**
 * A category's extra fields as an Open311 service definition, in their order. Open311 has no
 * yes/no datatype: ours is shown as a `singlevaluelist` of `true` and `false`, which
 * {@link submissionOf} turns back into a boolean.
 */
export function open311Definition(category: Category, language: Language): Open311ServiceDefinition {
  const attributes = [...category.attributes]
    .sort((a, b) => a.order - b.order || a.code.localeCompare(b.code))
    .map((attribute): Open311Attribute => {
      const values =
        attribute.datatype === 'boolean'
          ? yesNo.map((choice) => ({ key: choice.key, name: choice.name[language] }))
          : attribute.options?.map((option) => ({ key: option.key, name: option.name }));
      return {
        variable: true,
        code: attribute.code,
        datatype: attribute.datatype === 'boolean' ? 'singlevaluelist' : attribute.datatype,
        required: attribute.required,
        datatype_description: datatypeDescriptions[attribute.datatype]![language],
        order: attribute.order,
        description: attribute.label,
        ...(values ? { values } : {}),
      };
    });
  return { service_code: category.id, attributes };
}

/**
 * Three decimals (about 100 m north–south), as "already reported?" shows a place
 * (shared/requests/nearby.ts): enough for a map, too coarse to point at a doorway.
 */
const roughly = (degrees: number) => Math.round(degrees * 1e3) / 1e3;

/**
 * A request as Open311 shows it, to anyone: its category, status, times, a rounded WGS-84
 * location and, when escalated, the department. Never its resident, description, address or
 * photos; `status_notes` are the service's own words about its status, not anyone's note.
 */
export function open311Request(request: PublicRequestFacts, language: Language): Open311ServiceRequest {
  const open = isOpen(request.status);
  // The deadline it is working to now: acceptance while submitted, resolution once accepted.
  const expected = !open || request.status === 'resolved' ? undefined : request.status === 'submitted' ? request.acceptDueAt : request.resolveDueAt;
  return {
    service_request_id: request.id,
    status: open ? 'open' : 'closed',
    status_notes: open311StatusNotes[request.status][language],
    service_name: categoryLabel({ name: request.categoryName, nameEn: request.categoryNameEn }, language),
    service_code: request.categoryId,
    ...(request.status === 'escalated' && request.department ? { agency_responsible: departmentTexts[request.department][language] } : {}),
    requested_datetime: request.createdAt,
    updated_datetime: request.updatedAt,
    ...(expected ? { expected_datetime: expected } : {}),
    ...(request.location ? { lat: roughly(request.location.lat), long: roughly(request.location.lng) } : {}),
  };
}

/** An Open311 submission's body, as the route parses it (WGS-84: Open311 has no other system). */
export interface Open311Submission {
  service_code: string;
  description: string;
  lat?: number;
  long?: number;
  address_string?: string;
  attribute: Record<string, AttributeValue>;
}

/**
 * An Open311 submission as our `POST /requests` input. Open311 clients send every value as text
 * (`attribute[parties]=3`): a number, a yes/no or a list field's text is turned into its datatype
 * here, anything else is left for the category's own check (`validateAttributes`) to refuse.
 * Photos are not taken (`media_url` would have us fetch someone's URL): upload them to a request
 * through the main API.
 */
export function submissionOf(body: Open311Submission, category: Pick<Category, 'attributes'> | undefined): SubmissionInput {
  const byCode = new Map((category?.attributes ?? []).map((attribute) => [attribute.code, attribute]));
  const attributes = Object.fromEntries(
    Object.entries(body.attribute).map(([code, value]) => {
      const datatype = byCode.get(code)?.datatype;
      if (typeof value !== 'string') return [code, value];
      if (datatype === 'number' && /^-?\d+(\.\d+)?$/.test(value.trim())) return [code, Number(value.trim())];
      if (datatype === 'boolean' && (value === 'true' || value === 'false')) return [code, value === 'true'];
      if (datatype === 'multivaluelist') return [code, value === '' ? [] : value.split(',').map((key) => key.trim())];
      return [code, value];
    }),
  );
  return {
    categoryId: body.service_code,
    description: body.description,
    ...(body.lat !== undefined && body.long !== undefined ? { location: { lat: body.lat, lng: body.long } } : {}),
    ...(body.address_string ? { address: body.address_string } : {}),
    photos: [],
    attributes,
  };
}

/** Our submission's field names, as an Open311 client sent them. */
const OPEN311_FIELDS: readonly [RegExp, string][] = [
  [/^body\.categoryId$/, 'service_code'],
  [/^body\.attributes\.(.+)$/, 'attribute.$1'],
  [/^body\.location(\..*)?$/, 'lat'],
  [/^body\.address$/, 'address_string'],
];

/**
 * A refusal of our submission, naming the fields the Open311 client sent (`service_code`, not
 * `body.categoryId`); other errors pass as they are.
 */
export function inOpen311Terms(error: unknown): unknown {
  if (!(error instanceof ProblemError) || error.errors.length === 0) return error;
  const renamed = (field: string) => OPEN311_FIELDS.reduce((name, [from, to]) => (from.test(name) ? name.replace(from, to) : name), field);
  const errors: FieldError[] = error.errors.map((field) => ({ ...field, field: renamed(field.field) }));
  return new ProblemError(error.code, error.detail, errors, error.headers, { cause: error });
}
