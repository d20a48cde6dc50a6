import { mapConcurrently } from '../lib/concurrency';

/** Percentile of already-sorted samples (nearest-rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export interface LatencySummary {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `task` `count` times with `concurrency` in flight and reports throughput and latency in ms. */
export async function measure(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<LatencySummary> {
  const latencies: number[] = [];
  const started = performance.now();
  await mapConcurrently(
    Array.from({ length: count }, (_, index) => index),
    concurrency,
    async (index) => {
      const begun = performance.now();
      await task(index);
      latencies.push(performance.now() - begun);
    },
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { count, seconds, perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export const fmt = (value: number, digits = 1): string => value.toFixed(digits);
