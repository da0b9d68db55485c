import { describe, expect, it } from 'vitest';
import { keyHintOf, notificationIdOf, pushJobIdOf } from '../../../shared/notifications/ids';

describe('ids', () => {
  it('derives the same inbox and job ids from the same event, and other ids for other kinds and targets', () => {
    // Prepare
    const at = '2026-08-01T06:00:00.000Z';
    // Act
    const inbox = [notificationIdOf(at, 'e1', 'a'), notificationIdOf(at, 'e1', 'a'), notificationIdOf(at, 'e1', 'b')];
    const jobs = [pushJobIdOf(at, 'e1', 'a', 'wecom', 'g1'), pushJobIdOf(at, 'e1', 'a', 'wecom', 'g1'), pushJobIdOf(at, 'e1', 'a', 'wecom', 'g2')];
    // Assess
    expect(inbox[0]).toBe(inbox[1]);
    expect(inbox[0]).not.toBe(inbox[2]);
    expect(jobs[0]).toBe(jobs[1]);
    expect(jobs[0]).not.toBe(jobs[2]);
    expect(inbox[0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('makes inbox ids that sort by the time of the event', () => {
    // Act
    const earlier = notificationIdOf('2026-08-01T06:00:00.000Z', 'zzz', 'k');
    const later = notificationIdOf('2026-08-01T06:00:00.001Z', 'aaa', 'k');
    // Assess
    expect(earlier < later).toBe(true);
  });

  it('shows only the ends of a webhook key', () => {
    // Act
    const hint = keyHintOf('693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa');
    // Assess
    expect(hint).toBe('693a…5aaa');
  });
});
