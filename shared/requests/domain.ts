import { CITY_SCOPE, type Identity, type Role } from '../auth/identity';
import { type FieldError, ProblemError, fieldProblem, forbidden, notFound, validationFailed } from '../http/errors';
import { isCityWide, reaches } from '../auth/scope';
import {
  type AttributeValue,
  type Category,
  type CategoryAttribute,
  type Department,
  type Figures,
  type Rate,
  type Request,
  type RequestAction,
  type RequestStatus,
  type TimelineEntry,
  departmentNames,
} from './model';

/**
 * The rules of resident requests, over plain data: who sees what, the closed loop's state machine,
 * deadlines and their escalation, category extra fields, and the monthly figures. No AWS here.
 */

/** Members of the public who file requests from the mini-program. */
export const SUBMITTER_ROLES = ['resident', 'outdoor_worker', 'volunteer'] as const satisfies readonly Role[];

/** A request keeps at most this many timeline steps; beyond it the oldest after the first are dropped. */
export const MAX_TIMELINE = 100;
/**
 * …and at most this many bytes of them (UTF-8 JSON): a hundred steps of long Chinese notes would
 * otherwise take a request item most of the way to DynamoDB's 400 KB, where no change fits any more.
 */
export const MAX_TIMELINE_BYTES = 128 * 1024;

/** Months (of reports and admins' views) are Beijing months. */
export const TIME_ZONE = 'Asia/Shanghai' as const;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The Beijing month (`2026-08`) an instant falls in. */
export const monthOf = (iso: string): string => new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);

/** The instants a Beijing month starts and ends (exclusive), as ISO strings. */
export function monthRange(month: string): { from: string; to: string } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const from = Date.UTC(year, monthNumber - 1, 1) - SHANGHAI_OFFSET_MS;
  const to = Date.UTC(year, monthNumber, 1) - SHANGHAI_OFFSET_MS;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

export const addHours = (iso: string, hours: number): string => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();


// ── Categories ───────────────────────────────────────────────────────────────────────────────────

export interface CategoryInput {
  name: string;
  nameEn?: string;
  description?: string;
  acceptWithinHours: number;
  resolveWithinHours: number;
  attributes: CategoryAttribute[];
  active?: boolean;
  order?: number;
}

/**
 * Decides a category as created or replaced: only city-wide admins change the catalogue (it is the
 * city's), list datatypes carry their options and nothing else does, codes and keys are unique.
 */
export function planCategory(identity: Identity, id: string, input: CategoryInput, now: string): Category {
  if (identity.role !== 'admin' || !isCityWide(identity)) throw forbidden('only city-wide admins change the category catalogue');
  const errors: FieldError[] = [];
  const codes = new Set<string>();
  input.attributes.forEach((attribute, index) => {
    const field = `body.attributes.${index}`;
    if (codes.has(attribute.code)) errors.push({ field: `${field}.code`, code: 'duplicate', message: `code ${attribute.code} is used twice` });
    codes.add(attribute.code);
    const isList = attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist';
    if (isList && !attribute.options?.length) {
      errors.push({ field: `${field}.options`, code: 'required', message: 'a list attribute needs its options' });
    }
    if (!isList && attribute.options) {
      errors.push({ field: `${field}.options`, code: 'invalid', message: 'only list attributes have options' });
    }
    const keys = (attribute.options ?? []).map((option) => option.key);
    if (new Set(keys).size !== keys.length) {
      errors.push({ field: `${field}.options`, code: 'duplicate', message: 'option keys must be unique' });
    }
  });
  if (errors.length) throw validationFailed(errors);
  return {
    id,
    name: input.name,
    ...(input.nameEn ? { nameEn: input.nameEn } : {}),
    ...(input.description ? { description: input.description } : {}),
    acceptWithinHours: input.acceptWithinHours,
    resolveWithinHours: input.resolveWithinHours,
    attributes: [...input.attributes].sort((a, b) => a.order - b.order),
    active: input.active ?? true,
    order: input.order ?? 100,
    updatedAt: now,
    updatedBy: identity.userId,
  };
}

/**
 * Checks a submission's extra fields against its category (Open311 style): no unknown codes, every
 * required one present, each value of its datatype, list values among the options. Returns the
 * values kept (empty strings and empty lists dropped).
 */
export function validateAttributes(
  category: Pick<Category, 'attributes'>,
  values: Readonly<Record<string, AttributeValue>>,
): Record<string, AttributeValue> {
  const errors: FieldError[] = [];
  const byCode = new Map(category.attributes.map((attribute) => [attribute.code, attribute]));
  const kept: Record<string, AttributeValue> = {};
  for (const code of Object.keys(values)) {
    if (!byCode.has(code)) errors.push({ field: `body.attributes.${code}`, code: 'unknown_field', message: `this category has no field ${code}` });
  }
  for (const attribute of category.attributes) {
    const field = `body.attributes.${attribute.code}`;
    const value = values[attribute.code];
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (attribute.required) errors.push({ field, code: 'required', message: `${attribute.label} is required` });
      continue;
    }
    const problem = datatypeProblem(attribute, value);
    if (problem) errors.push({ field, code: 'invalid', message: problem });
    else kept[attribute.code] = value;
  }
  if (errors.length) throw validationFailed(errors);
  return kept;
}

function datatypeProblem(attribute: CategoryAttribute, value: AttributeValue): string | undefined {
  const options = new Set((attribute.options ?? []).map((option) => option.key));
  switch (attribute.datatype) {
    case 'string':
      return typeof value === 'string' && value.length <= 200 ? undefined : 'a line of text (≤ 200 characters)';
    case 'text':
      return typeof value === 'string' ? undefined : 'text (≤ 500 characters)';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : 'an ISO 8601 date-time';
    case 'singlevaluelist':
      return typeof value === 'string' && options.has(value) ? undefined : `one of ${[...options].join(', ')}`;
    case 'multivaluelist':
      return Array.isArray(value) && value.every((v) => options.has(v)) && new Set(value).size === value.length
        ? undefined
        : `distinct values among ${[...options].join(', ')}`;
  }
}

// ── Who sees and who acts ────────────────────────────────────────────────────────────────────────

type Placed = Pick<Request, 'residentId' | 'gridId' | 'communityId' | 'subdistrictId' | 'districtId' | 'assigneeId'>;

const unitOf = (request: Placed) => ({
  id: request.gridId,
  ancestors: [request.districtId, request.subdistrictId, request.communityId],
});

/** Staff who handle a request: a grid worker of its grid (or its assignee), an admin whose scope reaches its grid. */
export function isStaffFor(identity: Identity, request: Placed): boolean {
  if (identity.role === 'grid_worker') return reaches(identity, unitOf(request)) || request.assigneeId === identity.userId;
  if (identity.role === 'admin') return reaches(identity, unitOf(request));
  return false;
}

/** A resident sees their own requests; grid workers their grids'; admins their scope's. */
export const canSee = (identity: Identity, request: Placed): boolean =>
  request.residentId === identity.userId || isStaffFor(identity, request);

/** Throws 404 (never 403: we do not confirm what exists) unless the caller may see the request. */
export function assertCanSee(identity: Identity, request: Placed | undefined): asserts request is Placed {
  if (!request || !canSee(identity, request)) throw notFound();
}

// ── Submission ───────────────────────────────────────────────────────────────────────────────────

/** Where a request goes: a grid with its place in the hierarchy. */
export interface RoutedGrid {
  id: string;
  /** District, subdistrict, community: the grid's ancestors. */
  ancestors: readonly string[];
}

export interface SubmissionInput {
  categoryId: string;
  description: string;
  location?: { lat: number; lng: number };
  address?: string;
  photos: string[];
  attributes: Record<string, AttributeValue>;
}

/** A new request, as submitted: routed, assigned, with its accept deadline and first timeline step. */
export function planSubmission(options: {
  id: string;
  identity: Identity;
  input: SubmissionInput;
  category: Category;
  grid: RoutedGrid;
  routedBy: Request['routedBy'];
  assigneeId: string | null;
  now: string;
}): Request {
  const { id, identity, input, category, grid, routedBy, assigneeId, now } = options;
  if (!category.active) throw fieldProblem('body.categoryId', `category ${category.id} takes no new requests`, 'inactive');
  const attributes = validateAttributes(category, input.attributes);
  const [districtId, subdistrictId, communityId] = grid.ancestors;
  if (!districtId || !subdistrictId || !communityId) throw new Error(`grid ${grid.id} is not under a community`);
  const note = `分派至网格 ${grid.id}${assigneeId ? `，网格员 ${assigneeId}` : '（该网格暂无网格员，待管理员指派）'}`;
  return {
    id,
    categoryId: category.id,
    categoryName: category.name,
    description: input.description,
    ...(input.location ? { location: input.location } : {}),
    ...(input.address ? { address: input.address } : {}),
    photos: input.photos,
    attributes,
    residentId: identity.userId,
    gridId: grid.id,
    communityId,
    subdistrictId,
    districtId,
    routedBy,
    assigneeId,
    status: 'submitted',
    version: 1,
    createdAt: now,
    updatedAt: now,
    acceptDueAt: addHours(now, category.acceptWithinHours),
    reopenCount: 0,
    duplicateIds: [],
    acceptOverdueLevel: 0,
    resolveOverdueLevel: 0,
    overdue: false,
    deadlineHours: { accept: category.acceptWithinHours, resolve: category.resolveWithinHours },
    timeline: [{ version: 1, at: now, actorId: identity.userId, actorRole: identity.role, action: 'submit', to: 'submitted', note }],
  };
}

// ── The closed loop ──────────────────────────────────────────────────────────────────────────────

export type TransitionAction = Exclude<RequestAction, 'submit' | 'overdue' | 'auto-close'>;

/**
 * Hours the resident has, after each resolution, to confirm (rate) or reopen it; then the schedule
 * closes it unrated. One window for every category rather than a category setting: a category's
 * accept and resolve hours are the service's promises and follow the urgency of what was reported
 * (1 h to accept public security, a week to resolve a dispute), while this window is the resident's
 * time to check a fix and answer, which does not depend on what was fixed. A week covers someone
 * away for a few days and still lets the month's figures settle.
 */
export const CONFIRM_WITHIN_HOURS = 7 * 24;

/** Who may make a transition: the request's staff, its submitter, or an admin reaching it. */
type Actor = 'staff' | 'submitter' | 'admin';

/** The state machine: where each action may start, where it leads (reassign keeps the status), who makes it. */
export const transitions: Record<TransitionAction, { from: readonly RequestStatus[]; to?: RequestStatus; by: Actor }> = {
  accept: { from: ['submitted'], to: 'accepted', by: 'staff' },
  start: { from: ['accepted'], to: 'in_progress', by: 'staff' },
  resolve: { from: ['accepted', 'in_progress'], to: 'resolved', by: 'staff' },
  confirm: { from: ['resolved'], to: 'closed', by: 'submitter' },
  reopen: { from: ['resolved'], to: 'in_progress', by: 'submitter' },
  escalate: { from: ['accepted', 'in_progress'], to: 'escalated', by: 'staff' },
  return: { from: ['escalated'], to: 'in_progress', by: 'staff' },
  reject: { from: ['submitted', 'accepted'], to: 'rejected', by: 'staff' },
  'mark-duplicate': { from: ['submitted', 'accepted', 'in_progress'], to: 'duplicate', by: 'staff' },
  reassign: { from: ['submitted', 'accepted', 'in_progress', 'escalated'], by: 'admin' },
};

export const OPEN_STATUSES: readonly RequestStatus[] = ['submitted', 'accepted', 'in_progress', 'escalated', 'resolved'];
export const isOpen = (status: RequestStatus): boolean => OPEN_STATUSES.includes(status);

export type TransitionInput =
  | { action: 'accept' | 'start'; note?: string }
  | { action: 'resolve'; note: string }
  | { action: 'confirm'; rating: number; comment?: string }
  | { action: 'reopen'; note: string }
  | { action: 'escalate'; department: Department; note?: string }
  | { action: 'return'; result: string }
  | { action: 'reject'; reason: string }
  | { action: 'mark-duplicate'; original: Request; note?: string }
  | { action: 'reassign'; grid: RoutedGrid; assigneeId: string; note?: string };

/** A decided change: the request as it will be, and the timeline step it adds. */
export interface Change {
  request: Request;
  entry: TimelineEntry;
  /** The timeline was trimmed to make room: write it whole instead of appending. */
  trimmed: boolean;
}

/**
 * Decides a transition. Order of refusals: someone who may not see the request gets 404; who may
 * see it but not make this move, 403; a move the current state does not allow, 409.
 */
export function planTransition(request: Request, input: TransitionInput, identity: Identity, now: string): Change {
  assertCanSee(identity, request);
  const rule = transitions[input.action];
  const allowed =
    rule.by === 'submitter'
      ? request.residentId === identity.userId
      : rule.by === 'admin'
        ? identity.role === 'admin' && isStaffFor(identity, request)
        : isStaffFor(identity, request);
  if (!allowed) throw forbidden(`${input.action} is not yours to do`);
  if (!rule.from.includes(request.status)) {
    throw new ProblemError('invalid_transition', `cannot ${input.action} a request that is ${request.status}`);
  }
  const next: Request = { ...request, status: rule.to ?? request.status, updatedAt: now, version: request.version + 1 };
  let note: string | undefined;
  switch (input.action) {
    case 'accept':
      next.acceptedAt = now;
      next.resolveDueAt = addHours(now, request.deadlineHours.resolve);
      note = input.note;
      break;
    case 'start':
      next.startedAt = now;
      note = input.note;
      break;
    case 'resolve':
      // Each resolution opens a fresh window for the resident to answer.
      next.resolvedAt = now;
      next.confirmDueAt = addHours(now, CONFIRM_WITHIN_HOURS);
      note = input.note;
      break;
    case 'confirm':
      next.closedAt = now;
      next.rating = input.rating;
      if (input.comment) next.ratingComment = input.comment;
      note = `评价 ${input.rating} 星${input.comment ? `：${input.comment}` : ''}`;
      break;
    case 'reopen':
      // The resident says "not fixed": back to the handler; the resolve deadline still stands, and
      // there is nothing to confirm until the next resolution.
      next.reopenCount = request.reopenCount + 1;
      delete next.confirmDueAt;
      note = input.note;
      break;
    case 'escalate':
      next.department = input.department;
      next.escalatedAt = now;
      delete next.departmentResult;
      delete next.returnedAt;
      note = `转交${departmentNames[input.department]}${input.note ? `：${input.note}` : ''}`;
      break;
    case 'return':
      next.departmentResult = input.result;
      next.returnedAt = now;
      note = `${request.department ? departmentNames[request.department] : '部门'}反馈：${input.result}`;
      break;
    case 'reject':
      next.rejectReason = input.reason;
      next.closedAt = now;
      note = input.reason;
      break;
    case 'mark-duplicate':
      if (input.original.id === request.id) throw fieldProblem('body.of', 'a request cannot duplicate itself');
      if (input.original.status === 'duplicate' || input.original.status === 'rejected') {
        throw fieldProblem('body.of', `request ${input.original.id} is ${input.original.status}; link to the original`);
      }
      next.duplicateOf = input.original.id;
      next.closedAt = now;
      note = `与诉求 ${input.original.id} 重复${input.note ? `：${input.note}` : ''}`;
      break;
    case 'reassign': {
      if (!reaches(identity, { id: input.grid.id, ancestors: [...input.grid.ancestors] })) throw notFound(`grid ${input.grid.id}`);
      const [districtId, subdistrictId, communityId] = input.grid.ancestors;
      if (!districtId || !subdistrictId || !communityId) throw fieldProblem('body.gridId', 'not a grid');
      if (input.grid.id === request.gridId && input.assigneeId === request.assigneeId) {
        throw new ProblemError('invalid_transition', 'already assigned there');
      }
      Object.assign(next, { gridId: input.grid.id, districtId, subdistrictId, communityId, assigneeId: input.assigneeId });
      if (input.grid.id !== request.gridId) next.routedBy = 'admin';
      note = `改派至网格 ${input.grid.id}，网格员 ${input.assigneeId}${input.note ? `：${input.note}` : ''}`;
      break;
    }
  }
  next.overdue = isOverdue(next);
  const entry: TimelineEntry = {
    version: next.version,
    at: now,
    actorId: identity.userId,
    actorRole: identity.role,
    action: input.action,
    from: request.status,
    to: next.status,
    ...(note ? { note } : {}),
  };
  return withEntry(request, next, entry);
}

/** A timeline step's size, as the budget counts it: its UTF-8 JSON. */
export const stepBytes = (step: TimelineEntry): number => new TextEncoder().encode(JSON.stringify(step)).length;

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

// ── Deadlines ────────────────────────────────────────────────────────────────────────────────────

export type DeadlineKind = 'accept' | 'resolve';

/** The highest escalation: 1 = the community, 2 = the subdistrict. */
export const MAX_OVERDUE_LEVEL = 2;

/** Whether a request is late on the deadline it is working against. */
export function isOverdue(request: Pick<Request, 'status' | 'acceptOverdueLevel' | 'resolveOverdueLevel'>): boolean {
  if (request.status === 'submitted') return request.acceptOverdueLevel > 0;
  if (request.status === 'accepted' || request.status === 'in_progress' || request.status === 'escalated') {
    return request.resolveOverdueLevel > 0;
  }
  return false;
}

/**
 * The deadline a request works against and when its next escalation falls due: at the deadline
 * (level 1, the community), and one more window later (level 2, the subdistrict). None when it is
 * waiting for the resident, done, or escalated as far as it goes.
 */
export function nextDeadline(
  request: Pick<Request, 'status' | 'acceptDueAt' | 'resolveDueAt' | 'acceptOverdueLevel' | 'resolveOverdueLevel' | 'deadlineHours'>,
): { kind: DeadlineKind; dueAt: string; level: number; at: string } | undefined {
  let kind: DeadlineKind;
  if (request.status === 'submitted') kind = 'accept';
  else if ((request.status === 'accepted' || request.status === 'in_progress' || request.status === 'escalated') && request.resolveDueAt) {
    kind = 'resolve';
  } else return undefined;
  const dueAt = kind === 'accept' ? request.acceptDueAt : request.resolveDueAt!;
  const level = kind === 'accept' ? request.acceptOverdueLevel : request.resolveOverdueLevel;
  if (level >= MAX_OVERDUE_LEVEL) return undefined;
  const at = level === 0 ? dueAt : addHours(dueAt, request.deadlineHours[kind]);
  return { kind, dueAt, level, at };
}

/**
 * When the schedule next has something to do with a request: its next escalation, or, while it
 * waits for the resident, the end of its confirmation window. What `byDue` sorts it by.
 */
export function nextDueAt(
  request: Pick<
    Request,
    'status' | 'acceptDueAt' | 'resolveDueAt' | 'acceptOverdueLevel' | 'resolveOverdueLevel' | 'deadlineHours' | 'confirmDueAt'
  >,
): string | undefined {
  const deadline = nextDeadline(request);
  if (deadline) return deadline.at;
  return request.status === 'resolved' ? request.confirmDueAt : undefined;
}

/** A decided escalation of lateness: the change, and who it goes up to. */
export interface OverdueChange extends Change {
  kind: DeadlineKind;
  dueAt: string;
  level: number;
}

/** Marks a request overdue one level further, if its next escalation is due by `now`; else undefined. */
export function planOverdue(request: Request, now: string): OverdueChange | undefined {
  const deadline = nextDeadline(request);
  if (!deadline || deadline.at > now) return undefined;
  const level = deadline.level + 1;
  const next: Request = {
    ...request,
    version: request.version + 1,
    updatedAt: now,
    ...(deadline.kind === 'accept' ? { acceptOverdueLevel: level } : { resolveOverdueLevel: level }),
  };
  next.overdue = isOverdue(next);
  const what = deadline.kind === 'accept' ? '受理' : '办结';
  const entry: TimelineEntry = {
    version: next.version,
    at: now,
    actorId: 'system',
    actorRole: 'system',
    action: 'overdue',
    from: request.status,
    to: request.status,
    note: `超过${what}时限（${deadline.dueAt}），已上报${level === 1 ? '社区' : '街道'}`,
  };
  return { ...withEntry(request, next, entry), kind: deadline.kind, dueAt: deadline.dueAt, level };
}

/**
 * Closes a resolved request the resident neither confirmed nor reopened by its `confirmDueAt`, if
 * that has passed by `now`; else undefined (confirmed, reopened, resolved again with a fresh window,
 * or not due yet). Closed by the system, unrated and marked `closedAutomatically`: the monthly
 * figures count it closed but not rated. Until the schedule gets to it, a late answer from the
 * resident still counts; the conditional write lets exactly one of the two through.
 */
export function planAutoClose(request: Request, now: string): Change | undefined {
  if (request.status !== 'resolved' || !request.confirmDueAt || request.confirmDueAt > now) return undefined;
  const next: Request = {
    ...request,
    status: 'closed',
    closedAt: now,
    closedAutomatically: true,
    version: request.version + 1,
    updatedAt: now,
  };
  next.overdue = isOverdue(next);
  const entry: TimelineEntry = {
    version: next.version,
    at: now,
    actorId: 'system',
    actorRole: 'system',
    action: 'auto-close',
    from: request.status,
    to: next.status,
    note: `居民未在确认期限（${request.confirmDueAt}）前确认或要求重新处理，系统自动关闭，不计评价`,
  };
  return withEntry(request, next, entry);
}

/**
 * Where an escalation of `level` goes, nearest first: the community's admins (level 1) or the
 * subdistrict's (level 2); if that unit has none, the next unit up, and city-wide admins last.
 */
export function escalationUnitsOf(request: Pick<Request, 'communityId' | 'subdistrictId' | 'districtId'>, level: number): string[] {
  const chain = [request.subdistrictId, request.districtId, CITY_SCOPE];
  return level <= 1 ? [request.communityId, ...chain] : chain;
}

// ── Monthly figures ──────────────────────────────────────────────────────────────────────────────

/** What the monthly figures read of a request. */
export type ReportRow = Pick<
  Request,
  'categoryId' | 'categoryName' | 'status' | 'createdAt' | 'acceptDueAt' | 'acceptedAt' | 'resolveDueAt' | 'resolvedAt' | 'rating' | 'reopenCount'
>;

const rate = (count: number, of: number): Rate => ({ count, of, rate: of === 0 ? null : Math.round((count / of) * 10_000) / 10_000 });

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The figures of a set of requests, computed from the requests themselves (no counters to drift):
 * - accepted on time: accepted by the accept deadline, among those accepted or still waiting past it;
 * - resolved on time: resolved (and not reopened since) by the resolve deadline, among those
 *   resolved or still open past it; rejected and duplicate requests count for neither;
 * - reopened: reopened at least once, among those ever resolved;
 * - satisfied: rated 4 or 5, among those rated (closed automatically means unrated: not counted);
 * - median hours from submission to the latest resolution, among resolved and closed.
 */
export function figuresOf(rows: readonly ReportRow[], now: string): Figures {
  const byStatus: Record<string, number> = {};
  let acceptedOnTime = 0;
  let acceptDecided = 0;
  let resolvedOnTime = 0;
  let resolveDecided = 0;
  let everResolved = 0;
  let reopened = 0;
  let rated = 0;
  let satisfied = 0;
  let ratingSum = 0;
  const hoursToResolve: number[] = [];
  for (const row of rows) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    const dismissed = row.status === 'rejected' || row.status === 'duplicate';
    if (row.acceptedAt) {
      acceptDecided += 1;
      if (row.acceptedAt <= row.acceptDueAt) acceptedOnTime += 1;
    } else if (!dismissed && now > row.acceptDueAt) {
      acceptDecided += 1;
    }
    const done = row.status === 'resolved' || row.status === 'closed';
    if (done && row.resolvedAt) {
      resolveDecided += 1;
      if (row.resolveDueAt && row.resolvedAt <= row.resolveDueAt) resolvedOnTime += 1;
      hoursToResolve.push((Date.parse(row.resolvedAt) - Date.parse(row.createdAt)) / 3_600_000);
    } else if (!dismissed && row.resolveDueAt && now > row.resolveDueAt) {
      resolveDecided += 1;
    }
    if (row.resolvedAt) {
      everResolved += 1;
      if (row.reopenCount > 0) reopened += 1;
    }
    if (typeof row.rating === 'number') {
      rated += 1;
      ratingSum += row.rating;
      if (row.rating >= 4) satisfied += 1;
    }
  }
  const middle = median(hoursToResolve);
  return {
    total: rows.length,
    byStatus,
    acceptedOnTime: rate(acceptedOnTime, acceptDecided),
    resolvedOnTime: rate(resolvedOnTime, resolveDecided),
    reopened: rate(reopened, everResolved),
    satisfied: rate(satisfied, rated),
    averageRating: rated === 0 ? null : Math.round((ratingSum / rated) * 100) / 100,
    medianHoursToResolve: middle === null ? null : Math.round(middle * 100) / 100,
  };
}

/** Figures overall and per category (categories in order of volume, then id). */
export function monthlyFigures(rows: readonly ReportRow[], now: string) {
  const byCategory = new Map<string, ReportRow[]>();
  for (const row of rows) {
    const list = byCategory.get(row.categoryId);
    if (list) list.push(row);
    else byCategory.set(row.categoryId, [row]);
  }
  return {
    overall: figuresOf(rows, now),
    byCategory: [...byCategory.entries()]
      .map(([categoryId, list]) => ({ categoryId, categoryName: list[0]!.categoryName, figures: figuresOf(list, now) }))
      .sort((a, b) => b.figures.total - a.figures.total || a.categoryId.localeCompare(b.categoryId)),
  };
}
