import * as z from 'zod/mini';
import { defineEvent } from '../shared/events/define';

const source = 'grid.shifts';

const shiftFacts = {
  shiftId: z.string(),
  microGridId: z.string(),
  title: z.string(),
  start: z.string(),
  end: z.string(),
};

export const shiftSignedUp = defineEvent({
  source,
  detailType: 'shifts.signed-up',
  version: 1,
  description:
    'A volunteer took a seat on a shift: signed up, assigned by the grid worker, promoted from the waitlist, or handed over in a swap. ' +
    "`generated`: the seat is a duty's assignee's, taken by a shift generation (via `assigned`); they are told once per run, by `shifts.duties-assigned`.",
  data: z.object({
    ...shiftFacts,
    userId: z.string(),
    via: z.enum(['sign_up', 'assigned', 'promoted', 'swap']),
    by: z.string(),
    /**
     * True when a shift generation seated the duty's assignee (`via` is then `assigned`, as the seat
     * says). An optional field rather than a new `via`: v1 consumers parse `via` as a closed enum and
     * would reject a new value, while a field they do not know is dropped by their parse. So the
     * data stays compatible and the version stays 1.
     */
    generated: z.optional(z.boolean()),
  }),
});

export const shiftDutiesAssigned = defineEvent({
  source,
  detailType: 'shifts.duties-assigned',
  version: 1,
  description:
    "A shift generation seated a member on shifts of their duties: one event per member and run (listing at most 100 shifts; more make several), so they are told once, not per shift. Each seat has its own `shifts.signed-up` (`generated`) too.",
  data: z.object({
    microGridId: z.string(),
    userId: z.string(),
    /** The duties the shifts were generated from. */
    dutyIds: z.array(z.string()),
    /** The seats taken, by start. */
    shifts: z.array(
      z.object({
        shiftId: z.string(),
        dutyId: z.optional(z.string()),
        title: z.string(),
        start: z.string(),
        end: z.string(),
      }),
    ),
    /** Who ran the generation. */
    by: z.string(),
  }),
});

export const shiftWithdrawn = defineEvent({
  source,
  detailType: 'shifts.withdrawn',
  version: 1,
  description: 'A volunteer left a shift (withdrew, or the grid worker took them off); their seat went to the waitlist if anyone waited.',
  data: z.object({ ...shiftFacts, userId: z.string(), by: z.string() }),
});

export const shiftReminderDue = defineEvent({
  source,
  detailType: 'shifts.reminder-due',
  version: 1,
  description: 'A shift starts in a day (`day`) or an hour (`hour`): remind the volunteers on it. Sent once per shift and kind.',
  data: z.object({
    ...shiftFacts,
    kind: z.enum(['day', 'hour']),
    volunteerIds: z.array(z.string()),
    location: z.optional(z.string()),
    stationId: z.optional(z.string()),
  }),
});

export const shiftUnfilled = defineEvent({
  source,
  detailType: 'shifts.unfilled',
  version: 1,
  description: 'A shift starts within a day and is short of people: alert the grid worker. Sent once per shift.',
  data: z.object({
    ...shiftFacts,
    headcount: z.number(),
    signedUp: z.number(),
    missing: z.number(),
    gridWorkerIds: z.array(z.string()),
  }),
});

export const shiftCancelled = defineEvent({
  source,
  detailType: 'shifts.cancelled',
  version: 1,
  description: 'The grid worker cancelled a shift; everyone on it or waiting for it is told.',
  data: z.object({
    ...shiftFacts,
    volunteerIds: z.array(z.string()),
    waitlist: z.array(z.string()),
    by: z.string(),
    reason: z.optional(z.string()),
  }),
});

const hoursFacts = {
  shiftId: z.string(),
  microGridId: z.string(),
  userId: z.string(),
  title: z.string(),
  date: z.string(),
  month: z.string(),
};

export const shiftCheckedOut = defineEvent({
  source,
  detailType: 'shifts.checked-out',
  version: 1,
  description: 'A volunteer checked out of a shift: the stint and its credited minutes, as the hours log records it.',
  data: z.object({
    ...hoursFacts,
    checkedInAt: z.string(),
    checkedOutAt: z.string(),
    minutes: z.number(),
    by: z.string(),
  }),
});

export const shiftNoShow = defineEvent({
  source,
  detailType: 'shifts.no-show',
  version: 1,
  description: 'The grid worker marked a volunteer who never checked in as a no-show.',
  data: z.object({ ...hoursFacts, markedAt: z.string(), markedBy: z.string(), comment: z.optional(z.string()) }),
});

const swapFacts = {
  swapId: z.string(),
  shiftId: z.string(),
  microGridId: z.string(),
  fromUserId: z.string(),
  toUserId: z.string(),
  title: z.string(),
  start: z.string(),
};

export const shiftSwapProposed = defineEvent({
  source,
  detailType: 'shifts.swap-proposed',
  version: 1,
  description: 'A volunteer asked another member to take over their seat on a shift.',
  data: z.object(swapFacts),
});

export const shiftSwapAccepted = defineEvent({
  source,
  detailType: 'shifts.swap-accepted',
  version: 1,
  description: 'The other member agreed to take over a seat; the grid worker is asked to approve.',
  data: z.object({ ...swapFacts, gridWorkerIds: z.array(z.string()) }),
});

export const shiftSwapDecided = defineEvent({
  source,
  detailType: 'shifts.swap-decided',
  version: 1,
  description: 'A swap ended: done (approved and carried out), declined, rejected, cancelled, or failed (e.g. it would double-book).',
  data: z.object({
    ...swapFacts,
    status: z.enum(['done', 'declined', 'rejected', 'cancelled', 'failed']),
    decidedBy: z.string(),
    failure: z.optional(z.string()),
  }),
});

export const shiftEvents = [
  shiftSignedUp,
  shiftDutiesAssigned,
  shiftWithdrawn,
  shiftReminderDue,
  shiftUnfilled,
  shiftCancelled,
  shiftCheckedOut,
  shiftNoShow,
  shiftSwapProposed,
  shiftSwapAccepted,
  shiftSwapDecided,
] as const;
