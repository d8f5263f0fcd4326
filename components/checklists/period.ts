import type { RunState } from "@/lib/checklists/types";

/** "2026-11-25" for a daily run; "2026-W48 (2026-11-23 – 2026-11-29)" otherwise. */
export function periodLabel(run: Pick<RunState, "cadence" | "periodKey" | "periodStart" | "periodEnd">): string {
  return run.cadence === "daily" ? run.periodStart : `${run.periodKey} (${run.periodStart} – ${run.periodEnd})`;
}
