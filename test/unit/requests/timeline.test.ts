import { describe, expect, it } from 'vitest';
import { planCategory } from '../../../shared/requests/categories/rules';
import { planTransition } from '../../../shared/requests/lifecycle';
import type { Request } from '../../../shared/requests/model';
import { planSubmission } from '../../../shared/requests/submission';
import { MAX_TIMELINE, MAX_TIMELINE_BYTES, stepBytes } from '../../../shared/requests/timeline';
import { buildUpdate } from '../../../shared/table/update';
import { NOW, cityAdmin, resident, worker } from './fixtures';

const category = planCategory(cityAdmin, 'repair', { name: '维修', acceptWithinHours: 4, resolveWithinHours: 72, attributes: [] }, NOW);
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

describe('updates', () => {
  it('appends to a list in the same SET as the other changes, starting an absent list', () => {
    const update = buildUpdate('t', { key: { pk: 'p', sk: 's' }, set: { status: 'accepted' }, append: { timeline: [{ step: 1 }] } });
    expect(update.UpdateExpression).toBe('SET #u0 = :u0, #u1 = list_append(if_not_exists(#u1, :u1e), :u1)');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':u1': [{ step: 1 }], ':u1e': [] });
  });
});
