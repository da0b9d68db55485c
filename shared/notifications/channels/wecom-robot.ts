import type { PushChannel, WeComBatch } from './channel';
import { inSubsegment } from '../../observability/tracing';
import { DEFAULT_TIMEOUT_MS, annotateDelivery, deliveryOf, postJson, trimSlash } from './http';

/** WeCom errcodes that retrying cannot fix: invalid webhook (a wrong or deleted robot), a malformed message. */
const WECOM_PERMANENT = new Set([93000, 40008, 44004]);
/** 45009: over the robot's limit; WeCom's window is a minute. */
const WECOM_OVER_LIMIT = 45009;

/**
 * A WeCom (企业微信) group robot: one POST of a text message to the robot's webhook, whose `key` is
 * the robot's secret. Permanent errors dead-letter at once; over the limit waits a minute.
 */
export function weComRobotChannel(options: { baseUrl: () => string; timeoutMs?: number }): PushChannel<WeComBatch> {
  return {
    name: 'wecom',
    send(batch) {
      return inSubsegment('WeCom robot message', { channel: 'wecom' }, async (annotate) => {
        const url = `${trimSlash(options.baseUrl())}/cgi-bin/webhook/send?key=${encodeURIComponent(batch.webhookKey)}`;
        const answer = await postJson(url, { msgtype: 'text', text: { content: batch.content } }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        const delivery = deliveryOf(answer, (errcode, reason) =>
          errcode === WECOM_OVER_LIMIT
            ? { ok: false, reason, retryAfterMs: 60_000 }
            : { ok: false, reason, permanent: WECOM_PERMANENT.has(errcode) },
        );
        annotateDelivery(annotate, answer, delivery);
        return delivery;
      });
    },
  };
}
