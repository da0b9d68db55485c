import { shiftSignedUp, shiftSwapAccepted, shiftSwapDecided, shiftSwapProposed, shiftWithdrawn } from '../../events/shifts';
import type { Identity } from '../auth/identity';
import { type PendingEvent, makeEvent } from '../events/outbox';
import { conflict, notFound } from '../http/errors';
import { newId } from '../ids';
import { getMember, getOrgUnit } from '../organisation/repository';
import { managesMicroGrid } from './domain/access';
import { type ShiftRecord, hasStarted, shiftFacts } from './domain/shift';
import { type SwapDecision, assertMayDecide, assertSeesSwap, closingStatus, planSwap, swapFacts, swapTransitions } from './domain/swaps';
import type { Swap, SwapStatus } from './model';
import { MAX_ATTEMPTS, claimTime, releaseUnlessSeated } from './claims';
import { gridWorkersOf } from './micro-grids';
import { getShift, updateShift } from './repository/shifts';
import { createSwap, getSwap, transitionSwap } from './repository/swaps';
import { forgetWaiting, releaseClaim } from './repository/volunteer-days';

/**
 * Swaps carried out: a member proposes handing their seat to another member, the other accepts (or
 * declines), the proposer may cancel, and the grid worker approves (or rejects). Each move is a
 * conditional transition of the swap item (see `domain/swaps.ts` for who makes which); an approval
 * is recorded first and carried out after, so an interrupted one is resumed by approving again.
 */

/** A member proposes handing their seat on a shift (one they see) to another member of its micro-grid. */
export async function proposeSwap(shift: ShiftRecord, fromUserId: string, toUserId: string, note: string | undefined, now: Date): Promise<Swap> {
  const toMember = await getMember(shift.microGridId, toUserId);
  const swap = planSwap(shift, fromUserId, toUserId, toMember !== undefined, newId(), note, now);
  await createSwap(swap, [makeEvent(shiftSwapProposed, swapFacts(swap, shift))]);
  return swap;
}

/** A swap someone takes part in (its two members, the staff managing its micro-grid), and whether they manage it; else 404. */
export async function swapSeenBy(identity: Identity, swapId: string): Promise<{ swap: Swap; manages: boolean }> {
  const swap = await getSwap(swapId);
  if (!swap) throw notFound();
  const unit = await getOrgUnit(swap.microGridId);
  if (!unit) throw notFound();
  const manages = managesMicroGrid(identity, unit);
  assertSeesSwap(identity, swap, manages);
  return { swap, manages };
}

/** Someone makes a decision on a swap, which moves it on (or answers 403, 404 or 409); returns the swap as it then is. */
export async function decideSwap(identity: Identity, swapId: string, decision: SwapDecision, now: Date): Promise<Swap> {
  const { swap, manages } = await swapSeenBy(identity, swapId);
  assertMayDecide(identity, swap, decision, manages);
  const shift = await getShift(swap.shiftId);
  if (!shift) throw notFound();
  const at = now.toISOString();
  const decidedBy = identity.userId;
  const decided = (status: 'done' | 'declined' | 'rejected' | 'cancelled' | 'failed', failure?: string): PendingEvent =>
    makeEvent(shiftSwapDecided, { ...swapFacts(swap, shift), status, decidedBy, ...(failure ? { failure } : {}) });
  const move = async (to: SwapStatus, set: Partial<Swap>, events: PendingEvent[], from = swapTransitions[decision]) => {
    if (!(await transitionSwap(swap.id, from, to, set, events))) {
      throw conflict(`the swap is ${(await getSwap(swap.id))?.status ?? 'gone'}`);
    }
  };
  if (decision === 'accept') {
    const gridWorkerIds = await gridWorkersOf(swap.microGridId);
    await move('accepted', { acceptedAt: at }, [makeEvent(shiftSwapAccepted, { ...swapFacts(swap, shift), gridWorkerIds })]);
  } else if (decision === 'approve') {
    // Approved first, then carried out: an interrupted approval is resumed by approving again.
    await move('approved', { decidedAt: at, decidedBy }, []);
    const failure = await handOver(swap.shiftId, swap.fromUserId, swap.toUserId, decidedBy, now);
    if (failure) await move('failed', { failure }, [decided('failed', failure)], ['approved']);
    else await move('done', {}, [decided('done')], ['approved']);
  } else {
    const status = closingStatus[decision];
    await move(status, { decidedAt: at, decidedBy }, [decided(status)]);
  }
  return (await getSwap(swap.id))!;
}

/**
 * Hands a seat over (an approved swap): claim the newcomer's interval, then replace the seat in one
 * conditional write, then release the leaver's claim. Returns why it cannot, or undefined when done.
 */
export async function handOver(shiftId: string, fromUserId: string, toUserId: string, by: string, now: Date): Promise<string | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const shift = await getShift(shiftId);
    if (!shift) return 'the shift is gone';
    const from = shift.volunteers[fromUserId];
    // Done already (a resumed approval): the newcomer holds the seat and the leaver does not.
    if (!from && shift.volunteers[toUserId]) return undefined;
    if (!from) return `${fromUserId} no longer holds a seat`;
    if (from.checkedInAt) return `${fromUserId} already checked in`;
    if (shift.status !== 'open' || hasStarted(shift, now)) return 'the shift has started or was cancelled';
    if (shift.volunteers[toUserId]) return `${toUserId} is already on the shift`;
    if (!(await getMember(shift.microGridId, toUserId))) return `${toUserId} is no longer a member`;
    const claim = await claimTime(toUserId, shift, now);
    if (!claim.ok) return claim.reason === 'overlaps' ? `${toUserId} has an overlapping shift (${claim.shiftId})` : 'busy; try again';
    const queueIndex = shift.waitQueue.indexOf(toUserId);
    const moved = await updateShift(
      shiftId,
      {
        // A seat of the pending assignee removes the name (see takeSeat).
        ...(shift.pendingAssignee === toUserId ? { remove: ['pendingAssignee'] } : {}),
        removePaths: [['volunteers', fromUserId], ...(queueIndex >= 0 ? [['waitQueue', queueIndex]] : [])],
        setPaths: [[['volunteers', toUserId], { via: 'swap', at: now.toISOString(), claimToken: claim.token }]],
        condition: [
          'attribute_exists(#vol.#from)',
          'attribute_not_exists(#vol.#from.#in)',
          'attribute_not_exists(#vol.#to)',
          ...(queueIndex >= 0 ? [`#queue[${queueIndex}] = :to`] : []),
        ].join(' AND '),
        names: { '#vol': 'volunteers', '#from': fromUserId, '#to': toUserId, '#in': 'checkedInAt', ...(queueIndex >= 0 ? { '#queue': 'waitQueue' } : {}) },
        ...(queueIndex >= 0 ? { values: { ':to': toUserId } } : {}),
      },
      [
        makeEvent(shiftWithdrawn, { ...shiftFacts(shift), userId: fromUserId, by }),
        makeEvent(shiftSignedUp, { ...shiftFacts(shift), userId: toUserId, via: 'swap', by }),
      ],
    );
    if (moved) {
      if (from.claimToken) await releaseClaim(fromUserId, shift.date, shiftId, from.claimToken);
      if (queueIndex >= 0) await forgetWaiting(toUserId, shift.date, shiftId);
      return undefined;
    }
    await releaseUnlessSeated(toUserId, shift, claim.token);
  }
  return 'busy; try again';
}
