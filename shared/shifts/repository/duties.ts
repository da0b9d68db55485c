import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import type { Page } from '../../http/pagination';
import { putNew } from '../../table/creation';
import { indexEntry, shiftKeys as keys } from '../../table/design';
import { type PageRequest, queryAll, queryPage, withoutKeys } from '../../table/query';
import type { Duty } from '../model';

/** The responsibility lists: a duty is one item under its micro-grid, and in its assignee's list (byUser). */

/**
 * Adds a duty to a micro-grid's list; an id already used there is a `KeyTakenError` (409).
 * `fingerprint`: the creating request's, under an Idempotency-Key (see shared/http/creation.ts).
 * No event says so (nobody is told of a new duty), so a plain put: the function that plans carries
 * no outbox and no EventBridge client.
 */
export async function createDuty(duty: Duty, fingerprint?: string): Promise<void> {
  const key = keys.duty(duty.microGridId, duty.id);
  const attributes = {
    entity: 'duty',
    ...(duty.assigneeId ? indexEntry('byUser', keys.dutiesOfMember(duty.assigneeId), `${duty.microGridId}#${duty.id}`) : {}),
    ...duty,
  };
  await putNew(key, `duty ${duty.id}`, attributes, fingerprint);
}

/** A duty as stored, without the table's bookkeeping. */
export const dutyOf = (item: Record<string, unknown>): Duty => withoutKeys<Duty>(item);

/** Removes a duty from its list; false when there was none. */
export async function deleteDuty(unitId: string, dutyId: string): Promise<boolean> {
  const output = await documents().send(
    new DeleteCommand({ TableName: config().tableName, Key: keys.duty(unitId, dutyId), ReturnValues: 'ALL_OLD' }),
  );
  return output.Attributes !== undefined;
}

/** A page of a micro-grid's responsibility list. */
export async function listDuties(unitId: string, page: PageRequest): Promise<Page<Duty>> {
  const { pk, skPrefix } = keys.dutiesOf(unitId);
  const result = await queryPage({ ...page, partition: pk, sortPrefix: skPrefix });
  return { ...result, items: result.items.map(dutyOf) };
}

/** A micro-grid's whole responsibility list (a generation covers all of it). */
export async function allDuties(unitId: string): Promise<Duty[]> {
  const { pk, skPrefix } = keys.dutiesOf(unitId);
  return (await queryAll({ partition: pk, sortPrefix: skPrefix })).map(dutyOf);
}

/** One member's responsibility list in a micro-grid, or in all their micro-grids. */
export async function listDutiesOfMember(unitId: string | undefined, userId: string, page: PageRequest): Promise<Page<Duty>> {
  const result = await queryPage({
    ...page,
    index: 'byUser',
    partition: keys.dutiesOfMember(userId),
    ...(unitId ? { sortPrefix: `${unitId}#` } : {}),
  });
  return { ...result, items: result.items.map(dutyOf) };
}
