import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { batchGetItems } from '../table/batch';
import { config } from '../config';
import { type PendingEvent, pendingEventsOf, publishFromOutbox, putNewWithEvents, updateWithEvents } from '../events/outbox';
import type { Page } from '../http/pagination';
import { indexAttributes, indexEntry, organisationKeys as keys, tableDesign } from '../table/design';
import { type PageRequest, queryAll, queryPage, withoutKeys } from '../table/query';
import type { Member, OrgUnit } from './model';
import { writeIf } from '../table/conditions';
import { expiresAfter } from '../table/expiry';

/** Removed memberships linger as tombstones (so the removal's event lives in an item) for this long. */
const TOMBSTONE_SECONDS = 30 * 24 * 3600;

/** Reads one org unit by id. */
export async function getOrgUnit(unitId: string): Promise<OrgUnit | undefined> {
  const output = await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.orgUnit(unitId) }));
  return output.Item ? withoutKeys<OrgUnit>(output.Item) : undefined;
}

/** Reads several org units at once (a scope's units); missing ids are skipped. */
export async function getOrgUnits(unitIds: readonly string[]): Promise<OrgUnit[]> {
  const units = (await batchGetItems(unitIds.map((id) => keys.orgUnit(id)))).map((item) => withoutKeys<OrgUnit>(item));
  const order = new Map(unitIds.map((id, index) => [id, index]));
  return units.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/** Creates a unit; an existing id is a 409. Listed under its parent by name. */
export async function createOrgUnit(unit: OrgUnit, events: readonly PendingEvent[]): Promise<void> {
  const attributes = { entity: 'org-unit', ...indexEntry('byParent', keys.orgUnitChildren(unit.parentId), `${unit.name}#${unit.id}`), ...unit };
  await putNewWithEvents(keys.orgUnit(unit.id), `org unit ${unit.id}`, attributes, events);
}

/**
 * Changes a unit's name, boundary and households, and files it under its parent by its new name
 * (byParent sorts children by `name#id`). Its place in the tree stays: the write is refused (false)
 * when there is no such unit or its parent is no longer `unit.parentId`, since a move would leave
 * the ancestors of everything below it wrong. A boundary or households the unit no longer has are removed.
 */
export async function updateOrgUnit(unit: OrgUnit, events: readonly PendingEvent[]): Promise<boolean> {
  return writeIf(
    updateWithEvents(
      {
        key: keys.orgUnit(unit.id),
        set: {
          ...indexEntry('byParent', keys.orgUnitChildren(unit.parentId), `${unit.name}#${unit.id}`),
          name: unit.name,
          boundary: unit.boundary,
          households: unit.households,
        },
        remove: (['boundary', 'households'] as const).filter((field) => unit[field] === undefined),
        // A district's parent is NULL, which `=` does not compare: its type is checked instead.
        condition: unit.parentId === null ? 'attribute_exists(pk) AND attribute_type(#parent, :parent)' : 'attribute_exists(pk) AND #parent = :parent',
        names: { '#parent': 'parentId' },
        values: { ':parent': unit.parentId ?? 'NULL' },
      },
      events,
    ),
  );
}

/** The units directly under a parent (or the districts, for null), by name. */
export async function listChildUnits(parentId: string | null, page: PageRequest): Promise<Page<OrgUnit>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.orgUnitChildren(parentId) });
  return { ...result, items: result.items.map((item) => withoutKeys<OrgUnit>(item)) };
}

/** A parent has a few dozen children; more than this many is no real organisation (and is not read). */
export const MAX_CHILDREN_READ = 1_000;

/** Every unit directly under a parent (at most {@link MAX_CHILDREN_READ}), for checks across siblings. */
export async function listAllChildUnits(parentId: string | null): Promise<OrgUnit[]> {
  const items = await queryAll({ index: 'byParent', partition: keys.orgUnitChildren(parentId) }, MAX_CHILDREN_READ);
  return items.map((item) => withoutKeys<OrgUnit>(item));
}

/** Reads a current membership; a removed one reads as absent. */
export async function getMember(unitId: string, userId: string): Promise<Member | undefined> {
  const output = await documents().send(
    new GetCommand({ TableName: config().tableName, Key: keys.member(unitId, userId), ConsistentRead: true }),
  );
  if (!output.Item || output.Item.removedAt) return undefined;
  return withoutKeys<Member>(output.Item);
}

/**
 * The current memberships among these (unit, user) pairs, in no particular order: BatchGets of a
 * hundred keys, removed ones left out. For checking many expected memberships at once (a city import).
 */
export async function getMembers(pairs: readonly { unitId: string; userId: string }[]): Promise<Member[]> {
  const items = await batchGetItems(pairs.map(({ unitId, userId }) => keys.member(unitId, userId)), { consistent: true });
  return items.filter((item) => !item.removedAt).map((item) => withoutKeys<Member>(item));
}

/** The attributes of a membership item besides its own fields: its places in byParent, byUser and (grid workers) byPlace. */
function membershipIndexes(member: Member): Record<string, string> {
  return {
    ...indexEntry('byParent', keys.unitMembers(member.unitId), member.userId),
    ...indexEntry('byUser', keys.membershipsOf(member.userId), member.unitId),
    ...(member.memberRole === 'grid_worker' ? indexEntry('byPlace', keys.gridWorkersOf(member.unitId), member.userId) : {}),
  };
}

/** Member fields that a membership may lack: a re-added member without them must not inherit the old ones. */
const OPTIONAL_MEMBER_FIELDS = ['displayName'] as const;

/**
 * Records a membership, listed under the unit and under the user (and, for a grid worker, among
 * the unit's grid workers). Re-adding someone brings a tombstone back to life.
 *
 * An UpdateItem, not a Put: the item may still hold events of an earlier write that are not
 * published yet (a removal while EventBridge was down), and a Put would replace them with the new
 * item — the events would be lost. The update sets the membership and leaves every `ob_` attribute
 * where it is; those earlier events are then published right after the new ones (or, if that
 * fails, by the relay, since the item stays in the outbox index).
 */
export async function saveMember(member: Member, events: readonly PendingEvent[]): Promise<void> {
  const indexes = membershipIndexes(member);
  const [placeKey, placeSort] = indexAttributes('byPlace');
  const before = await updateWithEvents(
    {
      key: keys.member(member.unitId, member.userId),
      set: { entity: 'member', ...indexes, ...member },
      remove: [
        // A tombstone's marks, and what the previous membership had that this one has not.
        'removedAt',
        tableDesign.timeToLiveAttribute,
        ...OPTIONAL_MEMBER_FIELDS.filter((field) => member[field] === undefined),
        ...(indexes[placeKey] ? [] : [placeKey, placeSort]),
      ],
      returnValues: 'ALL_OLD',
    },
    events,
  );
  const earlier = pendingEventsOf(before ?? {}).filter((event) => !events.some((mine) => mine.id === event.id));
  if (earlier.length > 0) await publishFromOutbox(keys.member(member.unitId, member.userId), earlier);
}

/**
 * Ends a membership. The item stays as a tombstone carrying the removal's event, and drops out of
 * both lists; TTL collects it later. Returns false when there was no current membership.
 */
export async function removeMember(
  unitId: string,
  userId: string,
  removedAt: Date,
  events: readonly PendingEvent[],
): Promise<boolean> {
  return writeIf(
    updateWithEvents(
      {
        key: keys.member(unitId, userId),
        set: { removedAt: removedAt.toISOString(), [tableDesign.timeToLiveAttribute]: expiresAfter(removedAt, TOMBSTONE_SECONDS) },
        remove: [...indexAttributes('byParent'), ...indexAttributes('byUser'), ...indexAttributes('byPlace')],
        condition: 'attribute_exists(pk) AND attribute_not_exists(removedAt)',
      },
      events,
    ),
  );
}

/** The current members of a unit. */
export async function listMembers(unitId: string, page: PageRequest): Promise<Page<Member>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.unitMembers(unitId) });
  return { ...result, items: result.items.map((item) => withoutKeys<Member>(item)) };
}

/**
 * The first `limit` grid workers of a unit, by user id: one Query on byPlace, however many
 * residents and volunteers the unit has.
 */
export async function listGridWorkers(unitId: string, limit: number): Promise<string[]> {
  const { items } = await queryPage({ index: 'byPlace', partition: keys.gridWorkersOf(unitId), limit });
  return items.map((item) => item.userId as string);
}

/** The units a user belongs to. */
export async function listMembershipsOf(userId: string, page: PageRequest): Promise<Page<Member>> {
  const result = await queryPage({ ...page, index: 'byUser', partition: keys.membershipsOf(userId) });
  return { ...result, items: result.items.map((item) => withoutKeys<Member>(item)) };
}
