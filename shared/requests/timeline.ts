import type { Language } from '../http/errors';
import type { Request, RequestAction, TimelineEntry } from './model';
import { type TimelineNote, sayNote } from './texts';

/**
 * A request's timeline: every change adds one step, and the timeline stays bounded in steps and
 * bytes however long the request lives (the request is one item, and an item has 400 KB at most).
 */

/** A request keeps at most this many timeline steps; beyond it the oldest after the first are dropped. */
export const MAX_TIMELINE = 100;
/**
 * …and at most this many bytes of them (UTF-8 JSON): a hundred steps of long Chinese notes would
 * otherwise take a request item most of the way to DynamoDB's 400 KB, where no change fits any more.
 */
export const MAX_TIMELINE_BYTES = 128 * 1024;

/** A decided change: the request as it will be, and the timeline step it adds. */
export interface Change {
  request: Request;
  entry: TimelineEntry;
  /** The timeline was trimmed to make room: write it whole instead of appending. */
  trimmed: boolean;
}

/**
 * A step only a department's system makes (shared/departments/callbacks.ts): it asks for more
 * information about a case escalated to it, which changes nothing but the timeline.
 */
export type DepartmentOnlyAction = 'need-info';

/** Who makes a step: a person, by id and role, or the schedule ({@link SYSTEM}). */
export interface StepActor {
  actorId: string;
  actorRole: string;
}

/** The deadline schedule, as the actor of the steps it makes. */
export const SYSTEM: StepActor = { actorId: 'system', actorRole: 'system' };

/** The request's next version, made at `now`: what every change starts from. */
export const nextVersionOf = (request: Request, now: Date): Request => ({
  ...request,
  version: request.version + 1,
  updatedAt: now.toISOString(),
});

/** A timeline step's size, as the budget counts it: its UTF-8 JSON. */
export const stepBytes = (step: TimelineEntry): number => new TextEncoder().encode(JSON.stringify(step)).length;

/**
 * The change from `before` to `after` (already at its new version and `updatedAt`), with the step
 * that records it: who, what, from which status to which, and an optional note: what a person
 * wrote (`note`, kept as written), the service's own words (`says`, kept as a code and its
 * parameters, said in each reader's language by {@link timelineIn}) and links it came with (`links`:
 * a department's photos by URL, kept apart from the note so that readers show them as links).
 */
export function recordStep(
  before: Request,
  after: Request,
  step: { actor: StepActor; action: RequestAction | DepartmentOnlyAction; note?: string | undefined; says?: TimelineNote; links?: readonly string[] | undefined },
): Change {
  const entry: TimelineEntry = {
    version: after.version,
    at: after.updatedAt,
    actorId: step.actor.actorId,
    actorRole: step.actor.actorRole,
    action: step.action,
    from: before.status,
    to: after.status,
    ...(step.note ? { note: step.note } : {}),
    ...(step.says ? noteFields(step.says) : {}),
    ...(step.links?.length ? { links: [...step.links] } : {}),
  };
  return withEntry(before, after, entry);
}

/** A service note as a step stores it: the code, and the parameters that are set. */
export function noteFields(says: TimelineNote): Pick<TimelineEntry, 'noteCode' | 'noteParams'> {
  const params = Object.fromEntries(Object.entries(says.params).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return { noteCode: says.code, ...(Object.keys(params).length ? { noteParams: params } : {}) };
}

/**
 * A timeline as a reader sees it: each step's `note` said in `language`, the service's words from
 * the step's code followed by what a person wrote. Steps stored before notes had codes keep their
 * note as written (Chinese).
 */
export function timelineIn(timeline: readonly TimelineEntry[], language: Language): TimelineEntry[] {
  return timeline.map((step) => {
    if (step.noteCode === undefined) return step;
    const note = sayNote(step.noteCode, step.noteParams, step.note, language);
    const { note: _typed, ...rest } = step;
    return note ? { ...rest, note } : rest;
  });
}

/**
 * Adds a step to the timeline, dropping the oldest (after the first) while it holds more than
 * {@link MAX_TIMELINE} steps or {@link MAX_TIMELINE_BYTES} bytes.
 */
function withEntry(request: Request, next: Request, entry: TimelineEntry): Change {
  const steps = [...request.timeline, entry];
  let bytes = steps.reduce((sum, step) => sum + stepBytes(step), 0);
  if (steps.length <= MAX_TIMELINE && bytes <= MAX_TIMELINE_BYTES) {
    return { request: { ...next, timeline: steps }, entry, trimmed: false };
  }
  let dropped = 0;
  while (1 + dropped < steps.length - 1 && (steps.length - dropped > MAX_TIMELINE || bytes > MAX_TIMELINE_BYTES)) {
    bytes -= stepBytes(steps[1 + dropped]!);
    dropped += 1;
  }
  return {
    request: {
      ...next,
      timeline: [steps[0]!, ...steps.slice(1 + dropped)],
      timelineDropped: (request.timelineDropped ?? 0) + dropped,
    },
    entry,
    trimmed: true,
  };
}
