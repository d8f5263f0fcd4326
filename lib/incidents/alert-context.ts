import type { MonitoredQueue } from "@/lib/config";
import { runbookOfUrl } from "@/lib/runbooks/alert-rules";
import type { PanelSpec } from "@/lib/runbooks/panels";
import { resolveDeps, type IncidentDeps } from "./deps";

// What the alert that opened an incident says about where to start: the step its rule's
// runbook_url points at and the queue its labels name. The incident page opens at that step and
// shows the runbook's queue panels for that queue only.

export interface AlertContext {
  /** Heading id of the step to start from. */
  anchor?: string;
  /** The monitored queue the alert is about. */
  queue?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** Reads the first alert entry of the incident's timeline (the one that opened it). */
export async function alertContext(incidentId: string, overrides: Partial<IncidentDeps> = {}): Promise<AlertContext> {
  const entry = await resolveDeps(overrides).prisma.timelineEntry.findFirst({
    where: { incidentId, kind: "alert" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { data: true },
  });
  const data =
    entry?.data && typeof entry.data === "object" && !Array.isArray(entry.data)
      ? (entry.data as Record<string, unknown>)
      : {};
  const url = text(data.runbookUrl);
  return { anchor: url ? runbookOfUrl(url)?.anchor : undefined, queue: text(data.queue) };
}

/**
 * The runbook's panels for an alert on `queue`: every DLQ and failed-jobs panel shows that
 * queue (its DLQ where the panel named a DLQ), and a panel identical to an earlier one becomes
 * null, so a runbook that lists each queue's panels shows the alert's once. Unknown queues and
 * other panels are left as written.
 */
export function scopePanels(
  panels: readonly PanelSpec[],
  queue: string | undefined,
  queues: readonly MonitoredQueue[],
): (PanelSpec | null)[] {
  const monitored = queue ? queues.find((q) => q.name === queue) : undefined;
  if (!monitored) return [...panels];
  const isDlq = (name: string) => queues.some((q) => q.dlq === name);
  const seen = new Set<string>();
  return panels.map((panel) => {
    let scoped: PanelSpec = panel;
    if (panel.type === "dlq") {
      if (!monitored.dlq) return panel;
      scoped = { type: "dlq", args: { ...panel.args, queue: monitored.name } };
    } else if (panel.type === "failed-jobs") {
      const target = isDlq(panel.args.queue) ? monitored.dlq : monitored.name;
      if (target) scoped = { type: "failed-jobs", args: { ...panel.args, queue: target } };
    } else {
      return panel;
    }
    const key = JSON.stringify(scoped);
    if (seen.has(key)) return null;
    seen.add(key);
    return scoped;
  });
}
