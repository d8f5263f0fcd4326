import autocannon from "autocannon";

export interface LatencyFigures {
  label: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

function run(opts: autocannon.Options, latencies?: number[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    // autocannon's histogram has no p95; keep every response time to compute exact percentiles.
    if (latencies) instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

/** Drives one URL with N concurrent connections for a fixed time, after a short warm-up. */
export async function measure(
  label: string,
  url: string,
  options: { connections?: number; seconds?: number; headers?: Record<string, string> } = {},
): Promise<LatencyFigures> {
  const connections = options.connections ?? 20;
  await run({ url, connections, duration: 2, headers: options.headers });
  const latencies: number[] = [];
  const result = await run({ url, connections, duration: options.seconds ?? 10, headers: options.headers }, latencies);
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    label,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function printTable(rows: LatencyFigures[]): void {
  const header = ["scenario", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "non-2xx"];
  const lines = rows.map((r) => [r.label, r.requests, r.rps, r.p50, r.p95, r.p99, r.errors, r.non2xx].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cols: string[]) =>
    cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(fmt(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(fmt(l));
}
