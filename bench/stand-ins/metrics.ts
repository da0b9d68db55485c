/**
 * shared/observability/metrics.ts with nothing behind it, for the cold-start bench only
 * (bench/foundation.ts, the "without metrics" builds): every function built with this instead of
 * the real module is the default bundle less Powertools Metrics, the metric catalogue and the EMF
 * it prints, so the difference between the two is what business metrics cost a cold start. Never
 * deployed; it lives in a folder so `npm run bench` does not take it for a benchmark module.
 */
import type * as real from '../../shared/observability/metrics';

export const count: typeof real.count = () => undefined;
export const measure: typeof real.measure = () => undefined;
export const withMetrics: typeof real.withMetrics = (handler) => handler;
export const metricsObservedBy: typeof real.metricsObservedBy = () => undefined;
export type { EmfOutput } from '../../shared/observability/metrics';
