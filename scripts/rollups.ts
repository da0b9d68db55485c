/**
 * `npm run rollups -- rebuild --month YYYY-MM [--scope ID] [--fix] [target]`: recomputes a month's
 * monthly-report rollups from the requests themselves and reports every difference from the ones
 * the `request-rollups` consumer maintained (shared/requests/rollup-rebuild.ts); `--fix` writes the
 * recomputed ones where they differ.
 *
 * Target: the local data folder `npm start` uses (`--data-dir`, else DATA_DIR, else .data), or a
 * deployed table (`--table NAME --region R`, with the default AWS credentials): scripts/city/target.ts.
 *
 * Exit codes: 0 no difference (or every one fixed); 1 differences found, something changed while it
 * ran, or the work failed; 2 the command line was wrong.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { RebuildScopeError, rebuildRollups } from '../shared/requests/rollup-rebuild';
import { TargetError, type TargetOptions, openTarget } from './city/target';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface RollupsIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
}

export const HELP = `npm run rollups -- rebuild --month YYYY-MM [--scope ID] [--fix] [target]

  Recomputes the month's rollups (the monthly report's figures) from the requests submitted that
  month and prints every difference from the rollups kept by the request-rollups consumer.
  --month YYYY-MM   the Beijing month
  --scope ID        a grid, community, subdistrict or district id, or city (default: city)
  --fix             write the recomputed rollups where they differ (each only if unchanged since
                    read; run again if something changed meanwhile)
  --differences N   print at most N differences (default 200)

Target:
  --data-dir DIR            the local data folder npm start uses (default: DATA_DIR, else .data);
                            refused while npm start runs on it
  --table NAME --region R   a deployed table, with your AWS credentials (the default chain)

Exit codes: 0 no difference (or all fixed), 1 differences or failure, 2 usage.
`;

class UsageError extends Error {}

const options = {
  month: { type: 'string' },
  scope: { type: 'string' },
  fix: { type: 'boolean' },
  differences: { type: 'string' },
  'data-dir': { type: 'string' },
  table: { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const count = (value: number) => value.toLocaleString('en-US');

/** Runs a command line (without `node` and the script); returns the exit code. */
export async function runRollupsCli(argv: readonly string[], io: RollupsIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    if (values.help) {
      io.out.write(HELP);
      return EXIT.ok;
    }
    if (positionals.length !== 1 || positionals[0] !== 'rebuild') throw new UsageError(positionals.length ? `unknown command ${positionals.join(' ')}` : 'name a command: rebuild');
    if (!values.month || !/^20\d\d-(0[1-9]|1[0-2])$/.test(values.month)) throw new UsageError('--month is a month like 2026-08');
    const shown = values.differences === undefined ? 200 : Number(values.differences);
    if (!Number.isInteger(shown) || shown < 0) throw new UsageError('--differences is a whole number');
    const target = await openTarget(targetOf(values));
    try {
      const report = await rebuildRollups({ month: values.month, ...(values.scope ? { scopeId: values.scope } : {}), fix: values.fix === true });
      const units = (Object.entries(report.units) as [string, number][]).filter(([, n]) => n > 0).map(([kind, n]) => `${count(n)} ${kind}`);
      io.out.write(
        `Rollups of ${report.month} in ${report.scope.kind} ${report.scope.id} (${report.scope.name}), ${target.description}: ` +
          `${count(report.requests)} requests; ${units.join(', ') || 'no units'}.\n`,
      );
      if (report.differences.length === 0) {
        io.out.write('No difference: the maintained rollups are the recomputed ones.\n');
        return EXIT.ok;
      }
      for (const line of report.differences.slice(0, shown)) io.out.write(`${line}\n`);
      const more = report.differences.length - shown;
      if (more > 0) io.out.write(`…and ${count(more)} more.\n`);
      io.out.write(`${count(report.differences.length)} difference${report.differences.length === 1 ? '' : 's'}.\n`);
      if (!values.fix) return EXIT.failed;
      io.out.write(`Fixed: ${count(report.fixed)} item${report.fixed === 1 ? '' : 's'} written.\n`);
      if (report.changedMeanwhile.length > 0) {
        io.out.write(`Changed while this ran, left as they were (run it again): ${report.changedMeanwhile.join(', ')}\n`);
        return EXIT.failed;
      }
      return EXIT.ok;
    } finally {
      await target.close();
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err.write(`${(error as Error).message}\n\n${HELP}`);
      return EXIT.usage;
    }
    if (error instanceof TargetError || error instanceof RebuildScopeError) {
      io.err.write(`${error.message}\n`);
      return EXIT.failed;
    }
    io.err.write(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failed;
  }
}

function targetOf(values: { 'data-dir'?: string | undefined; table?: string | undefined; region?: string | undefined }): TargetOptions {
  if (values.table !== undefined && values['data-dir'] !== undefined) throw new UsageError('give either --data-dir or --table, not both');
  if (values.table !== undefined && values.region === undefined) throw new UsageError('--table needs --region');
  if (values.region !== undefined && values.table === undefined) throw new UsageError('--region goes with --table');
  return { dataDir: values['data-dir'], table: values.table, region: values.region };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runRollupsCli(process.argv.slice(2));
}
