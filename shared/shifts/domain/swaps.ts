import type { Identity } from '../../auth/identity';
import { ProblemError, fieldProblem, forbidden } from '../../http/errors';
import type { Swap, SwapStatus } from '../model';
import { type ShiftRecord, hasStarted } from './shift';

/**
 * Swaps: a member hands their seat on a shift to another member; the other accepts, the grid worker
 * approves, and only then is the seat handed over. The swap is a state machine on one item; these
 * are its rules. Carrying it out is `shared/shifts/swaps.ts`.
 */

/** A member hands their seat to another member: they must hold it, the other must not, before it starts. */
export function planSwap(
  shift: ShiftRecord,
  fromUserId: string,
  toUserId: string,
  toIsMember: boolean,
  id: string,
  note: string | undefined,
  now: Date,
): Swap {
  if (!shift.volunteers[fromUserId]) throw new ProblemError('conflict', 'you hold no seat on this shift');
  if (hasStarted(shift, now)) throw new ProblemError('conflict', 'the shift has started');
  if (fromUserId === toUserId) throw fieldProblem('body.toUserId', 'choose someone else');
  if (!toIsMember) throw new ProblemError('not_found', `${toUserId} is not a member of this micro-grid`);
  if (shift.volunteers[toUserId]) throw new ProblemError('conflict', `${toUserId} is already on this shift`);
  return {
    id,
    microGridId: shift.microGridId,
    shiftId: shift.id,
    fromUserId,
    toUserId,
    ...(note ? { note } : {}),
    status: 'proposed',
    createdAt: now.toISOString(),
  };
}

/** What can be decided on a swap. */
export const swapDecisions = ['accept', 'decline', 'cancel', 'approve', 'reject'] as const;
export type SwapDecision = (typeof swapDecisions)[number];

/** The moves a swap may make: the other member accepts or declines, the proposer cancels, the grid worker decides. */
export const swapTransitions: Record<SwapDecision, readonly SwapStatus[]> = {
  accept: ['proposed'],
  decline: ['proposed'],
  cancel: ['proposed', 'accepted'],
  // `approved` again resumes an approval a crash interrupted: every step of it is idempotent.
  approve: ['accepted', 'approved'],
  reject: ['proposed', 'accepted'],
};

/** The decisions that close a swap by themselves, and the status each leaves it in. */
export const closingStatus = { decline: 'declined', cancel: 'cancelled', reject: 'rejected' } as const satisfies Partial<
  Record<SwapDecision, SwapStatus>
>;

/**
 * A swap is seen by its two members and by the staff who manage its micro-grid (`manages`);
 * anyone else gets a 404, as for any id that is not theirs.
 */
export function assertSeesSwap(identity: Pick<Identity, 'userId'>, swap: Swap, manages: boolean): void {
  if (!manages && identity.userId !== swap.fromUserId && identity.userId !== swap.toUserId) throw new ProblemError('not_found');
}

/** Who decides what: the other member accepts or declines, the proposer cancels, the grid worker approves or rejects. */
export function assertMayDecide(identity: Pick<Identity, 'userId'>, swap: Swap, decision: SwapDecision, manages: boolean): void {
  const allowed =
    decision === 'accept' || decision === 'decline'
      ? identity.userId === swap.toUserId
      : decision === 'cancel'
        ? identity.userId === swap.fromUserId
        : manages;
  if (!allowed) throw forbidden(`you cannot ${decision} this swap`);
}

/** The facts every event of a swap carries. */
export const swapFacts = (swap: Swap, shift: Pick<ShiftRecord, 'title' | 'start'>) => ({
  swapId: swap.id,
  shiftId: swap.shiftId,
  microGridId: swap.microGridId,
  fromUserId: swap.fromUserId,
  toUserId: swap.toUserId,
  title: shift.title,
  start: shift.start,
});
