import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../infra/local/seeds/demo';
import { EXIT, runCli } from '../../../scripts/city/cli';
import { writeCityFolder } from '../../../scripts/city/formats/folder';
import { generateCity } from '../../../scripts/city/generate';
import type { CityData } from '../../../scripts/city/model';
import { openTarget } from '../../../scripts/city/target';
import { listAllChildUnits } from '../../../shared/organisation/repository';
import { adminsOf } from '../../../shared/requests/escalation-targets';
import { getUser } from '../../../shared/users/repository';
import { staffUserOfPhone } from '../../../shared/users/staff';
import { encodeGbk } from '../../support/gbk';

/**
 * `npm run city` as an operator runs it: folders on disk, a data folder of its own for each test
 * (the command starts the embedded engine on it, as it would on `npm start`'s), exit codes and output.
 */

const scratch = mkdtempSync(join(tmpdir(), 'city-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let folders = 0;
const folder = (name: string) => join(scratch, `${name}-${(folders += 1)}`);

/** Runs the command line; what it printed on stdout and stderr. */
async function cityCommand(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: { write: (text: string) => (out += text) }, err: { write: (text: string) => (err += text) } });
  return { code, out, err };
}

/** Work on a data folder's table, as the command would see it. */
async function inTable<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const target = await openTarget({ dataDir });
  try {
    return await work();
  } finally {
    await target.close();
  }
}

const demoCity = (): CityData => structuredClone(generateCity({ scale: 'demo' }));

/** The 1-based line of a file that contains `text` (the first one). */
const lineOf = (file: string, text: string) => readFileSync(file, 'utf8').split(/\r?\n/).findIndex((line) => line.includes(text)) + 1;

describe('npm run city', () => {
  it('reports broken files by file and line, writes nothing, and exits 1', async () => {
    // Prepare: a grid outside its community, a phone given twice, and a GBK staff file with a bad row.
    const city = demoCity();
    const grid = city.units.find((unit) => unit.kind === 'grid')!;
    grid.boundary = { type: 'Polygon', coordinates: grid.boundary!.coordinates.map((ring) => ring.map(([lng, lat]) => [lng! + 0.05, lat!])) };
    const [first, second] = city.staff.filter((person) => person.role === 'volunteer');
    second!.phone = first!.phone;
    const files = folder('broken');
    await writeCityFolder(files, city);
    const staffFile = join(files, 'staff.csv');
    const text = readFileSync(staffFile, 'utf8').replace(/^\ufeff/, '');
    const rows = text.split('\r\n');
    const badLine = 3;
    const cells = rows[badLine - 1]!.split(',');
    cells[2] = '网格长';
    rows[badLine - 1] = cells.join(',');
    writeFileSync(staffFile, encodeGbk(rows.join('\r\n')));
    const dataDir = folder('data');
    // Act
    const result = await cityCommand('import', files, '--encoding', 'gbk', '--data-dir', dataDir, '--quiet');
    // Assess
    expect(result.code).toBe(EXIT.failed);
    expect(result.out).toContain(`units.geojson:${lineOf(join(files, 'units.geojson'), `"id":"${grid.id}"`)}:`);
    expect(result.out).toMatch(new RegExp(`staff\\.csv:${badLine}(:\\d+)?: .*网格长`));
    const duplicateLine = rows.findLastIndex((row) => row.includes(first!.phone)) + 1;
    expect(result.out).toMatch(new RegExp(`staff\\.csv:${duplicateLine}(:\\d+)?: `));
    expect(result.out).toContain('Nothing was written');
    expect(await inTable(dataDir, () => listAllChildUnits(null))).toEqual([]);
  });

  it('imports a folder, exports the same files back, and an import of the export changes nothing', async () => {
    // Prepare
    const files = folder('generated');
    const dataDir = folder('data');
    expect((await cityCommand('generate', '--scale', 'demo', '--out', files)).code).toBe(EXIT.ok);
    const imported = await cityCommand('import', files, '--data-dir', dataDir, '--quiet');
    const exported = folder('exported');
    // Act
    const exportRun = await cityCommand('export', exported, '--data-dir', dataDir, '--quiet');
    const again = await cityCommand('import', exported, '--data-dir', dataDir, '--quiet');
    // Assess
    expect(imported.code).toBe(EXIT.ok);
    expect(imported.out).toMatch(/^\s+units\s+41\s+0\s+0\s+0$/m);
    expect(exportRun.code).toBe(EXIT.ok);
    expect(readdirSync(exported).sort()).toEqual(readdirSync(files).sort());
    for (const name of readdirSync(files)) expect(readFileSync(join(exported, name)), name).toEqual(readFileSync(join(files, name)));
    expect(again.code).toBe(EXIT.ok);
    for (const entity of ['units', 'staff', 'stations', 'donors', 'facilities', 'categories']) {
      expect(again.out).toMatch(new RegExp(`^\\s+${entity}\\s+0\\s+0\\s+[1-9]\\d*\\s+0$`, 'm'));
    }
    expect(again.out).toContain('No changes');
    expect(imported.out).not.toContain('No changes');
  });

  it('grants the first admin once, and says the phone is not bound yet', async () => {
    // Prepare
    const files = folder('generated');
    const dataDir = folder('data');
    await cityCommand('generate', '--scale', 'demo', '--out', files);
    await cityCommand('import', files, '--data-dir', dataDir, '--quiet');
    const phone = '13912345678';
    // Act
    const first = await cityCommand('grant-admin', '--phone', phone, '--unit', 'city', '--name', '王主任', '--data-dir', dataDir);
    const second = await cityCommand('grant-admin', '--phone', phone, '--unit', 'city', '--data-dir', dataDir);
    const unknown = await cityCommand('grant-admin', '--phone', phone, '--unit', 'no-such-unit', '--data-dir', dataDir);
    // Assess
    expect(first.code).toBe(EXIT.ok);
    expect(first.out).toContain('created a staff account');
    expect(first.out).toContain('Not yet bound');
    expect(second.code).toBe(EXIT.ok);
    expect(second.out).toContain('already so');
    expect(unknown.code).toBe(EXIT.failed);
    expect(unknown.err).toContain('no unit no-such-unit');
    await inTable(dataDir, async () => {
      const userId = (await staffUserOfPhone(phone))!;
      expect(await getUser(userId)).toMatchObject({ displayName: '王主任', role: 'admin', units: ['city'] });
      expect(await adminsOf('city')).toContain(userId);
    });
  });

  it('refuses a data folder another process has open, and exits 1', async () => {
    // Prepare: the engine runs on the folder, as under npm start.
    const dataDir = folder('data');
    const files = folder('generated');
    await cityCommand('generate', '--scale', 'demo', '--out', files);
    const holder = await openTarget({ dataDir });
    try {
      // Act
      const result = await cityCommand('import', files, '--data-dir', dataDir, '--quiet');
      // Assess
      expect(result.code).toBe(EXIT.failed);
      expect(result.err).toContain(`the data folder ${dataDir} is in use`);
    } finally {
      await holder.close();
    }
  });

  it('refuses a data folder npm start seeded with the demo data, whose grids would overlap the city', async () => {
    // Prepare
    const dataDir = folder('data');
    const files = folder('generated');
    await cityCommand('generate', '--scale', 'demo', '--out', files);
    await inTable(dataDir, () => seedDemoData());
    // Act
    const result = await cityCommand('import', files, '--data-dir', dataDir, '--quiet');
    // Assess
    expect(result.code).toBe(EXIT.failed);
    expect(result.out).toContain('demo data');
    expect(result.out).toContain(`Nothing was written to ${dataDir}`);
    expect((await inTable(dataDir, () => listAllChildUnits(null))).map((unit) => unit.id)).toEqual(['jianye']);
  });

  it('answers a wrong command line with its help and exit code 2', async () => {
    // Prepare
    const lines = [['frobnicate'], ['import'], ['import', 'a', 'b'], ['validate', 'x', '--phone', '1'], ['import', 'x', '--table', 't'], ['generate', '--scale', 'huge', '--out', 'x']];
    // Act
    const results = await Promise.all(lines.map((line) => cityCommand(...line)));
    // Assess
    for (const result of results) {
      expect(result.code).toBe(EXIT.usage);
      expect(result.err).toContain('npm run city -- <command>');
    }
  });
});
