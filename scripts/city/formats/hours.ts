import { type Hours, hoursSchema } from '../../../shared/stations/model';
import { type WeekdayName, weekdayNames } from '../../../shared/time/local';

/**
 * Opening hours in one cell, as a station's staff would write them:
 *
 *   08:00-20:00                                   every day
 *   mon-fri 08:00-12:00,14:00-18:00; sat,sun 09:00-17:00
 *   周一至周五 8:00-20:00；周六、周日 9:00-17:00
 *   08:00-20:00; sun closed                       a later clause replaces the days it names
 *   24h  (全天, 24小时)                            00:00-24:00
 *   2026-10-01..2026-10-03 closed (国庆闭站)        a dated exception, with its note
 *
 * Clauses are separated by `;`; each is days (none: every day) then intervals or `closed` (休息).
 * Days no clause names are closed. Read into the `Hours` of shared/stations/model.ts and checked
 * with its schema; `formatHours` writes them back in the first form that fits.
 */

const DAY_WORDS: Record<string, WeekdayName> = {
  mon: 'mon', monday: 'mon',
  tue: 'tue', tues: 'tue', tuesday: 'tue',
  wed: 'wed', wednesday: 'wed',
  thu: 'thu', thur: 'thu', thurs: 'thu', thursday: 'thu',
  fri: 'fri', friday: 'fri',
  sat: 'sat', saturday: 'sat',
  sun: 'sun', sunday: 'sun',
  一: 'mon', 二: 'tue', 三: 'wed', 四: 'thu', 五: 'fri', 六: 'sat', 日: 'sun', 天: 'sun',
};
const EVERY_DAY = /^(every\s*day|everyday|daily|每天|每日|天天)$/i;
const DAY_GROUPS: [RegExp, WeekdayName[]][] = [
  [/^(weekdays|工作日)$/i, ['mon', 'tue', 'wed', 'thu', 'fri']],
  [/^(weekends?|周末|双休日)$/i, ['sat', 'sun']],
];
const DAY_TOKEN =
  /\s*(?:(monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|saturday|sat|sunday|sun)(?![a-z])|(?:周|星期|礼拜)?([一二三四五六日天])|(-|–|—|~|～|至|到)|(,|，|、|\/|&|和)|\s+)/iy;
const RANGE = '(?:-|–|—|~|～|至|到)';
const INTERVAL = new RegExp(`^(\\d{1,2}):(\\d{2})\\s*${RANGE}\\s*(\\d{1,2}):(\\d{2})$`);
const DATES = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|~|～|至|到|—|–)\s*(\d{4}-\d{2}-\d{2}))?$/;
const CLOSED = /^(closed|休息|闭馆|不开放|关闭)$/i;
const ALL_DAY = /^(24\s*h|24\s*hours|24\s*小时|全天)$/i;
/** Where a clause's times start: the first time of day, or a word standing for the times. */
const TIMES_START = /\d{1,2}:\d{2}|closed|休息|闭馆|不开放|关闭|24\s*h|24\s*小时|全天/i;

type Clause = { days: WeekdayName[]; intervals: { opens: string; closes: string }[] } | { from: string; to: string; intervals: { opens: string; closes: string }[]; note?: string };

/** Weekdays a clause's day part names, or the problem with it. */
function daysOf(text: string): WeekdayName[] | string {
  const spec = text.trim();
  if (spec === '' || EVERY_DAY.test(spec)) return [...weekdayNames];
  for (const [pattern, days] of DAY_GROUPS) if (pattern.test(spec)) return [...days];
  const days = new Set<WeekdayName>();
  let rangeFrom: WeekdayName | undefined;
  let previous: WeekdayName | undefined;
  DAY_TOKEN.lastIndex = 0;
  while (DAY_TOKEN.lastIndex < spec.length) {
    const start = DAY_TOKEN.lastIndex;
    const token = DAY_TOKEN.exec(spec);
    if (!token || DAY_TOKEN.lastIndex === start) return `'${spec}' names no days (mon-fri, sat,sun, 周一至周五…)`;
    const word = token[1]?.toLowerCase() ?? token[2];
    if (word !== undefined) {
      const day = DAY_WORDS[word]!;
      if (rangeFrom !== undefined) {
        // A range may wrap past Sunday: fri-mon.
        const from = weekdayNames.indexOf(rangeFrom);
        const to = weekdayNames.indexOf(day);
        for (let step = 0; step <= (to - from + 7) % 7; step += 1) days.add(weekdayNames[(from + step) % 7]!);
        rangeFrom = undefined;
      } else days.add(day);
      previous = day;
    } else if (token[3] !== undefined) {
      if (previous === undefined) return `'${spec}': a range needs a first day`;
      rangeFrom = previous;
      days.delete(previous);
    }
  }
  if (rangeFrom !== undefined) return `'${spec}': a range needs a last day`;
  return days.size > 0 ? weekdayNames.filter((day) => days.has(day)) : `'${spec}' names no days`;
}

const clock = (hours: string, minutes: string) => `${hours.padStart(2, '0')}:${minutes}`;

/** The intervals of a clause's time part, or the problem with it. */
function intervalsOf(text: string): { opens: string; closes: string }[] | string {
  const spec = text.trim();
  if (CLOSED.test(spec)) return [];
  if (ALL_DAY.test(spec)) return [{ opens: '00:00', closes: '24:00' }];
  const items = spec
    .replace(new RegExp(`\\s*${RANGE}\\s*`, 'g'), '-')
    .split(/[,，、/\s]+/)
    .filter((item) => item !== '');
  const intervals: { opens: string; closes: string }[] = [];
  for (const item of items) {
    const match = INTERVAL.exec(item);
    if (!match) return `'${item}' is not an interval like 08:00-20:00`;
    intervals.push({ opens: clock(match[1]!, match[2]!), closes: clock(match[3]!, match[4]!) });
  }
  return intervals;
}

function clauseOf(text: string): Clause | string {
  let rest = text.trim();
  let note: string | undefined;
  const noted = /^(.*?)\s*[(（]([^()（）]*)[)）]$/.exec(rest);
  if (noted) {
    rest = noted[1]!;
    note = noted[2]!.trim() || undefined;
  }
  const timesAt = rest.search(TIMES_START);
  if (timesAt < 0) return `'${text.trim()}' gives no times (08:00-20:00, or closed)`;
  const dayPart = rest.slice(0, timesAt).trim();
  const intervals = intervalsOf(rest.slice(timesAt));
  if (typeof intervals === 'string') return intervals;
  const dates = DATES.exec(dayPart);
  if (dates) return { from: dates[1]!, to: dates[2] ?? dates[1]!, intervals, ...(note !== undefined ? { note } : {}) };
  if (note !== undefined) return `'${text.trim()}': only a dated exception keeps a note`;
  const days = daysOf(dayPart);
  if (typeof days === 'string') return days;
  return { days, intervals };
}

/** Hours from their text, checked with the API's schema; or what is wrong with the text. */
export function parseHours(text: string): { hours: Hours } | { problem: string } {
  const normalised = text.replaceAll('：', ':').replaceAll('；', ';');
  const weekly = Object.fromEntries(weekdayNames.map((day) => [day, [] as { opens: string; closes: string }[]])) as Hours['weekly'];
  const exceptions: Hours['exceptions'] = [];
  for (const part of normalised.split(/[;\n]/)) {
    if (part.trim() === '') continue;
    const clause = clauseOf(part);
    if (typeof clause === 'string') return { problem: clause };
    if ('days' in clause) for (const day of clause.days) weekly[day] = clause.intervals.map((interval) => ({ ...interval }));
    else exceptions.push(clause);
  }
  const checked = hoursSchema.safeParse({ weekly, exceptions });
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    return { problem: `${issue.path.join('.')}: ${issue.message}` };
  }
  return { hours: checked.data };
}

const intervalsText = (intervals: readonly { opens: string; closes: string }[]) =>
  intervals.length === 0 ? 'closed' : intervals.map((interval) => `${interval.opens}-${interval.closes}`).join(',');

/** The text of hours, which `parseHours` reads back to the same hours. */
export function formatHours(hours: Hours): string {
  const clauses: string[] = [];
  const texts = weekdayNames.map((day) => (hours.weekly[day]?.length ? intervalsText(hours.weekly[day]) : undefined));
  if (texts.every((text) => text !== undefined && text === texts[0])) {
    clauses.push(texts[0]!);
  } else {
    // Runs of consecutive days with the same intervals: mon-fri 08:00-20:00.
    for (let start = 0; start < 7; ) {
      let end = start;
      while (end + 1 < 7 && texts[end + 1] === texts[start]) end += 1;
      if (texts[start] !== undefined) {
        clauses.push(`${weekdayNames[start]}${end > start ? `-${weekdayNames[end]}` : ''} ${texts[start]}`);
      }
      start = end + 1;
    }
  }
  for (const exception of hours.exceptions) {
    const days = exception.from === exception.to ? exception.from : `${exception.from}..${exception.to}`;
    clauses.push(`${days} ${intervalsText(exception.intervals)}${exception.note ? ` (${exception.note})` : ''}`);
  }
  return clauses.length > 0 ? clauses.join('; ') : 'closed';
}
