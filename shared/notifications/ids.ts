import { createHash } from 'node:crypto';
import type { PushChannelName } from './model';

/**
 * The ids of the notifications feature. Inbox items and push jobs take ids derived from the event
 * they come from, so the same event delivered twice writes the same items (and their conditional
 * puts make the second a no-op). A WeCom robot is named by a hash of its webhook key, which is a
 * secret and never appears in keys or logs.
 */

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Epoch ms in base 36, fixed width: ids that start with it sort by time. */
const timePart = (iso: string): string => Math.max(0, Date.parse(iso) || 0).toString(36).padStart(9, '0');

/**
 * The inbox item of a notice for one person: derived from the event and the notice's kind (the
 * person is the partition), so the same event delivered twice writes the same item.
 */
export const notificationIdOf = (occurredAt: string, eventId: string, kind: string): string =>
  `${timePart(occurredAt)}${sha256(`${eventId}|${kind}`).slice(0, 12)}`;

/**
 * The inbox item of an announcement for one person: the person is the partition, and the id is
 * derived from the announcement (starting with its time, so inboxes still sort by time). So every
 * batch, retry or rerun that reaches a person names the same item, and the inbox's conditional put
 * writes it once, however many of the announcement's units the person belongs to.
 */
export const announcementNotificationIdOf = (createdAt: string, announcementId: string): string =>
  `${timePart(createdAt)}${sha256(`announcement|${announcementId}`).slice(0, 12)}`;

/** A push of a notice to one target (a grid's robot, a person): the same event gives the same job. */
export const pushJobIdOf = (
  occurredAt: string,
  eventId: string,
  kind: string,
  channel: PushChannelName,
  target: string,
): string => `${timePart(occurredAt)}${sha256(`${eventId}|${kind}|${channel}|${target}`).slice(0, 16)}`;

/** What identifies a WeCom robot in our keys and logs without spelling its secret webhook key. */
export const robotIdOf = (webhookKey: string): string => sha256(`wecom-robot|${webhookKey}`).slice(0, 24);

/** Enough of a webhook key to recognise it, never enough to use it. */
export const keyHintOf = (webhookKey: string): string =>
  webhookKey.length <= 12 ? '****' : `${webhookKey.slice(0, 4)}…${webhookKey.slice(-4)}`;
