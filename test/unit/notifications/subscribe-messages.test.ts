import { describe, expect, it } from 'vitest';
import { chinaTime, parseTemplates, subscribeMessageData } from '../../../shared/notifications/subscribe-messages';

describe('subscribe-message templates', () => {
  it('reads kind → template configuration in both forms, and refuses junk', () => {
    // Act
    const templates = parseTemplates('{"a.b":"tmpl-1","c.d":{"id":"tmpl-2","fields":{"thing4":"title","time2":"time","x":"nope"}}}');
    // Assess
    expect(templates['a.b']).toEqual({ id: 'tmpl-1', fields: { thing1: 'title', thing2: 'body', time3: 'time' } });
    expect(templates['c.d']).toEqual({ id: 'tmpl-2', fields: { thing4: 'title', time2: 'time' } });
    expect(parseTemplates(undefined)).toEqual({});
    expect(() => parseTemplates('{"a":42}')).toThrow(/template id/);
    expect(() => parseTemplates('not json')).toThrow(/not JSON/);
  });

  it("fills a template's fields from a notice, within WeChat's length limits, in China time", () => {
    // Act
    const data = subscribeMessageData(
      { id: 't', fields: { thing1: 'title', thing2: 'body', time3: 'time', phrase4: 'title' } },
      { title: '你的诉求已受理', body: '网格员李网格员已受理你反映的楼道杂物问题，预计两天内处理完毕。', occurredAt: '2026-08-01T06:05:00.000Z' },
    );
    // Assess
    expect(data.thing1).toEqual({ value: '你的诉求已受理' });
    expect([...data.thing2!.value]).toHaveLength(20);
    expect(data.time3).toEqual({ value: '2026年8月1日 14:05' });
    expect([...data.phrase4!.value]).toHaveLength(5);
    expect(chinaTime(new Date('2026-12-31T16:30:00.000Z'))).toBe('2027年1月1日 00:30');
  });
});
