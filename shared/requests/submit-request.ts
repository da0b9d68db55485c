import type { Identity } from '../auth/identity';
import { createOnce } from '../http/creation';
import { fieldProblem } from '../http/errors';
import type { Creation } from '../http/function';
import { count } from '../observability/metrics';
import { photosToAttach } from '../photos/attach';
import { announceSubmission } from './announcements';
import { cachedCategory } from './categories/repository';
import type { Request } from './model';
import { createRequest } from './repository/request';
import { toRequest } from './repository/item';
import { onDutyWorkerOf, routeSubmission } from './routing';
import { type SubmissionInput, planSubmission } from './submission';

/**
 * Submits a request at `now`: its category, its grid and the grid's on-duty worker, then one
 * conditional put with its `request.submitted` event. Idempotent under an Idempotency-Key (see
 * shared/http/creation.ts): a resend answers with the request an earlier attempt made (`replayed`),
 * and only the attempt that made it counts in `RequestsSubmitted`.
 */
export async function submitRequest(
  identity: Identity,
  input: SubmissionInput,
  creation: Creation,
  now: Date,
): Promise<{ request: Request; replayed: boolean }> {
  // Checked first, writing nothing: a photo that cannot be attached refuses the whole request.
  const attachment = await photosToAttach(identity.userId, input.photos, `request/${creation.id}`, 'report', now);
  if (!input.location && !input.address) throw fieldProblem('body.location', 'send a location or an address', 'required');
  const [category, { grid, routedBy }] = await Promise.all([cachedCategory(input.categoryId), routeSubmission(identity, input.location)]);
  if (!category) throw fieldProblem('body.categoryId', `no category ${input.categoryId}`, 'unknown');
  const request = planSubmission({
    id: creation.id,
    identity,
    input,
    category,
    grid,
    routedBy,
    assigneeId: await onDutyWorkerOf(grid.id),
    photos: attachment.photos,
    now,
  });
  const earlier = await createOnce(
    creation,
    request.id,
    () => createRequest(request, [...announceSubmission(request), ...attachment.events], creation.fingerprint),
    toRequest,
  );
  if (earlier) return { request: earlier, replayed: true };
  count('requestsSubmitted');
  return { request, replayed: false };
}
