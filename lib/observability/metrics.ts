import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { BOARD_ACCESS, ROUTE_ACCESS } from "@/lib/auth/route-access";
import { config } from "@/lib/config";
import { deadLetterSize, jobCounts, JOB_STATES } from "@/lib/queues/counts";
import { getQueue } from "@/lib/queues/registry";
import { processSingleton } from "@/lib/runtime";

const QUEUE_SCRAPE_TIMEOUT_MS = 1500;

interface Metrics {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
  queueScrapeErrors: Counter;
  /** Server-Sent Events streams open in this process (checklist runs, incidents). */
  liveStreams: Gauge;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref()),
  ]);
}

interface QueueSnapshot {
  jobs: Array<{ queue: string; state: string; value: number }>;
  dlq: Array<{ queue: string; dlq: string; value: number }>;
}

/** Reads queue depths at scrape time, so the numbers are never staler than the scrape. */
async function readQueueDepths(errors: Counter): Promise<QueueSnapshot> {
  const snapshot: QueueSnapshot = { jobs: [], dlq: [] };
  await Promise.all(
    config().queues.map(async (monitored) => {
      try {
        const queue = getQueue(monitored.name);
        if (!queue) return;
        const counts = await withTimeout(jobCounts(queue), QUEUE_SCRAPE_TIMEOUT_MS);
        for (const state of JOB_STATES) snapshot.jobs.push({ queue: monitored.name, state, value: counts[state] });
        const dlq = monitored.dlq ? getQueue(monitored.dlq) : undefined;
        if (dlq && monitored.dlq) {
          const dlqCounts = await withTimeout(jobCounts(dlq), QUEUE_SCRAPE_TIMEOUT_MS);
          snapshot.dlq.push({ queue: monitored.name, dlq: monitored.dlq, value: deadLetterSize(dlqCounts) });
        }
      } catch {
        // Redis down: the scrape still answers (with the portal's own metrics) and counts the miss.
        errors.inc();
      }
    }),
  );
  return snapshot;
}

export function metrics(): Metrics {
  return processSingleton("metrics", () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const httpDuration = new Histogram({
      name: "http_request_duration_seconds",
      help: "Duration of HTTP requests served by the portal, by route pattern",
      labelNames: ["method", "route", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5],
      registers: [registry],
    });
    const queueScrapeErrors = new Counter({
      name: "bullmq_scrape_errors_total",
      help: "Queue depth reads that failed or timed out during a metrics scrape",
      registers: [registry],
    });
    // Both queue gauges are filled from one read of Redis per scrape, whichever collects first.
    let pending: { at: number; snapshot: Promise<QueueSnapshot> } | undefined;
    const snapshot = () => {
      if (!pending || Date.now() - pending.at > 1000)
        pending = { at: Date.now(), snapshot: readQueueDepths(queueScrapeErrors) };
      return pending.snapshot;
    };
    new Gauge({
      name: "bullmq_queue_jobs",
      help: "Jobs per monitored queue and state",
      labelNames: ["queue", "state"] as const,
      registers: [registry],
      async collect() {
        const { jobs } = await snapshot();
        this.reset();
        for (const j of jobs) this.set({ queue: j.queue, state: j.state }, j.value);
      },
    });
    new Gauge({
      name: "bullmq_dlq_size",
      help: "Jobs waiting in each monitored queue's dead-letter queue",
      labelNames: ["queue", "dlq"] as const,
      registers: [registry],
      async collect() {
        const { dlq } = await snapshot();
        this.reset();
        for (const d of dlq) this.set({ queue: d.queue, dlq: d.dlq }, d.value);
      },
    });
    const liveStreams = new Gauge({
      name: "portal_live_streams",
      help: "Server-Sent Events streams open in this process; one per open checklist or incident page",
      registers: [registry],
    });
    return { registry, httpDuration, queueScrapeErrors, liveStreams };
  });
}

/** The label of every request whose path matches no route of the portal (any status). */
export const UNMATCHED_ROUTE = "/:unmatched";

/**
 * The portal's route patterns (the access table every route must be in), static ones first so
 * "/incidents/new" wins over "/incidents/[id]"; each as [regex, label with :param segments].
 */
const ROUTE_PATTERNS: Array<[RegExp, string]> = [...new Set([...ROUTE_ACCESS, ...BOARD_ACCESS].map((r) => r.pattern))]
  .sort((a, b) => a.split("[").length - b.split("[").length)
  .map((pattern) => {
    const segments = pattern
      .split("/")
      .map((s) => (/^\[.+\]$/.test(s) ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    return [new RegExp(`^${segments.join("/")}/?$`), pattern.replace(/\[([^\]]+)\]/g, ":$1")];
  });

/**
 * A label for a request path with bounded values: one of the portal's route patterns (ids become
 * `:id`), a mount point for static assets, Bull Board's internals and better-auth, and one bucket
 * for everything else, so anonymous requests to made-up paths cannot grow the series without end.
 */
export function routeLabel(path: string): string {
  const clean = path.split("?")[0] ?? "/";
  if (clean.startsWith("/_next/")) return "/_next";
  if (clean.startsWith("/api/auth/")) return "/api/auth";
  if (clean.startsWith("/admin/queues/api/")) return "/admin/queues/api";
  if (clean === "/admin/queues" || clean.startsWith("/admin/queues/")) return "/admin/queues";
  for (const [regex, label] of ROUTE_PATTERNS) if (regex.test(clean)) return label;
  return UNMATCHED_ROUTE;
}
