import { type DeliveryPorts, dispatchDeliveries } from '../../../shared/departments/delivery-dispatch';
import type { AttemptOutcome } from '../../../shared/departments/delivery-policy';
import type { DepartmentEndpoint } from '../../../shared/departments/endpoints';
import type { EventMeta } from '../../../shared/events/define';
import { newId } from '../../../shared/ids';
import type { Department } from '../../../shared/requests/model';
import { createRequest } from '../../../shared/requests/repository/request';
import { aRequest } from '../requests/fixtures';

/** What the tests of deliveries to departments share: a department's system as the dispatcher sees it, and an escalated case. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const SECRET = 'test-signing-secret';

/**
 * A department's system as the dispatcher sees it: its endpoint (its own id, so tests do not share a
 * rate window), its secret, and a POST that records what arrived and answers as scripted.
 */
export function fakeDepartment(options: { ratePerMinute?: number; answer?: (at: Date) => AttemptOutcome } = {}) {
  const departmentId = `dept-${newId()}`;
  const received: { body: string; headers: Record<string, string>; at: Date }[] = [];
  let clock = new Date();
  const endpoint: DepartmentEndpoint = {
    departmentId,
    name: '测试部门',
    url: 'http://department.invalid/cases',
    categories: [],
    events: ['escalated', 'withdrawn', 'updated'],
    ratePerMinute: options.ratePerMinute ?? 60,
    status: 'active',
    updatedAt: new Date().toISOString(),
  };
  const ports: DeliveryPorts = {
    endpointOf: async (id) => (id === departmentId ? endpoint : undefined),
    secretOf: async () => SECRET,
    post: async (_url, request) => {
      const answer = options.answer?.(clock) ?? { ok: true };
      if (answer.ok) received.push({ ...request, at: clock });
      return answer;
    },
  };
  /** Runs the dispatcher at `at`, as the schedule would. */
  const dispatchAt = (at: Date) => {
    clock = at;
    return dispatchDeliveries({ now: at, ports });
  };
  return { departmentId, endpoint, ports, received, dispatchAt };
}

export const metaAt = (at: Date): EventMeta => ({ id: newId(), version: 1, occurredAt: at.toISOString() });

/** A request in the table, escalated to `departmentId`, and its escalation as the event says it. */
export async function escalatedCase(departmentId: string, now: Date) {
  // The department is one of our six in production; a test's own id keeps its rate window and deliveries apart.
  const request = { ...aRequest({ now }), status: 'escalated' as const, escalatedAt: now.toISOString(), department: departmentId as Department };
  await createRequest(request, []);
  const change = { action: 'escalate', from: 'in_progress', to: 'escalated', department: departmentId, note: '请城管到场处置' };
  return { request, change };
}
