/** Where the runbook lives in the repository, as the on-call engineer opens it from an alarm's text. */
export const RUNBOOK_PATH = 'docs/runbook.md';

/**
 * The runbook's sections, one per kind of alarm: each alarm's description ends with a link to its
 * section, so the notification the on-call engineer receives says where to start. The anchors are
 * the sections' headings as GitHub spells them (test/infra/observability.test.ts checks that every
 * alarm in the templates links to a heading that exists).
 */
export const runbookSections = {
  apiUnhealthy: 'ApiUnhealthy',
  apiErrorRate: 'ApiErrorRate',
  apiLatency: 'ApiLatency',
  routeLatency: 'RouteLatency',
  functionErrors: 'FunctionErrors',
  functionThrottles: 'FunctionThrottles',
  tableThrottled: 'TableThrottled',
  outboxBacklog: 'OutboxBacklog',
  pushFailureRate: 'PushFailureRate',
  departmentDeliveriesDead: 'DepartmentDeliveriesDead',
  noSignIns: 'NoSignIns',
  noSubmissions: 'NoSubmissions',
  noReservations: 'NoReservations',
  deadLetters: 'DeadLetters',
} as const;

export type RunbookSection = keyof typeof runbookSections;

/**
 * The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as hyphens.
 * The runbook's headings are the sections' names, so their anchors are the names in lower case.
 */
export const headingAnchor = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** `what` followed by the link to the runbook section that says what to do about it. */
export const withRunbook = (what: string, section: RunbookSection): string =>
  `${what} Runbook: ${RUNBOOK_PATH}#${headingAnchor(runbookSections[section])}`;
