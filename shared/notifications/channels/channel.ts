import type { Delivery } from '../retries';

/**
 * Where pushes go, behind one interface: `send(batch)` answers a {@link Delivery} and never throws,
 * so the dispatcher decides retries and dead letters the same way for every channel.
 *
 * - WeCom (企业微信) group robot (`wecom-robot.ts`): one POST to the robot's webhook per batch
 *   (several notices joined).
 * - WeChat subscribe message (`wechat-subscribe.ts`): one POST per person, with an access token
 *   cached until it expires.
 */

/** One WeCom robot message: the webhook key of the robot and the text. */
export interface WeComBatch {
  channel: 'wecom';
  webhookKey: string;
  content: string;
}

/** One WeChat subscribe message to one person. */
export interface WeChatBatch {
  channel: 'wechat';
  openId: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

export type PushBatch = WeComBatch | WeChatBatch;

export interface PushChannel<B extends PushBatch = PushBatch> {
  readonly name: B['channel'];
  /** Sends one batch; resolves with how it went, never rejects. */
  send(batch: B): Promise<Delivery>;
}

export interface PushChannels {
  wecom: PushChannel<WeComBatch>;
  wechat: PushChannel<WeChatBatch>;
}
