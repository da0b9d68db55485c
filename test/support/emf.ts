import { afterAll, beforeAll, vi } from 'vitest';
import { isEmf } from '../../infra/local/metrics-page';

/** One EMF document as printed: `_aws` (namespace, dimension names, metric names and units) and the values. */
export type EmfDocument = Record<string, unknown> & {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
};

/** The EMF lines printed while a test file runs, read as CloudWatch Logs reads them. */
export interface EmfCapture {
  /** Every EMF document printed since the start, or since the last {@link EmfCapture.clear}. */
  documents(): EmfDocument[];
  /** The documents that carry `metric`, and, when given, exactly these extra dimensions (besides `service`). */
  carrying(metric: string, dimensions?: Record<string, string>): EmfDocument[];
  /** What CloudWatch's Sum of `metric` (with exactly `dimensions`) would be over those documents. */
  sum(metric: string, dimensions?: Record<string, string>): number;
  clear(): void;
}

/**
 * Reads the EMF documents the functions print to stdout, in process or from their bundles (whose
 * lines the runtime copies to its own stdout), and keeps them out of the test's output; other output
 * goes through. Turns metrics on for the file (vitest.config.ts turns them off): call it at the top
 * of the file, before the runtime starts, so the functions' environments carry it.
 */
export function captureEmf(): EmfCapture {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  let printed: EmfDocument[] = [];
  beforeAll(() => {
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...args: never[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const others = text.split('\n').filter((line) => {
        if (!line.startsWith('{')) return true;
        try {
          const parsed: unknown = JSON.parse(line);
          if (!isEmf(parsed)) return true;
          printed.push(parsed as EmfDocument);
          return false;
        } catch {
          return true;
        }
      });
      const passed = others.join('\n');
      if (passed.trim() !== '') return write(passed, ...args);
      // Swallowed whole: a writer waiting for its callback still hears it was written.
      const callback: unknown = args.at(-1);
      if (typeof callback === 'function') callback();
      return true;
    }) as typeof process.stdout.write);
  });
  afterAll(() => {
    vi.mocked(process.stdout.write).mockRestore();
  });

  const extraDimensions = (document: EmfDocument): Record<string, string> =>
    Object.fromEntries(
      (document._aws.CloudWatchMetrics[0]?.Dimensions[0] ?? [])
        .filter((name) => name !== 'service')
        .map((name) => [name, String(document[name])]),
    );
  const carrying = (metric: string, dimensions: Record<string, string> = {}) =>
    printed.filter(
      (document) =>
        document._aws.CloudWatchMetrics.some((directive) => directive.Metrics.some((m) => m.Name === metric)) &&
        JSON.stringify(Object.entries(extraDimensions(document)).sort()) === JSON.stringify(Object.entries(dimensions).sort()),
    );
  return {
    documents: () => [...printed],
    carrying,
    sum: (metric, dimensions) =>
      carrying(metric, dimensions)
        .flatMap((document) => [document[metric]].flat())
        .reduce((sum: number, value) => sum + Number(value), 0),
    clear: () => {
      printed = [];
    },
  };
}
