import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { writeIf } from '../table/conditions';
import { notificationKeys as keys } from '../table/design';
import { expiresAfter } from '../table/expiry';
import { keyHintOf } from './ids';
import type { WeComRobot } from './model';
import { type RobotSendDecision, planRobotSend } from './robot-messages';

/**
 * Grids' WeCom group robots: a grid's robot (its secret webhook key) on its own item under the unit
 * (`UNIT#<grid>` / `WECOM_ROBOT`), and each robot's rate window (`ROBOT#<robot id>` / `WINDOW`), the
 * times of its recent messages, so dispatchers running side by side keep to 20 a minute together.
 */

const table = () => config().tableName;

/** How many times a dispatcher tries to reserve a send against writers of the same window. */
const RESERVE_ATTEMPTS = 5;
/** A window item outlives its minute by this much before TTL collects it. */
const WINDOW_SECONDS = 3600;

/** A robot as stored: the masked view and, for sending only, its webhook key. */
export type StoredRobot = WeComRobot & { webhookKey: string };

const toRobot = (item: Record<string, unknown>): WeComRobot => ({
  unitId: item.unitId as string,
  keyHint: keyHintOf(item.webhookKey as string),
  updatedAt: item.updatedAt as string,
  updatedBy: item.updatedBy as string,
});

/** Sets (or replaces) a unit's robot webhook key; answers the masked view. */
export async function saveWeComRobot(unitId: string, webhookKey: string, updatedBy: string, now: Date): Promise<WeComRobot> {
  const item = { ...keys.weComRobot(unitId), entity: 'wecom-robot', unitId, webhookKey, updatedAt: now.toISOString(), updatedBy };
  await documents().send(new PutCommand({ TableName: table(), Item: item }));
  return toRobot(item);
}

/** A unit's robot, with its key (for sending only). */
export async function getWeComRobot(unitId: string): Promise<StoredRobot | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.weComRobot(unitId) }));
  return output.Item ? { ...toRobot(output.Item), webhookKey: output.Item.webhookKey as string } : undefined;
}

/** Removes a unit's robot; returns whether there was one. */
export async function deleteWeComRobot(unitId: string): Promise<boolean> {
  const output = await documents().send(
    new DeleteCommand({ TableName: table(), Key: keys.weComRobot(unitId), ReturnValues: 'ALL_OLD' }),
  );
  return output.Attributes !== undefined;
}

/**
 * Reserves one message in a robot's 20-a-minute window (optimistic concurrency on the window item,
 * so dispatchers running side by side never exceed it together). Refused: when the robot may send again.
 */
export async function reserveRobotSend(robotId: string, now: Date): Promise<RobotSendDecision> {
  const key = keys.robotWindow(robotId);
  for (let attempt = 0; attempt < RESERVE_ATTEMPTS; attempt += 1) {
    const item = (await documents().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }))).Item;
    const version = (item?.version as number | undefined) ?? 0;
    const decision = planRobotSend((item?.sentAt as number[] | undefined) ?? [], now);
    if (!decision.allowed) return decision;
    const reserved = await writeIf(
      documents().send(
        new PutCommand({
          TableName: table(),
          Item: {
            ...key,
            entity: 'robot-window',
            sentAt: decision.sentAt,
            version: version + 1,
            expiresAt: expiresAfter(now, WINDOW_SECONDS),
          },
          ConditionExpression: item ? '#version = :version' : 'attribute_not_exists(pk)',
          ...(item ? { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': version } } : {}),
        }),
      ),
    );
    if (reserved) return decision;
  }
  // Heavy contention on one robot: let the next round take it.
  return { allowed: false, retryAt: new Date(now.getTime() + 1_000) };
}
