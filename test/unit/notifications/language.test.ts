import { describe, expect, it } from 'vitest';
import { subscribeMessageData, truncateChars } from '../../../shared/notifications/subscribe-messages';

describe('subscribe messages in English', () => {
  it('cuts an English text between words, not in one, and leaves no bracket or colon before the mark', () => {
    // Act
    const cuts = [
      truncateChars('Request submitted (Public facility repair)', 20),
      truncateChars('Request resolved: please confirm (Public facility repair)', 20),
      truncateChars('A grid worker will take it up soon', 20),
      truncateChars('Supercalifragilisticexpialidocious', 20),
    ];
    // Assess
    expect(cuts).toEqual(['Request submitted…', 'Request resolved…', 'A grid worker will…', 'Supercalifragilisti…']);
  });

  it('still cuts Chinese at the limit, character by character', () => {
    // Act
    const data = subscribeMessageData(
      { id: 't', fields: { thing1: 'body' } },
      { title: '', body: '网格员李网格员已受理你反映的楼道杂物问题，预计两天内处理完毕。', occurredAt: '2026-08-01T06:05:00.000Z' },
    );
    // Assess
    expect(data.thing1!.value).toBe('网格员李网格员已受理你反映的楼道杂物问…');
  });
});
