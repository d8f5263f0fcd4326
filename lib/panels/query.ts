import type { PanelSpec } from "./types";

// The URL of a panel's JSON (GET /api/panels?panel=dlq&queue=payments&page=2). Client-safe:
// the live panel builds it in the browser, the route handler parses it back (request.ts).

export const PANELS_API = "/api/panels";
export const PANELS_BATCH_API = "/api/panels/batch";

/** Panels whose data is paged. */
export function isPagedPanel(type: PanelSpec["type"]): type is "failed-jobs" | "dlq" {
  return type === "failed-jobs" || type === "dlq";
}

export function panelQuery(panel: PanelSpec, page = 0): string {
  const params = new URLSearchParams({ panel: panel.type });
  for (const [key, value] of Object.entries(panel.args)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  if (isPagedPanel(panel.type) && page > 0) params.set("page", String(page));
  return params.toString();
}

export function panelUrl(panel: PanelSpec, page = 0): string {
  return `${PANELS_API}?${panelQuery(panel, page)}`;
}

/** Bull Board's page of one job (or of the queue when no job is given). */
export function bullBoardUrl(queue: string, jobId?: string): string {
  const base = `/admin/queues/queue/${encodeURIComponent(queue)}`;
  return jobId === undefined ? base : `${base}/${encodeURIComponent(jobId)}`;
}

/** One request for several panels' refresh (GET /api/panels/batch, parsed by parsePanelBatch). */
export function panelBatchUrl(requests: ReadonlyArray<{ panel: PanelSpec; page: number }>): string {
  const params = new URLSearchParams();
  for (const { panel, page } of requests) params.append("p", panelQuery(panel, page));
  return `${PANELS_BATCH_API}?${params.toString()}`;
}
