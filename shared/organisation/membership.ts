import { memberAdded, memberRemoved } from '../../events/organisation';
import { makeEvent } from '../events/outbox';
import { notFound } from '../http/errors';
import { getInvitation } from './invitations';
import type { Member } from './model';
import { getMember, removeMember, saveMember } from './repository';

/**
 * Joining and leaving grids and micro-grids, each with its event: the membership item is the one
 * source of truth of who belongs where (shifts, requests and notices all ask it).
 */

/** Records a membership with its `organisation.member-added` event. */
export async function admitMember(member: Member): Promise<void> {
  await saveMember(member, [
    makeEvent(memberAdded, { unitId: member.unitId, userId: member.userId, memberRole: member.memberRole, addedBy: member.addedBy }),
  ]);
}

/** Ends a membership with its `organisation.member-removed` event; false when there was none. */
export async function endMembership(unitId: string, userId: string, removedBy: string, now: Date): Promise<boolean> {
  return removeMember(unitId, userId, now, [makeEvent(memberRemoved, { unitId, userId, removedBy })]);
}

/**
 * Someone joins a micro-grid as a volunteer with its invitation code (any case). A wrong, expired
 * or other micro-grid's code is a 404 that reveals nothing; a member already answers their membership.
 */
export async function joinWithInvitation(unitId: string, userId: string, code: string, now: Date): Promise<Member> {
  const invitation = await getInvitation(code.toUpperCase(), now);
  if (!invitation || invitation.microGridId !== unitId) throw notFound();
  const existing = await getMember(unitId, userId);
  if (existing) return existing;
  const member: Member = { unitId, userId, memberRole: 'volunteer', joinedAt: now.toISOString(), addedBy: userId };
  await admitMember(member);
  return member;
}
