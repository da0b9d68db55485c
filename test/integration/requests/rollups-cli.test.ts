import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../infra/local/seeds/demo';
import { EXIT, runRollupsCli } from '../../../scripts/rollups';
import { openTarget } from '../../../scripts/city/target';
import { defaultCategories } from '../../../shared/requests/categories/catalogue';
import { planCategory } from '../../../shared/requests/categories/rules';
import { hoursAfter } from '../../../shared/requests/deadlines';
import { planTransition } from '../../../shared/requests/lifecycle';
import { createRequest } from '../../../shared/requests/repository/request';
import { planSubmission } from '../../../shared/requests/submission';
import { monthBounds } from '../../../shared/time/local';
import { cityAdmin, resident } from './fixtures';

/**
 * `npm run rollups -- rebuild` as an operator runs it, on a data folder of its own (the command
 * starts the embedded engine on it, as `npm start` would).
 */

const scratch = mkdtempSync(join(tmpdir(), 'rollups-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function rollups(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runRollupsCli(argv, { out: { write: (text: string) => (out += text) }, err: { write: (text: string) => (err += text) } });
  return { code, out, err };
}

async function inTable<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const target = await openTarget({ dataDir });
  try {
    return await work();
  } finally {
    await target.close();
  }
}

describe('npm run rollups -- rebuild', () => {
  it('finds the requests written without events, writes their rollups with --fix, and then finds nothing', async () => {
    // Prepare: the demo city and three June requests in lushan written straight into the table.
    const dataDir = join(scratch, 'data');
    const month = '2026-06';
    const at = hoursAfter(monthBounds(month).from, 48);
    await inTable(dataDir, async () => {
      await seedDemoData();
      const category = planCategory(cityAdmin, 'sanitation', { ...defaultCategories[1]!, attributes: [] }, at);
      for (const [index, gridId] of ['lushan-g1', 'lushan-g1', 'lushan-g2'].entries()) {
        let request = planSubmission({
          id: `cli-${index}`,
          identity: resident,
          input: { categoryId: 'sanitation', description: '垃圾没人清', photos: [], attributes: {} },
          category,
          grid: { id: gridId, ancestors: ['jianye', 'nanyuan', 'lushan'] },
          routedBy: 'location',
          assigneeId: null,
          now: at,
        });
        if (index === 0) request = planTransition(request, { action: 'accept' }, cityAdmin, hoursAfter(at, 1)).request;
        await createRequest(request, []);
      }
    });

    // Act
    const found = await rollups('rebuild', '--month', month, '--data-dir', dataDir);
    const fixed = await rollups('rebuild', '--month', month, '--scope', 'jianye', '--fix', '--data-dir', dataDir);
    const again = await rollups('rebuild', '--month', month, '--data-dir', dataDir);

    // Assess
    expect(found.code).toBe(EXIT.failed);
    expect(found.out).toContain('3 requests; 2 grid, 1 community, 1 subdistrict, 1 district.');
    expect(found.out).toContain('grid lushan-g1: request cli-0: maintained (none), recomputed sanitation,accepted,1,,,,');
    expect(found.out).toMatch(/district jianye: subdistrict nanyuan, sanitation: total 0 → 3/);
    expect(found.out).not.toMatch(/^city /m);
    expect(fixed.code).toBe(EXIT.ok);
    expect(fixed.out).toContain('Fixed: 5 items written.');
    expect(again).toMatchObject({ code: EXIT.ok, out: expect.stringContaining('No difference') });
  });

  it('says what is wrong with a command line (exit 2) or a scope (exit 1)', async () => {
    // Act
    const noMonth = await rollups('rebuild');
    const badMonth = await rollups('rebuild', '--month', '2026-13');
    const unknown = await rollups('rebuild', '--month', '2026-06', '--bogus');
    const noScope = await rollups('rebuild', '--month', '2026-06', '--scope', 'nowhere', '--data-dir', join(scratch, 'empty'));

    // Assess
    expect([noMonth.code, badMonth.code, unknown.code]).toEqual([EXIT.usage, EXIT.usage, EXIT.usage]);
    expect(noMonth.err).toContain('--month is a month like 2026-08');
    expect(noScope).toMatchObject({ code: EXIT.failed, err: 'nowhere is no grid, community, subdistrict or district (nor city)\n' });
  });
});
