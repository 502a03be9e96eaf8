import type autocannon from 'autocannon';

/** What a load run reports (its own module: load.ts and mixed-load.ts run when started, so neither may import the other). */
export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}

/** What every load run reports: throughput, latency, and what failed (non-2xx answers, errors, timeouts). */
export function summarize(result: autocannon.Result): LoadResult {
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}
