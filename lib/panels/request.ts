import { z } from "zod";
import type { MonitoredQueue } from "@/lib/config";
import { PANEL_TYPES, validatePanel } from "@/lib/runbooks/panels";
import { MAX_BATCH } from "./limits";
import { isPagedPanel } from "./query";
import type { PanelSpec } from "./types";

// Validation of GET /api/panels. The panel arguments are the directive's own attributes
// (`::dlq{queue="payments"}` → `?panel=dlq&queue=payments`) and go through the same
// validatePanel the runbook lint uses, so the API accepts exactly what a runbook may contain.

const MAX_PAGE = 100_000;

const control = z.object({
  panel: z.enum(PANEL_TYPES, { error: `panel deve ser um de: ${PANEL_TYPES.join(", ")}` }),
  page: z
    .string()
    .regex(/^\d{1,6}$/, "page deve ser um número inteiro a partir de 0")
    .transform(Number)
    .pipe(z.number().max(MAX_PAGE, `page deve ser no máximo ${MAX_PAGE}`))
    .optional(),
});

export type PanelRequest = { ok: true; panel: PanelSpec; page: number } | { ok: false; message: string };

export function parsePanelRequest(params: URLSearchParams, queues: readonly MonitoredQueue[]): PanelRequest {
  const repeated = [...new Set([...params.keys()].filter((key, i, all) => all.indexOf(key) !== i))];
  if (repeated.length > 0) return { ok: false, message: `parâmetro repetido: ${repeated.join(", ")}` };

  const raw = Object.fromEntries(params);
  const parsed = control.safeParse({ panel: raw.panel, page: raw.page });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message =
      raw.panel === undefined && issue?.path[0] === "panel"
        ? "falta o parâmetro panel (ex.: ?panel=dlq&queue=payments)"
        : (issue?.message ?? "parâmetros inválidos");
    return { ok: false, message };
  }
  const { panel: type, page = 0 } = parsed.data;
  if (page > 0 && !isPagedPanel(type))
    return { ok: false, message: `page só vale para os painéis failed-jobs e dlq (não para ${type})` };

  const attributes = Object.fromEntries(Object.entries(raw).filter(([key]) => key !== "panel" && key !== "page"));
  const result = validatePanel(type, attributes, queues);
  if (!result.ok) return { ok: false, message: `::${type}: ${result.message}` };
  return { ok: true, panel: result.panel, page };
}

export type PanelBatchRequest =
  { ok: true; panels: Array<{ panel: PanelSpec; page: number }> } | { ok: false; message: string };

/**
 * GET /api/panels/batch?p=<query>&p=<query>…: each `p` is one panel's own query string
 * (`panel=dlq&queue=payments&page=2`, URL-encoded), validated exactly like GET /api/panels.
 */
export function parsePanelBatch(params: URLSearchParams, queues: readonly MonitoredQueue[]): PanelBatchRequest {
  const unknown = [...new Set([...params.keys()].filter((key) => key !== "p"))];
  if (unknown.length > 0)
    return { ok: false, message: `parâmetro desconhecido: ${unknown.join(", ")} (use p=<consulta de um painel>)` };
  const entries = params.getAll("p");
  if (entries.length === 0)
    return { ok: false, message: "falta o parâmetro p (ex.: ?p=panel%3Dqueues&p=panel%3Dhealth)" };
  if (entries.length > MAX_BATCH)
    return { ok: false, message: `no máximo ${MAX_BATCH} painéis por requisição (recebidos ${entries.length})` };
  const panels: Array<{ panel: PanelSpec; page: number }> = [];
  for (const [index, entry] of entries.entries()) {
    const parsed = parsePanelRequest(new URLSearchParams(entry), queues);
    if (!parsed.ok) return { ok: false, message: `p[${index}]: ${parsed.message}` };
    panels.push({ panel: parsed.panel, page: parsed.page });
  }
  return { ok: true, panels };
}
