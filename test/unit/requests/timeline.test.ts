import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import {
  MAX_TIMELINE,
  MAX_TIMELINE_BYTES,
  planCategory,
  planSubmission,
  planTransition,
  stepBytes,
} from '../../../shared/requests/domain';
import type { Request } from '../../../shared/requests/model';

const NOW = '2026-08-10T02:00:00.000Z';
const resident: Identity = { userId: 'resident-a', role: 'resident', units: [] };
const worker: Identity = { userId: 'worker-a', role: 'grid_worker', units: ['grid-a'] };
const category = planCategory({ userId: 'admin', role: 'admin', units: ['city'] }, 'repair', { name: '维修', acceptWithinHours: 4, resolveWithinHours: 72, attributes: [] }, NOW);
const submitted = (): Request =>
  planSubmission({
    id: 'req-long',
    identity: resident,
    input: { categoryId: 'repair', description: '路灯坏了', address: '庐山路', photos: [], attributes: {} },
    category,
    grid: { id: 'grid-a', ancestors: ['district-a', 'subdistrict-a', 'community-a'] },
    routedBy: 'location',
    assigneeId: 'worker-a',
    now: NOW,
  });
const bytesOf = (request: Request) => request.timeline.reduce((sum, step) => sum + stepBytes(step), 0);
/** The longest note each move allows, in Chinese (three bytes a character). */
const longNote = (max: number) => '没'.repeat(max);

describe('a request timeline of long notes', () => {
  it('stays within its byte budget through any number of resolve/reopen rounds, keeping the first step and the latest', () => {
    // Prepare
    let request = planTransition(submitted(), { action: 'accept' }, worker, NOW).request;
    let steps = request.timeline.length;
    let largest = 0;
    // Act: the worker resolves and the resident reopens, 150 times, with notes as long as allowed.
    for (let round = 0; round < 150; round += 1) {
      request = planTransition(request, { action: 'resolve', note: longNote(500) }, worker, NOW).request;
      request = planTransition(request, { action: 'reopen', note: longNote(500) }, resident, NOW).request;
      steps += 2;
      largest = Math.max(largest, bytesOf(request));
    }
    // Assess
    expect(largest).toBeLessThanOrEqual(MAX_TIMELINE_BYTES);
    expect(request.timeline.length).toBeLessThan(MAX_TIMELINE);
    expect(request.timeline[0]!.action).toBe('submit');
    expect(request.timeline.at(-1)).toMatchObject({ action: 'reopen', version: request.version });
    expect(request.timeline.length + request.timelineDropped!).toBe(steps);
  });

  it('keeps every step of a timeline of short notes until the step cap', () => {
    // Prepare
    let request = planTransition(submitted(), { action: 'accept' }, worker, NOW).request;
    // Act
    while (request.timeline.length < MAX_TIMELINE) {
      request = planTransition(request, { action: 'escalate', department: 'police' }, worker, NOW).request;
      request = planTransition(request, { action: 'return', result: '已处理' }, worker, NOW).request;
    }
    // Assess
    expect(request.timeline).toHaveLength(MAX_TIMELINE);
    expect(request.timelineDropped).toBeUndefined();
    expect(bytesOf(request)).toBeLessThan(MAX_TIMELINE_BYTES);
  });
});
