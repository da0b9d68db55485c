import * as z from 'zod/mini';
import { defineEvent } from '../shared/events/define';
import { departmentSchema, requestStatusSchema } from '../shared/requests/terms';

const source = 'grid.requests';

/** Where a request is and who has it: what every request event carries, so rules need no reads. */
const placed = {
  requestId: z.string(),
  residentId: z.string(),
  categoryId: z.string(),
  categoryName: z.string(),
  /** The category's English name, when it has one (optional, so version 1 stands): notices say it to people who read English. */
  categoryNameEn: z.optional(z.string()),
  gridId: z.string(),
  communityId: z.string(),
  subdistrictId: z.string(),
  assigneeId: z.nullable(z.string()),
};

export const requestSubmitted = defineEvent({
  source,
  detailType: 'request.submitted',
  version: 1,
  description: "A resident submitted a request; it was routed to a grid and assigned to the grid's on-duty worker.",
  data: z.object({
    ...placed,
    /** The first 140 characters of the description. */
    summary: z.string(),
    routedBy: z.string(),
    acceptDueAt: z.string(),
  }),
});

export const requestStatusChanged = defineEvent({
  source,
  detailType: 'request.status-changed',
  version: 1,
  description:
    'A request moved in its closed loop (accept, start, resolve, confirm with a rating, reopen, escalate, return, reject, mark-duplicate). A resolved request nobody confirmed in time is closed by the system: action confirm, automatic true, no rating.',
  data: z.object({
    ...placed,
    action: z.enum(['accept', 'start', 'resolve', 'confirm', 'reopen', 'escalate', 'return', 'reject', 'mark-duplicate']),
    from: requestStatusSchema,
    to: requestStatusSchema,
    version: z.number(),
    actorId: z.string(),
    note: z.optional(z.string()),
    rating: z.optional(z.number()),
    department: z.optional(departmentSchema),
    duplicateOf: z.optional(z.string()),
    /** On resolve: until when the resident can confirm or reopen. On an automatic close: the window that passed. */
    confirmDueAt: z.optional(z.string()),
    /**
     * True when the system closed the request because nobody confirmed or reopened it by
     * `confirmDueAt` (action `confirm`, actor `system`, no rating). Optional, so version 1 stands.
     */
    automatic: z.optional(z.boolean()),
  }),
});

export const requestMarkedDuplicate = defineEvent({
  source,
  detailType: 'request.marked-duplicate',
  version: 1,
  description: 'A request was marked a duplicate of another; the original gets the link.',
  data: z.object({ requestId: z.string(), duplicateOf: z.string(), residentId: z.string(), actorId: z.string() }),
});

export const requestReassigned = defineEvent({
  source,
  detailType: 'request.reassigned',
  version: 1,
  description: 'An admin reassigned a request to another grid worker (and perhaps another grid).',
  data: z.object({
    ...placed,
    previousAssigneeId: z.nullable(z.string()),
    previousGridId: z.string(),
    actorId: z.string(),
  }),
});

export const requestOverdue = defineEvent({
  source,
  detailType: 'request.overdue',
  version: 1,
  description:
    'A request missed its accept or resolve deadline; level 1 escalates to the community admins, level 2 to the subdistrict admins.',
  data: z.object({
    ...placed,
    deadline: z.enum(['accept', 'resolve']),
    dueAt: z.string(),
    level: z.number(),
    /** The admins it went up to (the nearest unit up the hierarchy that has any). */
    escalatedTo: z.array(z.string()),
  }),
});
