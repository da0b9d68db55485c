/**
 * What a grid's WeCom (企业微信) group robot posts, and how fast: the text of a group post, several
 * notices packed into one message within WeCom's size limit, and the robot's rate limit (20
 * messages a minute). Plain functions: the robot's recent send times are passed in, as is `now`.
 */

// ---------------------------------------------------------------------------------------------
// The rate limit

/** WeCom accepts at most 20 messages a minute per group robot. */
export const WECOM_RATE = { limit: 20, windowMs: 60_000 } as const;

/**
 * Whether a robot may send one more message now. Allowed: the send times to store (epoch ms, as the
 * robot's window item keeps them). Refused: when the robot may send again.
 */
export type RobotSendDecision = { allowed: true; sentAt: number[] } | { allowed: false; retryAt: Date };

/**
 * Whether one more message may go to a robot now, given when its recent messages went (a rolling
 * window: never more than `limit` in any `windowMs`, hence never more in a calendar minute either).
 */
export function planRobotSend(
  sentAt: readonly number[],
  now: Date,
  rate: { limit: number; windowMs: number } = WECOM_RATE,
): RobotSendDecision {
  const nowMs = now.getTime();
  const recent = sentAt.filter((time) => time > nowMs - rate.windowMs).sort((a, b) => a - b);
  if (recent.length < rate.limit) return { allowed: true, sentAt: [...recent, nowMs] };
  return { allowed: false, retryAt: new Date(recent[recent.length - rate.limit]! + rate.windowMs) };
}

// ---------------------------------------------------------------------------------------------
// Group posts

/** How a group post names what it refers to. */
const referenceNames: Record<string, string> = {
  request: '诉求',
  facility: '设施',
  'org-unit': '网格单元',
  shift: '班次',
  station: '驿站',
  reservation: '预约',
};

/**
 * The title and body of a grid's robot message for a group post: the headline; then the grid, what
 * to do, and the reference to open in the app. Built from the post alone (see `GroupPost`), so
 * nothing a user typed reaches the group.
 */
export function groupPostText(
  post: { headline: string; action?: string; reference: { type: string; id: string } },
  gridName: string,
): { title: string; body: string } {
  const what = referenceNames[post.reference.type] ?? post.reference.type;
  return {
    title: post.headline,
    body: [`网格：${gridName}`, ...(post.action ? [post.action] : []), `请在小程序中查看${what}：${post.reference.id}`].join('\n'),
  };
}

// ---------------------------------------------------------------------------------------------
// Packing notices into messages

/** WeCom text messages hold at most 2048 bytes of UTF-8. */
export const WECOM_MAX_BYTES = 2048;
/** Room kept for the "共 N 条" header of a batch. */
const HEADER_BYTES = 40;
const SEPARATOR = '\n\n';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Cuts text to at most `max` bytes of UTF-8 without splitting a character, marking the cut with "…". */
export function truncateBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  const ellipsis = '…';
  let kept = '';
  let size = 0;
  for (const character of text) {
    const next = bytes(character);
    if (size + next + bytes(ellipsis) > max) break;
    kept += character;
    size += next;
  }
  return kept + ellipsis;
}

/** One notice as a robot posts it. */
export const weComLine = (notice: { title: string; body: string }): string =>
  notice.body ? `【${notice.title}】\n${notice.body}` : `【${notice.title}】`;

export interface WeComMessage<J> {
  jobs: J[];
  content: string;
}

/**
 * Packs the pending notices of one robot, oldest first, into as few messages as fit WeCom's size
 * limit: each message joins several notices under a "共 N 条" header (a lone notice goes as is).
 * A notice too long for a message of its own is cut, never dropped.
 */
export function packWeComMessages<J extends { title: string; body: string }>(
  jobs: readonly J[],
  maxBytes: number = WECOM_MAX_BYTES,
): WeComMessage<J>[] {
  const messages: { jobs: J[]; lines: string[]; size: number }[] = [];
  for (const job of jobs) {
    const line = truncateBytes(weComLine(job), maxBytes - HEADER_BYTES);
    const size = bytes(line);
    const current = messages.at(-1);
    if (current && current.size + bytes(SEPARATOR) + size + HEADER_BYTES <= maxBytes) {
      current.jobs.push(job);
      current.lines.push(line);
      current.size += bytes(SEPARATOR) + size;
    } else {
      messages.push({ jobs: [job], lines: [line], size });
    }
  }
  return messages.map(({ jobs: packed, lines }) => ({
    jobs: packed,
    content: lines.length === 1 ? lines[0]! : `网格通知 共${lines.length}条${SEPARATOR}${lines.join(SEPARATOR)}`,
  }));
}
