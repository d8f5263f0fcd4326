import { config, type Config } from "@/lib/config";
import { logger } from "@/lib/observability/log";
import { readiness } from "@/lib/observability/health";
import { getQueue } from "@/lib/queues/registry";
import { sentryClientFromConfig } from "@/lib/sentry/api";
import { sharedPanelCache } from "./cache";
import { DEFAULT_PAGE_SIZE, loadDeadLetters, loadFailedJobs } from "./jobs";
import { loadHealth } from "./health";
import { loadQueueOverview } from "./queues";
import { loadSentryIssues, loadSentryPerformance } from "./sentry";
import { within } from "./timeout";
import type { PanelSnapshot, PanelSpec } from "./types";

// The one entry point the runbook page and GET /api/panels share: a validated panel spec in,
// a snapshot out. Never throws; each source has its own time limit (Redis 1.5 s, Sentry SENTRY_TIMEOUT_MS
// (3 s) in its client, health checks 2 s), and the page adds an overall budget on top (loadForPage).

/** How long the runbook page waits for its panels before sending them as "loading". */
export const PAGE_BUDGET_MS = 1800;

export function sentryMissing(cfg: Config = config()): string[] {
  const missing: string[] = [];
  if (!cfg.SENTRY_ORG) missing.push("SENTRY_ORG");
  if (!cfg.SENTRY_AUTH_TOKEN) missing.push("SENTRY_AUTH_TOKEN");
  return missing;
}

function unexpected(error: unknown): PanelSnapshot {
  logger("panels").error({ err: error instanceof Error ? error.message : String(error) }, "panel load failed");
  return {
    status: "error",
    fetchedAt: new Date().toISOString(),
    error: {
      source: "portal",
      code: "internal",
      message: "falha inesperada ao carregar o painel; veja os logs do portal",
    },
  };
}

async function loadUncached(panel: PanelSpec, page: number): Promise<PanelSnapshot> {
  const cfg = config();
  switch (panel.type) {
    case "queues":
      return loadQueueOverview(cfg.queues, getQueue);
    case "failed-jobs": {
      const monitored = cfg.queues.find((q) => q.name === panel.args.queue);
      const dlqOwner = cfg.queues.find((q) => q.dlq === panel.args.queue);
      const owner =
        monitored ?? (dlqOwner ? { name: panel.args.queue, displayName: `${dlqOwner.displayName} — DLQ` } : undefined);
      const queue = getQueue(panel.args.queue);
      if (!owner || !queue) throw new Error(`queue ${panel.args.queue} is not configured`);
      return loadFailedJobs(queue, owner, { page, pageSize: panel.args.limit ?? DEFAULT_PAGE_SIZE });
    }
    case "dlq": {
      const source = cfg.queues.find((q) => q.name === panel.args.queue);
      const dlq = source?.dlq ? getQueue(source.dlq) : undefined;
      if (!source || !dlq) throw new Error(`queue ${panel.args.queue} has no configured DLQ`);
      return loadDeadLetters(dlq, source, { page, pageSize: panel.args.limit ?? DEFAULT_PAGE_SIZE });
    }
    case "sentry-issues":
      return loadSentryIssues(sentryClientFromConfig(cfg), panel.args, sentryMissing(cfg));
    case "sentry-performance":
      return loadSentryPerformance(sentryClientFromConfig(cfg), panel.args, sentryMissing(cfg));
    case "health":
      return loadHealth(readiness, sentryMissing(cfg));
  }
}

/** The panel's current snapshot; identical requests within a second share one load. */
export function loadPanel(panel: PanelSpec, page = 0): Promise<PanelSnapshot> {
  const key = JSON.stringify([panel.type, panel.args, page]);
  return sharedPanelCache()
    .get(key, () => loadUncached(panel, page))
    .catch(unexpected);
}

/** For the server-rendered page: the snapshot if it is ready within the budget, else "loading". */
export function loadForPage(panel: PanelSpec, budgetMs = PAGE_BUDGET_MS): Promise<PanelSnapshot> {
  return within(loadPanel(panel), budgetMs, { status: "loading" } as const);
}
