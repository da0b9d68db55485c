import { shiftDutiesAssigned } from '../../events/shifts';
import type { Identity } from '../auth/identity';
import { makeEvent } from '../events/outbox';
import { newId } from '../ids';
import type { OrgUnit } from '../organisation/model';
import { type LocalDate, addDays, localDateOf } from '../time/local';
import { decideAssigneeSeat } from './domain/eligibility';
import { chooseDuties, planAssignmentNotices, planShiftsFromDuty } from './domain/generation';
import type { ShiftRecord } from './domain/shift';
import type { AssigneeSeating } from './model';
import { MAX_ATTEMPTS } from './claims';
import { allDuties } from './repository/duties';
import { createShift, getShift, getShifts, updateShift } from './repository/shifts';
import { seatAssigned } from './seats';
import { factsAbout } from './sign-ups';

/**
 * Generating shifts from a micro-grid's responsibility list. A shift generated from a duty with an
 * assignee is created naming them (`pendingAssignee`) and they are seated as the grid worker's
 * assignment seats anyone; the seat's write removes the name. So the name is honoured once: a
 * generation interrupted between the shift and the seat is finished by the next run, and someone
 * who held the seat and left is never seated again. The member is told once per run, for all the
 * seats it gave them (see {@link announceAssignments}).
 */

/** Removes a shift's pending assignee, if it still names them; false when someone decided first. */
async function settlePendingAssignee(shiftId: string, userId: string): Promise<boolean> {
  return updateShift(
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
export async function seatPendingAssignee(shiftId: string, by: string, now: Date, runId: string): Promise<AssigneeSeating | undefined> {
  let pending: string | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const shift = await getShift(shiftId);
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
      if (!(await getShift(shiftId))?.pendingAssignee) return undefined;
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
  now: Date,
  runId: string,
): Promise<{ created: boolean; assignee?: AssigneeSeating }> {
  const created = await createShift(shift, now);
  const assignee = shift.pendingAssignee ? await seatPendingAssignee(shift.id, by, now, runId) : undefined;
  return { created, ...(assignee ? { assignee } : {}) };
}

/** What a generation run did: shifts created, shifts that existed, and each assignee it decided on. */
export interface GenerationResult {
  created: string[];
  existing: string[];
  assignees: AssigneeSeating[];
}

/**
 * One generation run over planned shifts (of one micro-grid): creates each unless it exists, seats
 * its pending assignee, then tells each member seated once, for all their new seats together.
 */
export async function generateShifts(planned: readonly ShiftRecord[], by: string, now: Date): Promise<GenerationResult> {
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
 * The grid worker generates the shifts of a micro-grid's responsibility list (or of some duties of
 * it) for `weeks` weeks from `from` (default: today): one run, idempotent.
 */
export async function generateFromDuties(
  identity: Identity,
  unit: OrgUnit,
  request: { from?: LocalDate | undefined; weeks: number; dutyIds?: readonly string[] | undefined },
  now: Date,
): Promise<GenerationResult & { from: LocalDate; to: LocalDate }> {
  const from = request.from ?? localDateOf(now);
  const duties = chooseDuties(await allDuties(unit.id), request.dutyIds);
  const planned = duties.flatMap((duty) => planShiftsFromDuty(duty, from, request.weeks, identity, now));
  const { created, existing, assignees } = await generateShifts(planned, identity.userId, now);
  return { from, to: addDays(from, request.weeks * 7 - 1), created, existing, assignees };
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
export async function announceAssignments(shiftIds: readonly string[], runId: string, by: string, now: Date): Promise<number> {
  if (shiftIds.length === 0) return 0;
  const found = await getShifts(shiftIds);
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
    await updateShift(carrier.id, { remove: ['assigneeNoticeDue'], condition: 'attribute_exists(pk)' }, [event]);
    for (const shift of notice.shifts.slice(0, -1)) await clearNoticeDue(shift);
  }
  for (const shift of unmark) await clearNoticeDue(shift);
  return notices.length;
}

/** Removes a shift's notice mark, if it is still the one read. */
async function clearNoticeDue(shift: ShiftRecord): Promise<void> {
  await updateShift(
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
