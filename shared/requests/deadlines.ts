import { CITY_SCOPE } from '../auth/identity';
import { MINUTE_MS } from '../time/local';
import type { Request } from './model';
import { type Change, SYSTEM, nextVersionOf, recordStep } from './timeline';

/**
 * Deadlines and their escalation: a request works against its accept deadline until accepted, then
 * its resolve deadline; missing one escalates it to the community, and one window later to the
 * subdistrict. No AWS here.
 */

export type DeadlineKind = 'accept' | 'resolve';

/** The highest escalation: 1 = the community, 2 = the subdistrict. */
export const MAX_OVERDUE_LEVEL = 2;

/** An instant some hours (fractions allowed) after another: how every deadline is set. */
export const hoursAfter = (instant: Date, hours: number): Date => new Date(instant.getTime() + hours * (60 * MINUTE_MS));

/** Whether a request is late on the deadline it is working against. */
export function isOverdue(request: Pick<Request, 'status' | 'acceptOverdueLevel' | 'resolveOverdueLevel'>): boolean {
  if (request.status === 'submitted') return request.acceptOverdueLevel > 0;
  if (request.status === 'accepted' || request.status === 'in_progress' || request.status === 'escalated') {
    return request.resolveOverdueLevel > 0;
  }
  return false;
}

/** What {@link nextDeadline} reads of a request. */
type DeadlineFields = Pick<Request, 'status' | 'acceptDueAt' | 'resolveDueAt' | 'acceptOverdueLevel' | 'resolveOverdueLevel' | 'deadlineHours'>;

/**
 * The deadline a request works against (`dueAt`) and when its next escalation falls due (`at`): at
 * the deadline (level 1, the community), and one more window later (level 2, the subdistrict). None
 * when it is waiting for the resident, done, or escalated as far as it goes.
 */
export function nextDeadline(request: DeadlineFields): { kind: DeadlineKind; dueAt: Date; level: number; at: Date } | undefined {
  let kind: DeadlineKind;
  if (request.status === 'submitted') kind = 'accept';
  else if ((request.status === 'accepted' || request.status === 'in_progress' || request.status === 'escalated') && request.resolveDueAt) {
    kind = 'resolve';
  } else return undefined;
  const dueAt = new Date(kind === 'accept' ? request.acceptDueAt : request.resolveDueAt!);
  const level = kind === 'accept' ? request.acceptOverdueLevel : request.resolveOverdueLevel;
  if (level >= MAX_OVERDUE_LEVEL) return undefined;
  const at = level === 0 ? dueAt : hoursAfter(dueAt, request.deadlineHours[kind]);
  return { kind, dueAt, level, at };
}

/**
 * When the schedule next has something to do with a request: its next escalation, or, while it
 * waits for the resident, the end of its confirmation window. What `byDue` sorts it by.
 */
export function nextDueAt(request: DeadlineFields & Pick<Request, 'confirmDueAt'>): Date | undefined {
  const deadline = nextDeadline(request);
  if (deadline) return deadline.at;
  return request.status === 'resolved' && request.confirmDueAt ? new Date(request.confirmDueAt) : undefined;
}

/** A decided escalation of lateness: the change, which deadline was missed, and how far up it goes. */
export interface OverdueChange extends Change {
  kind: DeadlineKind;
  dueAt: Date;
  level: number;
}

/** Marks a request overdue one level further, if its next escalation is due by `now`; else undefined. */
export function planOverdue(request: Request, now: Date): OverdueChange | undefined {
  const deadline = nextDeadline(request);
  if (!deadline || deadline.at > now) return undefined;
  const level = deadline.level + 1;
  const next: Request = {
    ...nextVersionOf(request, now),
    ...(deadline.kind === 'accept' ? { acceptOverdueLevel: level } : { resolveOverdueLevel: level }),
  };
  next.overdue = isOverdue(next);
  const change = recordStep(request, next, {
    actor: SYSTEM,
    action: 'overdue',
    says: { code: 'overdue', params: { deadline: deadline.kind, dueAt: deadline.dueAt.toISOString(), level: String(level) } },
  });
  return { ...change, kind: deadline.kind, dueAt: deadline.dueAt, level };
}

/**
 * Where an escalation of `level` goes, nearest first: the community's admins (level 1) or the
 * subdistrict's (level 2); if that unit has none, the next unit up, and city-wide admins last.
 */
export function escalationUnitsOf(request: Pick<Request, 'communityId' | 'subdistrictId' | 'districtId'>, level: number): string[] {
  const chain = [request.subdistrictId, request.districtId, CITY_SCOPE];
  return level <= 1 ? [request.communityId, ...chain] : chain;
}
