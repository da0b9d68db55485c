import type { Identity } from '../auth/identity';
import { fieldProblem } from '../http/errors';
import { validateAttributes } from './categories/attributes';
import { hoursAfter } from './deadlines';
import type { AttributeValue, Category } from './categories/model';
import type { PhotoRef } from '../photos/model';
import type { Request } from './model';
import { noteFields } from './timeline';

/** A new request as the resident submits it: routed, assigned, with its first deadline. No AWS here. */

/** Where a request goes: a grid with its place in the hierarchy. */
export interface RoutedGrid {
  id: string;
  /** District, subdistrict, community: the grid's ancestors. */
  ancestors: readonly string[];
}

/** What the resident sends: the category, what is wrong, where, photos and the category's extra fields. */
export interface SubmissionInput {
  categoryId: string;
  description: string;
  location?: { lat: number; lng: number };
  address?: string;
  /** Upload ids; what is stored are their references (`photos` of {@link planSubmission}). */
  photos: string[];
  attributes: Record<string, AttributeValue>;
}

/** A new request, as submitted: routed, assigned, with its accept deadline and first timeline step. */
export function planSubmission(options: {
  id: string;
  identity: Identity;
  input: SubmissionInput;
  category: Category;
  grid: RoutedGrid;
  routedBy: Request['routedBy'];
  assigneeId: string | null;
  /** The report's photos, checked (shared/photos/attach.ts). */
  photos?: readonly PhotoRef[];
  now: Date;
}): Request {
  const { id, identity, input, category, grid, routedBy, assigneeId, photos = [], now } = options;
  if (!category.active) throw fieldProblem('body.categoryId', `category ${category.id} takes no new requests`, 'inactive');
  const attributes = validateAttributes(category, input.attributes);
  const [districtId, subdistrictId, communityId] = grid.ancestors;
  if (!districtId || !subdistrictId || !communityId) throw new Error(`grid ${grid.id} is not under a community`);
  // Kept as a code and its parameters, said in each reader's language (shared/requests/texts.ts).
  const routed = noteFields({ code: 'routed', params: { gridId: grid.id, ...(assigneeId ? { assigneeId } : {}) } });
  const at = now.toISOString();
  return {
    id,
    categoryId: category.id,
    categoryName: category.name,
    ...(category.nameEn ? { categoryNameEn: category.nameEn } : {}),
    description: input.description,
    ...(input.location ? { location: input.location } : {}),
    ...(input.address ? { address: input.address } : {}),
    photos: [...photos],
    attributes,
    residentId: identity.userId,
    gridId: grid.id,
    communityId,
    subdistrictId,
    districtId,
    routedBy,
    assigneeId,
    status: 'submitted',
    version: 1,
    createdAt: at,
    updatedAt: at,
    acceptDueAt: hoursAfter(now, category.acceptWithinHours).toISOString(),
    reopenCount: 0,
    duplicateIds: [],
    followers: 0,
    acceptOverdueLevel: 0,
    resolveOverdueLevel: 0,
    overdue: false,
    deadlineHours: { accept: category.acceptWithinHours, resolve: category.resolveWithinHours },
    timeline: [{ version: 1, at, actorId: identity.userId, actorRole: identity.role, action: 'submit', to: 'submitted', ...routed }],
  };
}
