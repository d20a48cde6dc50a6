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
  /** Every latency, sorted, so that summaries of several runs can be combined. */
  latencies: readonly number[];
}

/** One summary of several runs: their time added up, percentiles over all their samples. */
export function combineSummaries(parts: readonly LatencySummary[]): LatencySummary {
  const latencies = parts.flatMap((part) => part.latencies).sort((a, b) => a - b);
  const seconds = parts.reduce((sum, part) => sum + part.seconds, 0);
  return summarize(latencies, seconds);
}

function summarize(sorted: readonly number[], seconds: number): LatencySummary {
  const count = sorted.length;
  return {
    count,
    seconds,
    perSecond: count / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    latencies: sorted,
  };
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
  return summarize(
    latencies.sort((a, b) => a - b),
    seconds,
  );
}

export const fmt = (value: number, digits = 1): string => value.toFixed(digits);
