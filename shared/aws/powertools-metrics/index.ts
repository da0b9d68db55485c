/**
 * What the bundles get instead of `@aws-lambda-powertools/metrics` (an alias in infra/bundling.ts):
 * the part of Powertools Metrics that shared/observability/metrics.ts uses — a namespace and the
 * `service` dimension, `addMetric`, `addDimension`, `serializeMetrics`, `publishStoredMetrics`,
 * `clearMetrics`, `clearDimensions` and `isDisabled` — writing the same embedded metric format
 * documents, one JSON line on stdout each, switched off the same way (`POWERTOOLS_METRICS_DISABLED`,
 * else `POWERTOOLS_DEV`); written straight to the descriptor (shared/aws/stdout.ts), so printing
 * them never builds `process.stdout`. The package is 12 KiB of every bundle (with its share of
 * Powertools commons), about 3.5 % of the cold-start floor's; this is under 2. Everything else the
 * package offers (cold-start metrics, metadata, dimension sets, high resolution, the middleware) is
 * not here, and a call to it fails the type check. test/unit/bundling.test.ts holds this to the real
 * package: the same documents and lines for the same calls, the same switch.
 */

import { flagFromEnv } from '../powertools-commons';
import { writeLine } from '../stdout';

/** The EMF document as Powertools Metrics serialises it. */
export interface EmfOutput {
  readonly [key: string]: string | number | number[] | object;
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: [string[]] | []; Metrics: { Name: string; Unit: string }[] }[];
  };
}

/** Powertools' namespace when none is given. */
const DEFAULT_NAMESPACE = 'default_namespace';
/** Powertools' service name when none is given. */
const DEFAULT_SERVICE = 'service_undefined';


export class Metrics {
  private readonly namespace: string;
  private readonly defaultDimensions: Record<string, string>;
  private readonly disabled: boolean;
  private dimensions: Record<string, string> = {};
  private stored = new Map<string, { unit: string; value: number | number[] }>();

  constructor(options: { namespace?: string; serviceName?: string } = {}) {
    this.namespace = options.namespace || process.env.POWERTOOLS_METRICS_NAMESPACE?.trim() || '';
    const service = options.serviceName || process.env.POWERTOOLS_SERVICE_NAME?.trim() || DEFAULT_SERVICE;
    this.defaultDimensions = { service };
    // As Powertools: the metrics' own switch when it is set, else development mode turns them off.
    this.disabled = flagFromEnv('POWERTOOLS_METRICS_DISABLED') ?? flagFromEnv('POWERTOOLS_DEV') ?? false;
  }

  /** Adds a value; a second value of the same metric makes its value a list. */
  addMetric(name: string, unit: string, value: number): void {
    const existing = this.stored.get(name);
    if (!existing) {
      this.stored.set(name, { unit, value });
      return;
    }
    if (existing.unit !== unit) throw new Error(`Metric "${name}" has already been added with unit "${existing.unit}", but we received unit "${unit}".`);
    existing.value = Array.isArray(existing.value) ? [...existing.value, value] : [existing.value, value];
  }

  /** Adds a dimension to the metrics stored now; an empty name or value is ignored, as Powertools ignores it. */
  addDimension(name: string, value: string): void {
    if (name && value) this.dimensions[name] = value;
  }

  clearMetrics(): void {
    this.stored = new Map();
  }

  /** Clears what `addDimension` added; the `service` dimension stays. */
  clearDimensions(): void {
    this.dimensions = {};
  }

  protected isDisabled(): boolean {
    return this.disabled;
  }

  serializeMetrics(): EmfOutput {
    const metrics = [...this.stored];
    const hasDimensions = Object.keys(this.dimensions).length > 0;
    const names = [...new Set([...Object.keys(this.defaultDimensions), ...Object.keys(this.dimensions)])];
    return {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: this.namespace || DEFAULT_NAMESPACE,
            Dimensions: hasDimensions || Object.keys(this.defaultDimensions).length > 0 ? [names] : [],
            Metrics: metrics.map(([name, { unit }]) => ({ Name: name, Unit: unit })),
          },
        ],
      },
      ...this.defaultDimensions,
      ...this.dimensions,
      ...Object.fromEntries(metrics.map(([name, { value }]) => [name, value])),
    };
  }

  /** Prints the stored metrics as one EMF line (nothing when none, or when switched off) and clears them. */
  publishStoredMetrics(): void {
    try {
      if (!this.disabled && this.stored.size > 0) writeLine(1, JSON.stringify(this.serializeMetrics()));
    } finally {
      this.clearMetrics();
      this.clearDimensions();
    }
  }
}
