/** One figure a benchmark reports: printed as a table row and written to bench/results/latest.json. */
export interface BenchRow {
  /** What was measured, e.g. `cold start: requests (median of 20)`. */
  name: string;
  value: number;
  unit: string;
  /** Context: the floor it is compared with, the goal, the sample size. */
  note?: string;
}

/**
 * A benchmark module: `bench/<name>.ts` exporting `bench`. Each starts what it needs (an in-memory
 * runtime on its own port) and stops it; measurements that are compared run side by side in one run.
 * `parts` is what `npm run bench <name>:<part>` asked for (e.g. `foundation:cold-start`); empty means
 * all of the module. A module without parts ignores it.
 */
export type Bench = (parts?: readonly string[]) => Promise<BenchRow[]>;
