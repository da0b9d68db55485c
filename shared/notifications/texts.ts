import type { Message } from '../events/notices';

/**
 * What the notifications feature says to people, in Chinese (the default) and English: one
 * catalogue of plain objects, no i18n library (shared/events/notices.ts says how a notice carries both).
 */
export const notificationTexts = {
  robotFailingTitle: {
    zh: (p: { grid: string }) => `${p.grid}的企业微信群机器人推送失败`,
    en: (p: { grid: string }) => `The WeCom group robot of ${p.grid} is failing`,
  },
  robotFailingBody: {
    zh: (p: { title: string; messages: number; attempts: number; reason: string }) =>
      `「${p.title}」${p.messages > 1 ? `等${p.messages}条消息` : ''}尝试${p.attempts}次仍未送达（${p.reason}）。请检查群机器人的 webhook 设置；管理员可在推送死信中重试。`,
    en: (p: { title: string; messages: number; attempts: number; reason: string }) =>
      `“${p.title}”${p.messages > 1 ? ` and ${p.messages - 1} more` : ''} could not be delivered after ${p.attempts} attempts (${p.reason}). Please check the robot's webhook; admins can retry it from the dead letters.`,
  },
} satisfies Record<string, Message<never>>;
