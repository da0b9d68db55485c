import type { Identity } from '../../shared/auth/identity';
import { isCityWide } from '../../shared/auth/scope';
import { config } from '../../shared/config';
import { httpFunction } from '../../shared/http/function';
import { conflict, forbidden, notFound, validationFailed } from '../../shared/http/errors';
import * as inbox from '../../shared/notifications/inbox';
import type { PushJob } from '../../shared/notifications/model';
import * as pushJobs from '../../shared/notifications/push-jobs';
import * as robots from '../../shared/notifications/robots';
import { notificationRoutes } from '../../shared/notifications/routes';
import { parseTemplates } from '../../shared/notifications/subscribe-messages';
import * as subscriptions from '../../shared/notifications/subscriptions';
import { assertCanManageMembers } from '../../shared/organisation/domain';
import type { OrgUnit } from '../../shared/organisation/model';
import { getOrgUnit } from '../../shared/organisation/repository';

/** A grid or micro-grid whose robot the caller may manage: admins reaching it, its own grid workers. */
async function managedUnit(identity: Identity, unitId: string): Promise<OrgUnit> {
  const unit = await getOrgUnit(unitId);
  if (!unit) throw notFound();
  assertCanManageMembers(identity, unit);
  return unit;
}

/** Dead letters are the whole city's plumbing: only city-wide admins see and retry them. */
function assertCityWide(identity: Identity): void {
  if (!isCityWide(identity)) throw forbidden('dead letters are for city-wide admins');
}

/** A push as admins see it: no openid, no template, no lease. */
const pushJobView = (job: PushJob) => ({
  id: job.id,
  channel: job.channel,
  status: job.status,
  kind: job.kind,
  title: job.title,
  body: job.body,
  ...(job.gridId ? { gridId: job.gridId } : {}),
  ...(job.userId ? { userId: job.userId } : {}),
  eventId: job.eventId,
  ...(job.correlationId ? { correlationId: job.correlationId } : {}),
  attempts: job.attempts,
  ...(job.lastError ? { lastError: job.lastError } : {}),
  createdAt: job.createdAt,
  ...(job.nextAttemptAt ? { nextAttemptAt: job.nextAttemptAt } : {}),
  ...(job.sentAt ? { sentAt: job.sentAt } : {}),
  ...(job.deadAt ? { deadAt: job.deadAt } : {}),
});

export const handler = httpFunction(notificationRoutes, {
  async listMyNotifications({ identity, query, language }) {
    const now = new Date();
    const [page, unread] = await Promise.all([
      inbox.listNotifications(identity.userId, query, { unreadOnly: query.filter === 'unread', now, language }),
      inbox.unreadCountOf(identity.userId, now),
    ]);
    return { ...page, ...unread };
  },

  async markNotificationRead({ identity, params, language }) {
    // The key is the caller's own inbox: someone else's id is not found there.
    const notification = await inbox.markNotificationRead(identity.userId, params.notificationId, new Date(), language);
    if (!notification) throw notFound();
    return notification;
  },

  async markAllNotificationsRead({ identity }) {
    const marked = await inbox.markAllNotificationsRead(identity.userId, new Date());
    return { marked, ...(await inbox.unreadCountOf(identity.userId, new Date())) };
  },

  async listMyNotificationSubscriptions({ identity }) {
    const templates = parseTemplates(config().wechatSubscribeTemplates);
    const remaining = await subscriptions.listSubscriptions(identity.userId);
    return {
      items: Object.entries(templates).map(([kind, template]) => ({
        kind,
        templateId: template.id,
        remaining: remaining.get(kind) ?? 0,
      })),
    };
  },

  async grantNotificationSubscriptions({ identity, body }) {
    const template = parseTemplates(config().wechatSubscribeTemplates)[body.kind];
    if (!template) {
      throw validationFailed([
        { field: 'body.kind', code: 'no_template', message: `no subscribe-message template for ${body.kind}` },
      ]);
    }
    const remaining = await subscriptions.grantSubscriptions(identity.userId, body.kind, body.count, new Date());
    return { kind: body.kind, templateId: template.id, remaining };
  },

  async getWeComRobot({ identity, params }) {
    const unit = await managedUnit(identity, params.unitId);
    const robot = await robots.getWeComRobot(unit.id);
    if (!robot) throw notFound();
    const { webhookKey: _secret, ...shown } = robot;
    return shown;
  },

  async putWeComRobot({ identity, params, body }) {
    const unit = await managedUnit(identity, params.unitId);
    return robots.saveWeComRobot(unit.id, body.webhookKey, identity.userId, new Date());
  },

  async deleteWeComRobot({ identity, params }) {
    const unit = await managedUnit(identity, params.unitId);
    await robots.deleteWeComRobot(unit.id);
    return undefined;
  },

  async listPushDeadLetters({ identity, query }) {
    assertCityWide(identity);
    const page = await pushJobs.listDeadPushJobs(query);
    return { ...page, items: page.items.map(pushJobView) };
  },

  async retryPushDeadLetter({ identity, params }) {
    assertCityWide(identity);
    const result = await pushJobs.retryDeadPushJob(params.jobId, new Date());
    if (result === undefined) throw notFound();
    if (result === 'not-dead') throw conflict('this push is not dead-lettered');
    return pushJobView(result);
  },
});
