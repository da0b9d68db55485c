import { describe, expect, it } from 'vitest';
import { calendarFeedText, issueCalendarFeed, revokeCalendarFeed } from '../../../shared/shifts/calendar-feed';
import { feedTokenHash } from '../../../shared/shifts/domain/calendar';
import { findCalendarFeedOwner, getCalendarFeed, putCalendarFeedLookup } from '../../../shared/shifts/repository/calendar-feeds';
import { useEngine } from '../../support/engine';

/** Calendar feed tokens on the embedded engine: the person's item decides, lookups follow it. */

useEngine();

const NOW = new Date('2027-03-01T02:00:00.000Z');

describe('a calendar feed’s token', () => {
  it('is kept only as its hash, in the person’s item and in the lookup that names them', async () => {
    // Act
    const token = await issueCalendarFeed('feed-keeper', NOW);
    // Assess
    expect(await getCalendarFeed('feed-keeper')).toEqual({ userId: 'feed-keeper', tokenHash: feedTokenHash(token), createdAt: NOW.toISOString() });
    expect(await findCalendarFeedOwner(feedTokenHash(token))).toBe('feed-keeper');
    expect(await findCalendarFeedOwner(token)).toBeUndefined();
  });

  it('of an earlier issue loses its lookup when a new one is issued, and the new one its own when revoked', async () => {
    // Prepare
    const first = await issueCalendarFeed('feed-rotator', NOW);
    // Act
    const second = await issueCalendarFeed('feed-rotator', NOW);
    const afterRotation = await Promise.all([findCalendarFeedOwner(feedTokenHash(first)), findCalendarFeedOwner(feedTokenHash(second))]);
    await revokeCalendarFeed('feed-rotator');
    // Assess
    expect(afterRotation).toEqual([undefined, 'feed-rotator']);
    expect(await findCalendarFeedOwner(feedTokenHash(second))).toBeUndefined();
    expect(await getCalendarFeed('feed-rotator')).toBeUndefined();
  });

  it('left in a lookup by an issue that died before the person’s item was written answers 404, and the lookup is removed', async () => {
    // Prepare: the person's live token, and a lookup of another token their item never named.
    const live = await issueCalendarFeed('feed-crashed', NOW);
    const orphan = 'o'.repeat(43);
    await putCalendarFeedLookup({ userId: 'feed-crashed', tokenHash: feedTokenHash(orphan), createdAt: NOW.toISOString() });
    // Act
    const refused = await calendarFeedText(orphan, NOW).catch((error: { status?: number }) => error.status);
    const served = await calendarFeedText(`${live}.ics`, NOW);
    // Assess
    expect(refused).toBe(404);
    expect(await findCalendarFeedOwner(feedTokenHash(orphan))).toBeUndefined();
    expect(served).toMatch(/^BEGIN:VCALENDAR/);
  });
});
