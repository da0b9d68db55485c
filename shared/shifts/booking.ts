import { randomBytes } from 'node:crypto';
import { shiftCancelled, shiftDutiesAssigned, shiftSignedUp, shiftWithdrawn } from '../../events/shifts';
import { makeEvent } from '../events/outbox';
import { ProblemError, conflict, notFound } from '../http/errors';
import { newId } from '../ids';
import { getMember, listGridWorkers } from '../organisation/repository';
import { assertBudgetLeft, spendAction } from '../rate-limit';
import type { Member } from '../organisation/model';
import {
  CLAIM_SETTLE_MS,
  type Claim,
  SHIFT_WITHDRAWAL_LIMIT,
  type ShiftRecord,
  collidingClaim,
  decideAssigneeSeat,
  decideEligibility,
  ineligible,
  isStaleClaim,
  overlaps,
  planAssignmentNotices,
} from './domain';
import type { AssigneeSeating, Eligibility } from './model';
import * as shifts from './repository';

/**
 * Seats on shifts, without transactions. Two invariants, each in one item:
 *
 * - **Headcount** lives on the shift item: a seat is a conditional update (`signedUpCount <
 *   headcount`, not seated yet, nobody waiting) that adds the volunteer to the `volunteers` map and
 *   the count in one write. The waitlist is a list on the same item, appended to atomically.
 * - **One place at a time** lives on the volunteer's day item (`USER#<id>` / `SCHEDULE#<date>`): the
 *   intervals they hold, with a version. Two sign-ups of the same person contend on it; the write
 *   is conditional on the version they read, so the second sees the first's interval.
 *
 * The order is: **claim the interval on the day item first, then take the seat on the shift**. If
 * the seat cannot be had (full), the claim is released. A crash between the two leaves a claim
 * without a seat: harmless for headcount, and the read paths (every claim, "my shifts") treat a
 * claim older than `CLAIM_SETTLE_MS` whose shift does not seat the volunteer as a leftover and
 * release it. The reverse order could leave a seat without a claim, which would let a later
 * overlapping sign-up through: that is why the claim comes first.
 *
 * Every claim write carries a fresh token, and a seat records the token it was taken with; a claim
 * is only ever released by its token, so no one removes a claim another attempt still relies on.
 *
 * A shift generated from a duty with an assignee is created naming them (`pendingAssignee`); they
 * are then seated as the grid worker's assignment seats anyone (claim, then seat), and the seat's
 * write removes the name, on the condition that it is still there. Any seat of theirs removes it too.
 * So the name is honoured once: a generation interrupted between the shift and the seat is finished
 * by the next run, and someone who held the seat and left is never seated again. The member is told
 * once per run, for all the seats it gave them (see {@link announceAssignments}).
 */

const MAX_ATTEMPTS = 25;
const newToken = () => randomBytes(9).toString('base64url');

export type ClaimResult =
  | { ok: true; token: string }
  | { ok: false; reason: 'overlaps'; shiftId: string }
  | { ok: false; reason: 'in_progress' };

/**
 * Releases leftover claims among `claims` (those old enough whose shift does not seat the
 * volunteer) and returns the ones still live.
 */
async function repairClaims(userId: string, date: string, claims: readonly Claim[], now: string): Promise<Claim[]> {
  const old = claims.filter((claim) => Date.parse(now) - Date.parse(claim.at) >= CLAIM_SETTLE_MS);
  if (old.length === 0) return [...claims];
  const found = await shifts.getShifts(old.map((claim) => claim.shiftId));
  const released = new Set<string>();
  for (const claim of old) {
    if (isStaleClaim(claim, found.get(claim.shiftId), userId, now)) {
      await shifts.releaseClaim(userId, date, claim.shiftId, claim.token);
      released.add(claim.shiftId);
    }
  }
  return claims.filter((claim) => !released.has(claim.shiftId));
}

/** A volunteer's live claims on a day, leftovers of crashes released. */
export async function liveClaims(userId: string, date: string, now: string): Promise<Claim[]> {
  const day = await shifts.getVolunteerDay(userId, date);
  return repairClaims(userId, date, day.claims, now);
}

/**
 * Claims a shift's interval on the volunteer's day: refused if it overlaps another live claim, or
 * if a claim for this very shift exists (another attempt for the same seat is under way).
 */
export async function claimTime(userId: string, shift: ShiftRecord, now: string, read?: shifts.VolunteerDay): Promise<ClaimResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    // A day read moments ago will do for the first attempt: the version check catches any change since.
    const day = attempt === 0 && read ? read : await shifts.getVolunteerDay(userId, shift.date);
    // Only claims that matter to this shift are worth repairing here.
    const relevant = day.claims.filter((claim) => claim.shiftId === shift.id || overlaps(claim, shift));
    const live = await repairClaims(userId, shift.date, relevant, now);
    if (live.some((claim) => claim.shiftId === shift.id)) return { ok: false, reason: 'in_progress' };
    const colliding = collidingClaim(live, shift);
    if (colliding) return { ok: false, reason: 'overlaps', shiftId: colliding.shiftId };
    const token = newToken();
    // Releases do not bump the version, so the version read above still guards this write.
    if (await shifts.writeClaim(day, { shiftId: shift.id, start: shift.start, end: shift.end, token, at: now })) return { ok: true, token };
  }
  throw conflict('too many simultaneous changes to your schedule; try again');
}

/** Releases the claim an attempt made, unless the volunteer holds the seat after all. */
async function releaseUnlessSeated(userId: string, shift: ShiftRecord, token: string): Promise<void> {
  const fresh = await shifts.getShift(shift.id);
  if (fresh?.volunteers[userId]) return;
  await shifts.releaseClaim(userId, shift.date, shift.id, token);
}

const facts = (shift: ShiftRecord) => ({
  shiftId: shift.id,
  microGridId: shift.microGridId,
  title: shift.title,
  start: shift.start,
  end: shift.end,
});

const seatNames = {
  '#vol': 'volunteers',
  '#count': 'signedUpCount',
  '#headcount': 'headcount',
  '#status': 'status',
  '#end': 'end',
};

/**
 * Takes a seat with a claim already made. `sign_up` only when nobody waits (the queue goes first);
 * `promoted` only for the head of the queue, removed in the same write; `assigned` by the grid
 * worker, taking the person off the queue if they were on it. `asPendingAssignee` (a generation
 * run's seat): only while the shift still names them as its pending assignee; the same write marks
 * the notice owed to them (`assigneeNoticeDue`) and its event says `generated`. A seat of the
 * pending assignee, by any path, removes the name.
 */
async function takeSeat(
  shift: ShiftRecord,
  userId: string,
  via: 'sign_up' | 'promoted' | 'assigned',
  token: string,
  by: string,
  now: string,
  queueIndex = -1,
  asPendingAssignee?: { runId: string },
): Promise<ShiftRecord | undefined> {
  const conditions = [
    'attribute_not_exists(#vol.#who)',
    '#count < #headcount',
    '#status = :open',
    '#end > :now',
  ];
  const removePaths: (string | number)[][] = [];
  const values: Record<string, unknown> = { ':open': 'open', ':now': now };
  const names: Record<string, string> = { ...seatNames, '#who': userId };
  const set: Record<string, unknown> = {};
  if (asPendingAssignee) {
    conditions.push('#pending = :assignee');
    names['#pending'] = 'pendingAssignee';
    values[':assignee'] = userId;
    set.assigneeNoticeDue = { userId, runId: asPendingAssignee.runId, at: now };
  }
  // The name can only ever be this person's, so removing it needs no condition of its own.
  const remove = asPendingAssignee || shift.pendingAssignee === userId ? ['pendingAssignee'] : [];
  if (via === 'sign_up') {
    conditions.push('size(#queue) = :zero');
    values[':zero'] = 0;
  } else if (via === 'promoted' || queueIndex >= 0) {
    const index = via === 'promoted' ? 0 : queueIndex;
    conditions.push(`#queue[${index}] = :who`);
    values[':who'] = userId;
    removePaths.push(['waitQueue', index]);
  }
  if (conditions.some((c) => c.includes('#queue'))) names['#queue'] = 'waitQueue';
  return shifts.updateShiftReturning(
    shift.id,
    {
      set,
      setPaths: [[['volunteers', userId], { via, at: now, claimToken: token }]],
      add: { signedUpCount: 1 },
      remove,
      removePaths,
      condition: conditions.join(' AND '),
      names,
      values,
    },
    [makeEvent(shiftSignedUp, { ...facts(shift), userId, via, by, ...(asPendingAssignee ? { generated: true } : {}) })],
  );
}

/** Whether a person is a current member of the shift's micro-grid (the organisation's membership). */
export async function membershipOf(shift: Pick<ShiftRecord, 'microGridId'>, userId: string): Promise<Member | undefined> {
  return getMember(shift.microGridId, userId);
}

/** What a sign-up by this person would do now, and why. */
export async function eligibilityFor(shift: ShiftRecord, userId: string, now: string): Promise<Eligibility> {
  return (await assess(shift, userId, now)).eligibility;
}

/** What decisions about a person and a shift rest on: membership, availability, their live claims that day. */
async function factsAbout(shift: ShiftRecord, userId: string, now: string) {
  const [member, availability, day] = await Promise.all([
    membershipOf(shift, userId),
    shifts.getAvailability(userId),
    shifts.getVolunteerDay(userId, shift.date),
  ]);
  const claims = await repairClaims(userId, shift.date, day.claims, now);
  return { input: { shift, userId, isMember: member !== undefined, availability, claims, now }, day };
}

async function assess(shift: ShiftRecord, userId: string, now: string): Promise<{ eligibility: Eligibility; day: shifts.VolunteerDay }> {
  const { input, day } = await factsAbout(shift, userId, now);
  return { eligibility: decideEligibility(input), day };
}

export interface SignUpResult {
  status: 'signed_up' | 'waitlisted';
  position?: number;
  warnings: Eligibility['warnings'];
  shift: ShiftRecord;
}

async function outcomeFor(shiftId: string, userId: string, warnings: Eligibility['warnings']): Promise<SignUpResult | undefined> {
  const shift = await shifts.getShift(shiftId);
  if (!shift) throw notFound();
  if (shift.volunteers[userId]) return { status: 'signed_up', warnings, shift };
  const index = shift.waitQueue.indexOf(userId);
  if (index >= 0) return { status: 'waitlisted', position: index + 1, warnings, shift };
  return undefined;
}

/**
 * A volunteer signs up: a seat if one is free (claim, then seat), else the waitlist. Refusals
 * answer 409 with the reason, and 429 after {@link SHIFT_WITHDRAWAL_LIMIT} withdrawals this hour.
 * Signing up again for the same shift changes nothing.
 */
export async function signUp(shiftId: string, userId: string, now: string): Promise<SignUpResult> {
  const shift = await shifts.getShift(shiftId);
  if (!shift) throw notFound();
  const { eligibility, day } = await assess(shift, userId, now);
  if (eligibility.outcome === 'none') throw ineligible(eligibility);
  await assertBudgetLeft(userId, SHIFT_WITHDRAWAL_LIMIT, new Date(now));
  const { warnings } = eligibility;

  if (eligibility.outcome === 'sign_up') {
    // Had a leftover been released above, the version check sends the claim round for a fresh read.
    const claim = await claimTime(userId, shift, now, day);
    if (!claim.ok) {
      const settled = await outcomeFor(shiftId, userId, warnings);
      if (settled) return settled;
      if (claim.reason === 'overlaps') throw ineligible({ ...eligibility, outcome: 'none', reason: 'overlaps', overlapsShiftId: claim.shiftId });
      throw conflict('a sign-up for this shift is already under way');
    }
    const seated = await takeSeat(shift, userId, 'sign_up', claim.token, userId, now);
    if (seated) return { status: 'signed_up', warnings, shift: seated };
    // Full (or someone waits): give the interval back and queue.
    await releaseUnlessSeated(userId, shift, claim.token);
    const settled = await outcomeFor(shiftId, userId, warnings);
    if (settled) return settled;
  }

  const joined = await shifts.updateShift(
    shiftId,
    {
      append: { waitQueue: [userId] },
      condition: 'attribute_not_exists(#vol.#who) AND NOT contains(#queue, :who) AND #status = :open AND #end > :now',
      names: { '#vol': 'volunteers', '#who': userId, '#queue': 'waitQueue', '#status': 'status', '#end': 'end' },
      values: { ':who': userId, ':open': 'open', ':now': now },
    },
    [],
  );
  if (joined) await shifts.noteWaiting(userId, shift.date, shiftId, now);
  // A seat may have come free meanwhile: the queue is served first, possibly by us.
  await fillFromWaitlist(shiftId, now);
  const settled = await outcomeFor(shiftId, userId, warnings);
  if (settled) return settled;
  throw ineligible(await eligibilityFor((await shifts.getShift(shiftId))!, userId, now));
}

/** Takes someone off the waitlist; false if they were not on it. */
async function leaveWaitlist(shiftId: string, userId: string): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const shift = await shifts.getShift(shiftId);
    const index = shift?.waitQueue.indexOf(userId) ?? -1;
    if (!shift || index < 0) return false;
    const removed = await shifts.updateShift(
      shiftId,
      { removePaths: [['waitQueue', index]], condition: `#queue[${index}] = :who`, names: { '#queue': 'waitQueue' }, values: { ':who': userId } },
      [],
    );
    if (removed) {
      await shifts.noteWaiting(userId, shift.date, shiftId, undefined);
      return true;
    }
  }
  throw conflict('the waitlist is busy; try again');
}

export type WithdrawOutcome = 'withdrawn' | 'left_waitlist' | 'not_signed_up';

/**
 * Leaves a shift (or its waitlist). The seat goes first, then the claim on the day is released,
 * then the head of the waitlist is promoted: a crash after the seat leaves a claim the read paths
 * release, and a free seat with a queue that the next read of the shift fills.
 */
export async function withdraw(
  shiftId: string,
  userId: string,
  by: string,
  now: string,
  /** `churn: false` for withdrawals the volunteer did not choose one by one (leaving the micro-grid). */
  options: { staff: boolean; churn?: boolean },
): Promise<WithdrawOutcome> {
  const counted = !options.staff && options.churn !== false;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const shift = await shifts.getShift(shiftId);
    if (!shift) throw notFound();
    if (shift.waitQueue.includes(userId)) {
      if (!(await leaveWaitlist(shiftId, userId))) return 'not_signed_up';
      if (counted) await spendAction(userId, SHIFT_WITHDRAWAL_LIMIT, new Date(now));
      return 'left_waitlist';
    }
    const slot = shift.volunteers[userId];
    if (!slot) return 'not_signed_up';
    if (slot.checkedInAt) throw conflict('already checked in: check out instead');
    if (!options.staff && now >= shift.start) throw conflict('the shift has started: ask the grid worker');
    const left = await shifts.updateShift(
      shiftId,
      {
        removePaths: [['volunteers', userId]],
        add: { signedUpCount: -1 },
        condition: 'attribute_exists(#vol.#who) AND attribute_not_exists(#vol.#who.#in)',
        names: { '#vol': 'volunteers', '#who': userId, '#in': 'checkedInAt' },
      },
      [makeEvent(shiftWithdrawn, { ...facts(shift), userId, by })],
    );
    if (!left) continue;
    if (slot.claimToken) await shifts.releaseClaim(userId, shift.date, shiftId, slot.claimToken);
    await fillFromWaitlist(shiftId, now);
    // Never refused (the seat goes back to the queue), but a volunteer's own withdrawal is counted.
    if (counted) await spendAction(userId, SHIFT_WITHDRAWAL_LIMIT, new Date(now));
    return 'withdrawn';
  }
  throw conflict('the shift is busy; try again');
}

/** Drops the head of the queue (they can no longer take the seat). */
async function dropHead(shift: ShiftRecord, userId: string): Promise<void> {
  await shifts.updateShift(
    shift.id,
    { removePaths: [['waitQueue', 0]], condition: '#queue[0] = :who', names: { '#queue': 'waitQueue' }, values: { ':who': userId } },
    [],
  );
  await shifts.noteWaiting(userId, shift.date, shift.id, undefined);
}

/**
 * Gives free seats to the waitlist, first come first served. Idempotent: run after a withdrawal,
 * after joining the queue, and on reads of a shift that shows a free seat and a queue (which is
 * what a crash after a withdrawal leaves). Someone who left the micro-grid, or who is now busy at
 * that time, is dropped from the queue.
 */
export async function fillFromWaitlist(shiftId: string, now: string): Promise<number> {
  let promoted = 0;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const shift = await shifts.getShift(shiftId);
    if (!shift || shift.status !== 'open' || shift.end <= now) return promoted;
    if (shift.signedUpCount >= shift.headcount || shift.waitQueue.length === 0) return promoted;
    const head = shift.waitQueue[0]!;
    if (!(await membershipOf(shift, head))) {
      await dropHead(shift, head);
      continue;
    }
    const claim = await claimTime(head, shift, now);
    if (!claim.ok) {
      if (claim.reason === 'overlaps') {
        await dropHead(shift, head);
        continue;
      }
      // Another promotion of the same person is under way: it finishes the job.
      return promoted;
    }
    if (await takeSeat(shift, head, 'promoted', claim.token, 'waitlist', now)) {
      promoted += 1;
      await shifts.noteWaiting(head, shift.date, shiftId, undefined);
    } else {
      await releaseUnlessSeated(head, shift, claim.token);
    }
  }
  return promoted;
}

type SeatAttempt = { ok: true; shift: ShiftRecord } | Exclude<ClaimResult, { ok: true }> | { ok: false; reason: 'lost' };

/**
 * The grid worker's seat for a member: claim their time, then take the seat (off the waitlist if
 * they were on it). `lost` when the seat could not be had after all (read the shift again).
 */
async function seatAssigned(
  shift: ShiftRecord,
  userId: string,
  by: string,
  now: string,
  options: { asPendingAssignee?: { runId: string }; day?: shifts.VolunteerDay } = {},
): Promise<SeatAttempt> {
  const claim = await claimTime(userId, shift, now, options.day);
  if (!claim.ok) return claim;
  const queueIndex = shift.waitQueue.indexOf(userId);
  const seated = await takeSeat(shift, userId, 'assigned', claim.token, by, now, queueIndex, options.asPendingAssignee);
  if (seated) {
    if (queueIndex >= 0) await shifts.noteWaiting(userId, shift.date, shift.id, undefined);
    return { ok: true, shift: seated };
  }
  await releaseUnlessSeated(userId, shift, claim.token);
  return { ok: false, reason: 'lost' };
}

/** The grid worker puts a member on a shift directly (headcount still holds; availability does not matter). */
export async function assign(shiftId: string, userId: string, by: string, now: string): Promise<ShiftRecord> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const shift = await shifts.getShift(shiftId);
    if (!shift) throw notFound();
    if (shift.volunteers[userId]) return shift;
    if (shift.status !== 'open') throw new ProblemError('conflict', 'the shift was cancelled');
    if (shift.end <= now) throw new ProblemError('conflict', 'the shift has ended');
    if (!(await membershipOf(shift, userId))) throw notFound(`${userId} is not a member of this micro-grid`);
    if (shift.signedUpCount >= shift.headcount) throw conflict('the shift is full');
    const seat = await seatAssigned(shift, userId, by, now);
    if (seat.ok) return seat.shift;
    if (seat.reason === 'overlaps') {
      throw new ProblemError('shift_not_eligible', `overlaps their shift ${seat.shiftId}`, [
        { field: 'path.userId', code: 'overlaps', message: `overlaps their shift ${seat.shiftId}` },
      ]);
    }
    if (seat.reason === 'in_progress') throw conflict('a sign-up of theirs for this shift is under way');
  }
  throw conflict('the shift is busy; try again');
}

/** Removes a shift's pending assignee, if it still names them; false when someone decided first. */
async function settlePendingAssignee(shiftId: string, userId: string): Promise<boolean> {
  return shifts.updateShift(
    shiftId,
    { remove: ['pendingAssignee'], condition: '#pending = :assignee', names: { '#pending': 'pendingAssignee' }, values: { ':assignee': userId } },
    [],
  );
}

/**
 * Seats a generated shift's pending assignee (the member whose duty it is) as the grid worker's
 * assignment would: claim, then seat, within the headcount, with the usual `signed-up` event (marked
 * `generated`: generation run `runId` tells them once, see {@link announceAssignments}); outside
 * their availability with a warning. Turned away (overlaps, not a member, full…), the name is
 * removed all the same: the decision is made once. Undefined when the shift names nobody (any more):
 * decided before, and a seat they have since left stays left.
 */
export async function seatPendingAssignee(shiftId: string, by: string, now: string, runId: string): Promise<AssigneeSeating | undefined> {
  let pending: string | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const shift = await shifts.getShift(shiftId);
    const userId = shift?.pendingAssignee;
    if (!shift || !userId) return undefined;
    pending = userId;
    const { input, day } = await factsAbout(shift, userId, now);
    const decision = decideAssigneeSeat(input);
    if (!decision.seat) {
      if (!(await settlePendingAssignee(shiftId, userId))) continue;
      const { reason, overlapsShiftId } = decision;
      return { shiftId, userId, seated: false, reason, ...(overlapsShiftId ? { overlapsShiftId } : {}), warnings: [] };
    }
    const seated = { shiftId, userId, seated: true, warnings: decision.warnings };
    if (decision.alreadySeated) {
      if (!(await settlePendingAssignee(shiftId, userId))) continue;
      return seated;
    }
    const seat = await seatAssigned(shift, userId, by, now, { asPendingAssignee: { runId }, day });
    if (seat.ok) return seated;
    if (seat.reason === 'overlaps') {
      if (!(await settlePendingAssignee(shiftId, userId))) continue;
      return { shiftId, userId, seated: false, reason: 'overlaps', overlapsShiftId: seat.shiftId, warnings: [] };
    }
    if (seat.reason === 'in_progress') {
      // Another attempt holds the claim for this very shift (a generation at the same time, or their
      // own sign-up): if it has not decided yet, it will, or the next run does.
      if (!(await shifts.getShift(shiftId))?.pendingAssignee) return undefined;
      return { shiftId, userId, seated: false, reason: 'in_progress', warnings: [] };
    }
  }
  // Contended beyond reason: the name stays, and the next run decides.
  return { shiftId, userId: pending!, seated: false, reason: 'in_progress', warnings: [] };
}

/**
 * Creates a shift planned from a duty unless it exists, then seats its pending assignee, if any is
 * (still) pending: on a new shift, and on an existing one whose creation was interrupted before.
 */
export async function createGeneratedShift(
  shift: ShiftRecord,
  by: string,
  now: string,
  runId: string,
): Promise<{ created: boolean; assignee?: AssigneeSeating }> {
  const created = await shifts.createShift(shift, [], now);
  const assignee = shift.pendingAssignee ? await seatPendingAssignee(shift.id, by, now, runId) : undefined;
  return { created, ...(assignee ? { assignee } : {}) };
}

export interface GenerationResult {
  created: string[];
  existing: string[];
  assignees: AssigneeSeating[];
}

/**
 * One generation run over planned shifts (of one micro-grid): creates each unless it exists, seats
 * its pending assignee, then tells each member seated once, for all their new seats together.
 */
export async function generateShifts(planned: readonly ShiftRecord[], by: string, now: string): Promise<GenerationResult> {
  const runId = newId();
  const result: GenerationResult = { created: [], existing: [], assignees: [] };
  for (const shift of planned) {
    const outcome = await createGeneratedShift(shift, by, now, runId);
    (outcome.created ? result.created : result.existing).push(shift.id);
    if (outcome.assignee) result.assignees.push(outcome.assignee);
  }
  await announceAssignments(
    planned.filter((shift) => shift.pendingAssignee).map((shift) => shift.id),
    runId,
    by,
    now,
  );
  return result;
}

/**
 * Writes the notices a generation run owes the members it seated: one `shifts.duties-assigned` per
 * member, instead of one notice (and one of their one-time WeChat subscriptions) per shift.
 *
 * The notice announces many writes (one seat per shift), and without transactions an event joins
 * only one. So each seat's own write marks the notice owed on its shift (`assigneeNoticeDue`, with
 * the run's id); once the run has seated everyone, the notice goes into the outbox of the last shift
 * it lists (by start), in the write that removes that shift's mark, and then the other marks are
 * removed. The marks are what make the notice impossible to lose: a run that dies before writing it
 * leaves them, and the next run covering those shifts (re-running is how an interrupted generation
 * is finished) tells the member. A run that dies after writing it but before removing every mark may
 * have the next run tell of those shifts again: told twice rather than never, as the bus delivers at
 * least once. Why not a per-run item for the event: it would need a key, a TTL and reads of its own,
 * and a crash before it is written would still have to be found from the shifts, where the marks are.
 * A run that seats nobody new finds no marks and writes nothing.
 */
export async function announceAssignments(shiftIds: readonly string[], runId: string, by: string, now: string): Promise<number> {
  if (shiftIds.length === 0) return 0;
  const found = await shifts.getShifts(shiftIds);
  const { notices, unmark } = planAssignmentNotices([...found.values()], runId, now);
  for (const notice of notices) {
    const carrier = notice.shifts.at(-1)!;
    const event = makeEvent(shiftDutiesAssigned, {
      microGridId: notice.microGridId,
      userId: notice.userId,
      dutyIds: [...new Set(notice.shifts.flatMap((shift) => (shift.dutyId ? [shift.dutyId] : [])))],
      shifts: notice.shifts.map((shift) => ({
        shiftId: shift.id,
        ...(shift.dutyId ? { dutyId: shift.dutyId } : {}),
        title: shift.title,
        start: shift.start,
        end: shift.end,
      })),
      by,
    });
    // Whatever became of the mark meanwhile, the notice is written: told twice beats never told.
    await shifts.updateShift(carrier.id, { remove: ['assigneeNoticeDue'], condition: 'attribute_exists(pk)' }, [event]);
    for (const shift of notice.shifts.slice(0, -1)) await clearNoticeDue(shift);
  }
  for (const shift of unmark) await clearNoticeDue(shift);
  return notices.length;
}

/** Removes a shift's notice mark, if it is still the one read. */
async function clearNoticeDue(shift: ShiftRecord): Promise<void> {
  await shifts.updateShift(
    shift.id,
    {
      remove: ['assigneeNoticeDue'],
      condition: '#due.#run = :run',
      names: { '#due': 'assigneeNoticeDue', '#run': 'runId' },
      values: { ':run': shift.assigneeNoticeDue!.runId },
    },
    [],
  );
}

/**
 * Hands a seat over (an approved swap): claim the newcomer's interval, then replace the seat in one
 * conditional write, then release the leaver's claim. Returns why it cannot, or undefined when done.
 */
export async function handOver(shiftId: string, fromUserId: string, toUserId: string, by: string, now: string): Promise<string | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const shift = await shifts.getShift(shiftId);
    if (!shift) return 'the shift is gone';
    const from = shift.volunteers[fromUserId];
    // Done already (a resumed approval): the newcomer holds the seat and the leaver does not.
    if (!from && shift.volunteers[toUserId]) return undefined;
    if (!from) return `${fromUserId} no longer holds a seat`;
    if (from.checkedInAt) return `${fromUserId} already checked in`;
    if (shift.status !== 'open' || now >= shift.start) return 'the shift has started or was cancelled';
    if (shift.volunteers[toUserId]) return `${toUserId} is already on the shift`;
    if (!(await membershipOf(shift, toUserId))) return `${toUserId} is no longer a member`;
    const claim = await claimTime(toUserId, shift, now);
    if (!claim.ok) return claim.reason === 'overlaps' ? `${toUserId} has an overlapping shift (${claim.shiftId})` : 'busy; try again';
    const queueIndex = shift.waitQueue.indexOf(toUserId);
    const moved = await shifts.updateShift(
      shiftId,
      {
        // A seat of the pending assignee removes the name (see takeSeat).
        ...(shift.pendingAssignee === toUserId ? { remove: ['pendingAssignee'] } : {}),
        removePaths: [['volunteers', fromUserId], ...(queueIndex >= 0 ? [['waitQueue', queueIndex]] : [])],
        setPaths: [[['volunteers', toUserId], { via: 'swap', at: now, claimToken: claim.token }]],
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
        makeEvent(shiftWithdrawn, { ...facts(shift), userId: fromUserId, by }),
        makeEvent(shiftSignedUp, { ...facts(shift), userId: toUserId, via: 'swap', by }),
      ],
    );
    if (moved) {
      if (from.claimToken) await shifts.releaseClaim(fromUserId, shift.date, shiftId, from.claimToken);
      if (queueIndex >= 0) await shifts.noteWaiting(toUserId, shift.date, shiftId, undefined);
      return undefined;
    }
    await releaseUnlessSeated(toUserId, shift, claim.token);
  }
  return 'busy; try again';
}

/**
 * The grid worker cancels a shift: one conditional write marks it cancelled, takes it out of the
 * reminders' worklist and carries the event that tells everyone on it. The volunteers' claims are
 * released right after (by their tokens); one a crash leaves is a leftover the read paths release,
 * since a cancelled shift seats nobody.
 */
export async function cancelShift(shiftId: string, by: string, reason: string | undefined, now: string): Promise<ShiftRecord> {
  const shift = await shifts.getShift(shiftId);
  if (!shift) throw notFound();
  if (shift.status === 'cancelled') return shift;
  if (shift.end <= now) throw conflict('the shift is over');
  const cancelled = await shifts.updateShift(
    shiftId,
    {
      set: { status: 'cancelled', cancelledAt: now, cancelledBy: by, ...(reason ? { cancelReason: reason } : {}) },
      remove: ['dueKey', 'dueSort'],
      condition: '#status = :open',
      names: { '#status': 'status' },
      values: { ':open': 'open' },
    },
    [
      makeEvent(shiftCancelled, {
        ...facts(shift),
        volunteerIds: Object.keys(shift.volunteers).sort(),
        waitlist: shift.waitQueue,
        by,
        ...(reason ? { reason } : {}),
      }),
    ],
  );
  if (!cancelled) return cancelShift(shiftId, by, reason, now);
  for (const [userId, slot] of Object.entries(shift.volunteers)) {
    if (slot.claimToken) await shifts.releaseClaim(userId, shift.date, shiftId, slot.claimToken);
  }
  return (await shifts.getShift(shiftId))!;
}

export interface MyShift {
  shift: ShiftRecord;
  status: 'signed_up' | 'waitlisted';
  position?: number;
}

/**
 * A volunteer's shifts on local dates [from, to]: their day items name the shifts (claims and
 * waitlist notes); each is checked against the shift item, which is the truth, and leftovers are
 * tidied on the way.
 */
export async function myShifts(userId: string, from: string, to: string, now: string): Promise<MyShift[]> {
  const days = await shifts.getVolunteerDays(userId, from, to);
  const ids = days.flatMap((day) => [...day.claims.map((claim) => claim.shiftId), ...day.waiting.map((entry) => entry.shiftId)]);
  const found = await shifts.getShifts(ids);
  const mine = new Map<string, MyShift>();
  for (const day of days) {
    for (const claim of day.claims) {
      const shift = found.get(claim.shiftId);
      if (shift?.status === 'open' && shift.volunteers[userId]) mine.set(shift.id, { shift, status: 'signed_up' });
      else if (isStaleClaim(claim, shift, userId, now)) await shifts.releaseClaim(userId, day.date, claim.shiftId, claim.token);
    }
    for (const entry of day.waiting) {
      const shift = found.get(entry.shiftId);
      const index = shift?.waitQueue.indexOf(userId) ?? -1;
      if (shift?.status === 'open' && index >= 0) mine.set(shift.id, { shift, status: 'waitlisted', position: index + 1 });
      else if (shift?.status !== 'open' || !shift.volunteers[userId]) await shifts.noteWaiting(userId, day.date, entry.shiftId, undefined);
    }
  }
  return [...mine.values()].sort((a, b) => a.shift.start.localeCompare(b.shift.start) || a.shift.id.localeCompare(b.shift.id));
}

/** A micro-grid's grid workers (one Query of its workers list; a unit has a handful). */
export const gridWorkersOf = (unitId: string): Promise<string[]> => listGridWorkers(unitId, 100);
