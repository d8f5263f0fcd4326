import { createHash } from "node:crypto";
import fc from "fast-check";
import type { FuzzRequest } from "./client";
import type { FuzzContext } from "./context";
import type { FuzzEndpoint } from "./endpoint";
import { responseProblem } from "./verdict";

// Runs each endpoint's property with fast-check: numRuns hostile requests, every answer checked,
// a failing case shrunk to a small one. Endpoints run a few at a time (each one's cases in order,
// so shrinking stays meaningful). The base seed is printed; FUZZ_SEED replays a run's inputs.

export interface FuzzSettings {
  seed: number;
  /** Cases per endpoint (FUZZ_RUNS, default 1000). */
  runs: number;
  /** Cases per page endpoint (FUZZ_PAGE_RUNS, default a fifth of `runs`). */
  pageRuns: number;
  concurrency: number;
  /** Substring of endpoint names to run (FUZZ_ONLY), for reproducing one failure. */
  only?: string;
}

export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const int = (value: string | undefined, fallback: number) =>
    value && /^\d+$/.test(value) ? Number(value) : fallback;
  const runs = int(env.FUZZ_RUNS, 1000);
  return {
    seed: int(env.FUZZ_SEED, Math.floor(Math.random() * 2 ** 31)),
    runs,
    pageRuns: int(env.FUZZ_PAGE_RUNS, Math.max(1, Math.round(runs / 5))),
    concurrency: Math.max(1, int(env.FUZZ_CONCURRENCY, 6)),
    only: env.FUZZ_ONLY || undefined,
  };
}

export function casesFor(endpoint: Pick<FuzzEndpoint, "budget">, settings: FuzzSettings): number {
  return endpoint.budget === "page" ? settings.pageRuns : settings.runs;
}

/** One seed per endpoint, derived from the run's: adding an endpoint does not change the others' cases. */
export function endpointSeed(base: number, name: string): number {
  return createHash("sha256").update(`${base}:${name}`).digest().readInt32BE(0);
}

export interface EndpointResult {
  name: string;
  /** Generated cases (fast-check runs), not counting shrinking. */
  cases: number;
  /** Every request sent, shrinking included. */
  requests: number;
  statuses: Record<string, number>;
  /** 5xx that are not the portal's (see FuzzEndpoint.tolerated5xx), by reason. */
  tolerated: Record<string, number>;
  failure: string | null;
  ms: number;
}

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

export function describeRequest(req: FuzzRequest): string {
  const headers = Object.entries(req.headers ?? {}).map(([k, v]) => `${k}: ${clip(v, 120)}`);
  return [
    `${req.method} ${clip(req.path, 400)} as ${req.who}`,
    ...headers.map((h) => `  ${h}`),
    req.body
      ? `  body (${req.body.variant}, ${req.body.contentType}): ${clip(JSON.stringify(req.body.text), 600)}`
      : "  no body",
  ].join("\n");
}

const PER_ENDPOINT_LIMIT_MS = 15 * 60_000;

export async function fuzzEndpoint(
  ctx: FuzzContext,
  endpoint: FuzzEndpoint,
  settings: FuzzSettings,
): Promise<EndpointResult> {
  const started = Date.now();
  const result: EndpointResult = {
    name: endpoint.name,
    cases: 0,
    requests: 0,
    statuses: {},
    tolerated: {},
    failure: null,
    ms: 0,
  };
  const property = fc.asyncProperty(endpoint.requests(ctx), async (req) => {
    const response = await ctx.client.send(req);
    result.requests++;
    const status = response.error ? "no answer" : String(response.status);
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
    const problem = responseProblem(response, endpoint);
    if (!problem) return;
    const tolerated = response.status >= 500 ? endpoint.tolerated5xx?.(req, response) : null;
    if (tolerated) {
      result.tolerated[tolerated] = (result.tolerated[tolerated] ?? 0) + 1;
      return;
    }
    throw new Error(
      `${problem}\n${describeRequest(req)}\n  correlation id: ${response.headers["x-request-id"] ?? "?"}`,
    );
  });
  const details = await fc.check(property, {
    numRuns: casesFor(endpoint, settings),
    seed: endpointSeed(settings.seed, endpoint.name),
    plugins: [fc.interruptAfterTimeLimit(PER_ENDPOINT_LIMIT_MS, { failOnInterrupt: true })],
  });
  result.cases = details.numRuns;
  if (details.failed) {
    const error =
      details.errorInstance instanceof Error
        ? details.errorInstance.message
        : String(details.errorInstance ?? "interrupted");
    result.failure = `${endpoint.name}: ${clip(error, 3000)}\n  after ${details.numRuns} cases, ${details.numShrinks} shrinks; replay: FUZZ_SEED=${settings.seed} FUZZ_ONLY=${JSON.stringify(endpoint.name)} (fast-check seed ${details.seed}, path ${JSON.stringify(details.counterexamplePath)})`;
  }
  result.ms = Date.now() - started;
  return result;
}

/** Runs every endpoint, `concurrency` at a time, in the given order. */
export async function fuzzAll(
  ctx: FuzzContext,
  endpoints: FuzzEndpoint[],
  settings: FuzzSettings,
  onDone?: (r: EndpointResult) => void,
): Promise<EndpointResult[]> {
  const queue = endpoints.filter((e) => !settings.only || e.name.includes(settings.only));
  const results: EndpointResult[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const r = await fuzzEndpoint(ctx, next, settings);
      results.push(r);
      onDone?.(r);
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  return results;
}

export function formatReport(results: EndpointResult[], settings: FuzzSettings, totalMs: number): string {
  const rows = [...results].sort((a, b) => a.name.localeCompare(b.name));
  const width = Math.max(...rows.map((r) => r.name.length), 8);
  const total: Record<string, number> = {};
  for (const r of rows) for (const [s, n] of Object.entries(r.statuses)) total[s] = (total[s] ?? 0) + n;
  const hist = (h: Record<string, number>) =>
    Object.entries(h)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([s, n]) => `${s}:${n}`)
      .join(" ");
  const lines = [
    `fuzz: seed ${settings.seed} (FUZZ_SEED), ${settings.runs} cases per endpoint (${settings.pageRuns} per page), ${settings.concurrency} endpoints at a time`,
    `${"endpoint".padEnd(width)}  cases  requests  seconds  statuses`,
    ...rows.map(
      (r) =>
        `${r.name.padEnd(width)}  ${String(r.cases).padStart(5)}  ${String(r.requests).padStart(8)}  ${(r.ms / 1000).toFixed(1).padStart(7)}  ${hist(r.statuses)}${r.failure ? "  FAILED" : ""}`,
    ),
    `${rows.length} endpoints, ${rows.reduce((s, r) => s + r.cases, 0)} cases, ${rows.reduce((s, r) => s + r.requests, 0)} requests in ${(totalMs / 1000).toFixed(0)} s`,
    `status histogram: ${hist(total)}`,
  ];
  const tolerated = rows.flatMap((r) =>
    Object.entries(r.tolerated).map(([reason, n]) => `  ${r.name}: ${n} × ${reason}`),
  );
  if (tolerated.length) lines.push("tolerated 5xx (not the portal's):", ...tolerated);
  return lines.join("\n");
}
