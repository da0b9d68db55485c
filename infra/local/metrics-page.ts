import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricDefinition, metricCatalogue } from '../../shared/observability/catalogue';

/** One metric and dimension value, summed over every EMF document since the runtime started. */
export interface MetricTotal {
  /** Its CloudWatch name (shared/observability/catalogue.ts). */
  metric: string;
  unit: string;
  /** Its dimensions but `service`, which is always `grid-service`. */
  dimensions: Record<string, string>;
  /** What CloudWatch's Sum would show: for a count, how many. */
  sum: number;
  /** How many values were published (a count publishes one per invocation). */
  samples: number;
  max?: number;
  last?: number;
}

/** What `GET /metrics` answers. */
export interface MetricsSummary {
  namespace: string;
  service: string;
  /** When the runtime started counting. */
  since: string;
  metrics: MetricTotal[];
}

/**
 * The local runtime's sum of the EMF documents its functions publish, for the local `/metrics`
 * page: what CloudWatch would make of the same lines, without AWS. Every metric of the catalogue is
 * listed from the start (at 0), so the page also says what there is to watch.
 */
export class MetricsTally {
  private readonly since = new Date().toISOString();
  private readonly totals = new Map<string, MetricTotal>();

  constructor() {
    for (const { name, unit, dimension } of Object.values<MetricDefinition>(metricCatalogue)) {
      const dimensionSets = dimension ? dimension.values.map((value) => ({ [dimension.name]: value })) : [{}];
      for (const dimensions of dimensionSets) this.totals.set(keyOf(name, dimensions), { metric: name, unit, dimensions, sum: 0, samples: 0 });
    }
  }

  /** Adds one EMF document (as Powertools prints it); anything else, or another namespace, is ignored. */
  readonly record = (document: unknown): void => {
    if (!isEmf(document)) return;
    for (const directive of document._aws.CloudWatchMetrics) {
      if (directive.Namespace !== METRICS_NAMESPACE) continue;
      const dimensions: Record<string, string> = {};
      for (const name of directive.Dimensions[0] ?? []) {
        if (name !== 'service' && typeof document[name] === 'string') dimensions[name] = document[name];
      }
      for (const { Name, Unit } of directive.Metrics) {
        const raw = document[Name];
        const values = (Array.isArray(raw) ? raw : [raw]).filter((value): value is number => typeof value === 'number');
        if (values.length === 0) continue;
        const key = keyOf(Name, dimensions);
        const total = this.totals.get(key) ?? { metric: Name, unit: Unit ?? 'None', dimensions, sum: 0, samples: 0 };
        total.sum += values.reduce((sum, value) => sum + value, 0);
        total.samples += values.length;
        total.max = Math.max(total.max ?? Number.NEGATIVE_INFINITY, ...values);
        total.last = values.at(-1)!;
        this.totals.set(key, total);
      }
    }
  };

  summary(): MetricsSummary {
    return { namespace: METRICS_NAMESPACE, service: METRICS_SERVICE, since: this.since, metrics: [...this.totals.values()].map((total) => ({ ...total, dimensions: { ...total.dimensions } })) };
  }

  /** The summary as lines of text: a count's sum; a measurement's last and largest value. */
  text(): string {
    const lines = [...this.totals.entries()].map(([key, { unit, sum, samples, max, last }]) =>
      unit === 'Count' ? `${key.padEnd(32)} ${sum}` : `${key.padEnd(32)} last ${last ?? '-'}, max ${max ?? '-'} ${unit.toLowerCase()} (${samples} samples)`,
    );
    return `# ${METRICS_NAMESPACE} metrics of service ${METRICS_SERVICE} since ${this.since}\n${lines.join('\n')}\n`;
  }

  /** The local page: JSON, or text for `?format=text` or a client that accepts only text/plain. */
  page(url: URL, headers: Readonly<Record<string, string | undefined>>): APIGatewayProxyStructuredResultV2 {
    const asText = url.searchParams.get('format') === 'text' || /^text\/plain\b/i.test(headers.accept ?? '');
    return asText
      ? { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: this.text() }
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(this.summary()) };
  }
}

/** `Name{dimension="value",…}`, dimensions in name order. */
const keyOf = (metric: string, dimensions: Record<string, string>): string => {
  const names = Object.keys(dimensions).sort();
  return names.length === 0 ? metric : `${metric}{${names.map((name) => `${name}="${dimensions[name]}"`).join(',')}}`;
};

interface EmfDocument {
  [field: string]: unknown;
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit?: string }[] }[] };
}

/** Whether a JSON value is an EMF document (a log line CloudWatch would turn into metrics). */
export function isEmf(value: unknown): value is EmfDocument {
  const aws = (value as { _aws?: { CloudWatchMetrics?: unknown } } | null)?._aws;
  return typeof aws === 'object' && aws !== null && Array.isArray(aws.CloudWatchMetrics);
}
