import type { Message } from '../events/notices';
import type { Language } from '../http/errors';

/**
 * What the shifts feature says to people, in Chinese (the default) and English: one catalogue of
 * plain objects, no i18n library. Times are the city's local time in both; shift titles, locations
 * and reasons are what people set, shown as they were written.
 */

/** Weekdays, Monday first: "一" / "Mon". */
export const weekdayTexts: Readonly<Record<Language, readonly string[]>> = {
  zh: ['一', '二', '三', '四', '五', '六', '日'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** How a notice says a shift's time: "时间：3月8日 09:00–11:00" / "When: 8 Mar 09:00–11:00". */
const when = { zh: '时间：', en: 'When: ' } as const;

/** The shifts feature's messages, by name: each says its parameters. */
export const shiftTexts = {
  // ── The seats a generation gave a member (see `dutiesAssignedText`) ──
  dutiesOneTitle: {
    zh: (p: { what: string }) => `网格员已为您安排班次：${p.what}`,
    en: (p: { what: string }) => `Your grid worker gave you a shift: ${p.what}`,
  },
  dutiesOneBody: {
    zh: (p: { when: string }) => `${when.zh}${p.when}\n如不能参加，请尽早取消或申请换班。`,
    en: (p: { when: string }) => `${when.en}${p.when}\nIf you cannot come, cancel or ask for a swap soon.`,
  },
  dutiesTitle: {
    zh: (p: { count: number; what: string }) => `网格员已为您安排 ${p.count} 个班次：${p.what}`,
    en: (p: { count: number; what: string }) => `${p.count} shifts given to you: ${p.what}`,
  },
  dutiesBody: {
    zh: (p: { count: number; span: string; lines: string; listed: boolean }) =>
      `共 ${p.count} 个班次，${p.span}：\n${p.lines}\n${p.listed ? '' : '各班次详见“我的班次”。'}如有不能参加的班次，请尽早取消或申请换班。`,
    en: (p: { count: number; span: string; lines: string; listed: boolean }) =>
      `${p.count} shifts, ${p.span}:\n${p.lines}\n${p.listed ? '' : 'Each one is under "My shifts". '}If you cannot come to one, cancel it or ask for a swap soon.`,
  },
  /** A span of dates: "3月8日至3月12日" / "8 Mar to 12 Mar". */
  span: {
    zh: (p: { first: string; last: string }) => `${p.first}至${p.last}`,
    en: (p: { first: string; last: string }) => `${p.first} to ${p.last}`,
  },
  /** One shift of a list: "3月8日（周一）09:00–11:00" / "8 Mar (Mon) 09:00–11:00". */
  listedShift: {
    zh: (p: { day: string; weekday: string; clocks: string }) => `${p.day}（周${p.weekday}）${p.clocks}`,
    en: (p: { day: string; weekday: string; clocks: string }) => `${p.day} (${p.weekday}) ${p.clocks}`,
  },
  /** A weekly pattern: "每周一、三、五 09:00–11:00" / "Every Mon, Wed, Fri 09:00–11:00". */
  weekly: {
    zh: (p: { weekdays: readonly string[]; clocks: string }) => `每周${p.weekdays.join('、')} ${p.clocks}`,
    en: (p: { weekdays: readonly string[]; clocks: string }) => `Every ${p.weekdays.join(', ')} ${p.clocks}`,
  },
  /** Several duties' titles: "甲、乙、丙等" / "A, B, C and more". */
  titles: {
    zh: (p: { titles: readonly string[]; more: boolean }) => `${p.titles.join('、')}${p.more ? '等' : ''}`,
    en: (p: { titles: readonly string[]; more: boolean }) => `${p.titles.join(', ')}${p.more ? ' and more' : ''}`,
  },

  // ── Reminders, gaps, cancellations, seats someone else changed, swaps ──
  reminderTitle: {
    zh: (p: { kind: 'day' | 'hour'; title: string }) => (p.kind === 'day' ? `明天值班提醒：${p.title}` : `值班一小时后开始：${p.title}`),
    en: (p: { kind: 'day' | 'hour'; title: string }) => (p.kind === 'day' ? `Your shift tomorrow: ${p.title}` : `Your shift starts in an hour: ${p.title}`),
  },
  reminderBody: {
    zh: (p: { when: string; location?: string; stationId?: string }) =>
      `${when.zh}${p.when}${p.location ? `\n地点：${p.location}` : ''}${p.stationId ? `\n驿站：${p.stationId}` : ''}\n到岗后请签到；如不能参加，请尽早取消或申请换班。`,
    en: (p: { when: string; location?: string; stationId?: string }) =>
      `${when.en}${p.when}${p.location ? `\nWhere: ${p.location}` : ''}${p.stationId ? `\nStation: ${p.stationId}` : ''}\nCheck in when you arrive; if you cannot come, cancel or ask for a swap soon.`,
  },
  unfilledTitle: {
    zh: (p: { title: string; missing: number }) => `班次缺人：${p.title}（还差 ${p.missing} 人）`,
    en: (p: { title: string; missing: number }) => `Shift short of people: ${p.title} (${p.missing} missing)`,
  },
  unfilledBody: {
    zh: (p: { when: string; signedUp: number; headcount: number }) =>
      `${when.zh}${p.when}\n已报名 ${p.signedUp}/${p.headcount} 人。可在排班页查看推荐人选并直接指派。`,
    en: (p: { when: string; signedUp: number; headcount: number }) =>
      `${when.en}${p.when}\n${p.signedUp} of ${p.headcount} signed up. The planning page suggests people you can assign directly.`,
  },
  cancelledTitle: {
    zh: (p: { title: string }) => `班次已取消：${p.title}`,
    en: (p: { title: string }) => `Shift cancelled: ${p.title}`,
  },
  cancelledBody: {
    zh: (p: { when: string; reason?: string }) => `${when.zh}${p.when}${p.reason ? `\n原因：${p.reason}` : ''}\n这段时间已为您空出。`,
    en: (p: { when: string; reason?: string }) => `${when.en}${p.when}${p.reason ? `\nWhy: ${p.reason}` : ''}\nThat time is free for you again.`,
  },
  seatTitle: {
    zh: (p: { via: 'promoted' | 'assigned' | 'swap'; title: string }) =>
      `${{ promoted: '您已从候补转为正式报名', assigned: '网格员已为您安排班次', swap: '换班已通过，您已接手该班次' }[p.via]}：${p.title}`,
    en: (p: { via: 'promoted' | 'assigned' | 'swap'; title: string }) =>
      `${{ promoted: 'Off the waitlist, you are on the shift', assigned: 'Your grid worker gave you a shift', swap: 'Swap approved: the shift is yours' }[p.via]}: ${p.title}`,
  },
  seatBody: {
    zh: (p: { when: string }) => `${when.zh}${p.when}\n如不能参加，请尽早取消。`,
    en: (p: { when: string }) => `${when.en}${p.when}\nIf you cannot come, cancel soon.`,
  },
  removedTitle: {
    zh: (p: { title: string }) => `您已不在班次中：${p.title}`,
    en: (p: { title: string }) => `You are no longer on the shift: ${p.title}`,
  },
  removedBody: {
    zh: (p: { when: string }) => `${when.zh}${p.when}\n网格员调整了排班，或换班已生效。`,
    en: (p: { when: string }) => `${when.en}${p.when}\nYour grid worker changed the plan, or a swap took effect.`,
  },
  swapProposedTitle: {
    zh: (p: { title: string }) => `换班请求：${p.title}`,
    en: (p: { title: string }) => `Swap request: ${p.title}`,
  },
  swapProposedBody: {
    zh: (p: { start: string }) => `有微网格员请您接替 ${p.start} 开始的班次。同意后还需网格员审批。`,
    en: (p: { start: string }) => `A micro-grid volunteer asks you to take over the shift starting ${p.start}. If you agree, a grid worker still approves it.`,
  },
  swapAcceptedTitle: {
    zh: (p: { title: string }) => `换班待审批：${p.title}`,
    en: (p: { title: string }) => `Swap to approve: ${p.title}`,
  },
  swapAcceptedBody: {
    zh: (p: { from: string; to: string }) => `${p.from} → ${p.to}，请审批。`,
    en: (p: { from: string; to: string }) => `${p.from} → ${p.to}: please approve or reject it.`,
  },
  swapDecidedTitle: {
    zh: (p: { status: 'done' | 'declined' | 'rejected' | 'cancelled' | 'failed'; title: string }) =>
      `换班${{ done: '已完成', declined: '被对方拒绝', rejected: '未获网格员批准', cancelled: '已撤回', failed: '未能执行' }[p.status]}：${p.title}`,
    en: (p: { status: 'done' | 'declined' | 'rejected' | 'cancelled' | 'failed'; title: string }) =>
      `Swap ${{ done: 'done', declined: 'declined', rejected: 'not approved', cancelled: 'withdrawn', failed: 'could not be made' }[p.status]}: ${p.title}`,
  },
  swapDecidedBody: {
    zh: (p: { failure?: string }) => (p.failure ? `原因：${p.failure}` : '详情见排班页。'),
    en: (p: { failure?: string }) => (p.failure ? `Why: ${p.failure}` : 'See the planning page for details.'),
  },
} satisfies Record<string, Message<never>>;
