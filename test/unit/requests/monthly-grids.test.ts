import { describe, expect, it } from 'vitest';
import { gridTableCsv } from '../../../shared/requests/monthly-grids';
import type { GridTable } from '../../../shared/requests/report-model';

describe('the grid table as CSV', () => {
  it('writes UTF-8 with a byte-order mark, CRLF lines, a total row, quoted fields and no formulas', () => {
    // Prepare
    const table: GridTable = {
      scope: { id: 'lushan', kind: 'community', name: '庐山社区' },
      month: '2026-08',
      timeZone: 'Asia/Shanghai',
      categories: [
        { id: 'property', name: '物业服务' },
        { id: 'sanitation', name: '环境卫生' },
      ],
      rows: [
        { gridId: 'lushan-g1', gridName: '第1网格, 北', communityId: 'lushan', communityName: '庐山社区', counts: [2, 0], total: 2 },
        { gridId: 'lushan-g2', gridName: '=HYPERLINK("x")', communityId: 'lushan', communityName: '庐山社区', counts: [1, 3], total: 4 },
      ],
      totals: [3, 3],
      total: 6,
      generatedAt: '2026-09-01T00:00:00.000Z',
    };

    // Act
    const csv = gridTableCsv(table);

    // Assess
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '网格编号,网格,社区编号,社区,物业服务,环境卫生,合计',
      'lushan-g1,"第1网格, 北",lushan,庐山社区,2,0,2',
      `lushan-g2,"'=HYPERLINK(""x"")",lushan,庐山社区,1,3,4`,
      '合计,,,,3,3,6',
      '',
    ]);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
