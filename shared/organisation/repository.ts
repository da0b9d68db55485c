import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { type PendingEvent, putWithEvents, updateWithEvents } from '../events/outbox';
import { conflict } from '../http/errors';
import type { Page } from '../http/pagination';
import { keys } from '../table/design';
import { type PageRequest, queryPage, withoutKeys } from '../table/query';
import type { Member, OrgUnit } from './model';
import { isConditionFailure } from '../table/conditions';

/** Removed memberships linger as tombstones (so the removal's event lives in an item) for this long. */
const TOMBSTONE_SECONDS = 30 * 24 * 3600;


/** Reads one org unit by id. */
export async function getOrgUnit(unitId: string): Promise<OrgUnit | undefined> {
  const output = await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.orgUnit(unitId) }));
  return output.Item ? withoutKeys<OrgUnit>(output.Item) : undefined;
}

/** Reads several org units at once (a scope's units); missing ids are skipped. */
export async function getOrgUnits(unitIds: readonly string[]): Promise<OrgUnit[]> {
  const units: OrgUnit[] = [];
  for (let start = 0; start < unitIds.length; start += 100) {
    const batch = unitIds.slice(start, start + 100);
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [config().tableName]: { Keys: batch.map((id) => ({ ...keys.orgUnit(id) })) },
    };
    while (request && Object.keys(request).length > 0) {
      const output = await documents().send(new BatchGetCommand({ RequestItems: request }));
      units.push(...(output.Responses?.[config().tableName] ?? []).map((item) => withoutKeys<OrgUnit>(item)));
      request = output.UnprocessedKeys as typeof request;
    }
  }
  const order = new Map(unitIds.map((id, index) => [id, index]));
  return units.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/** Creates a unit; an existing id is a 409. Listed under its parent by name. */
export async function createOrgUnit(unit: OrgUnit, events: readonly PendingEvent[]): Promise<void> {
  try {
    await putWithEvents(
      {
        TableName: config().tableName,
        Item: {
          ...keys.orgUnit(unit.id),
          entity: 'org-unit',
          parentKey: keys.orgUnitChildren(unit.parentId),
          parentSort: `${unit.name}#${unit.id}`,
          ...unit,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
      events,
    );
  } catch (error) {
    if (isConditionFailure(error)) throw conflict(`org unit ${unit.id} already exists`);
    throw error;
  }
}

/** The units directly under a parent (or the districts, for null), by name. */
export async function listChildUnits(parentId: string | null, page: PageRequest): Promise<Page<OrgUnit>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.orgUnitChildren(parentId) });
  return { ...result, items: result.items.map((item) => withoutKeys<OrgUnit>(item)) };
}

/** Reads a current membership; a removed one reads as absent. */
export async function getMember(unitId: string, userId: string): Promise<Member | undefined> {
  const output = await documents().send(
    new GetCommand({ TableName: config().tableName, Key: keys.member(unitId, userId), ConsistentRead: true }),
  );
  if (!output.Item || output.Item.removedAt) return undefined;
  return withoutKeys<Member>(output.Item);
}

/** Records a membership (re-adding overwrites a tombstone), listed under the unit and under the user. */
export async function saveMember(member: Member, events: readonly PendingEvent[]): Promise<void> {
  await putWithEvents(
    {
      TableName: config().tableName,
      Item: {
        ...keys.member(member.unitId, member.userId),
        entity: 'member',
        parentKey: `MEMBERS#${member.unitId}`,
        parentSort: member.userId,
        userKey: keys.membershipsOf(member.userId),
        userSort: member.unitId,
        ...member,
      },
    },
    events,
  );
}

/**
 * Ends a membership. The item stays as a tombstone carrying the removal's event, and drops out of
 * both lists; TTL collects it later. Returns false when there was no current membership.
 */
export async function removeMember(
  unitId: string,
  userId: string,
  removedAt: string,
  events: readonly PendingEvent[],
): Promise<boolean> {
  try {
    await updateWithEvents(
      {
        key: keys.member(unitId, userId),
        set: { removedAt, expiresAt: Math.floor(Date.parse(removedAt) / 1000) + TOMBSTONE_SECONDS },
        remove: ['parentKey', 'parentSort', 'userKey', 'userSort'],
        condition: 'attribute_exists(pk) AND attribute_not_exists(removedAt)',
      },
      events,
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The current members of a unit. */
export async function listMembers(unitId: string, page: PageRequest): Promise<Page<Member>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: `MEMBERS#${unitId}` });
  return { ...result, items: result.items.map((item) => withoutKeys<Member>(item)) };
}

/** The units a user belongs to. */
export async function listMembershipsOf(userId: string, page: PageRequest): Promise<Page<Member>> {
  const result = await queryPage({ ...page, index: 'byUser', partition: keys.membershipsOf(userId) });
  return { ...result, items: result.items.map((item) => withoutKeys<Member>(item)) };
}
