import type { IncidentStatus } from "@/lib/generated/prisma/enums.ts";

// open → acknowledged → mitigated → resolved. A step may be skipped forwards (a P3 fixed at once
// goes open → resolved); the skipped timestamps are set to the same moment so MTTA/MTTR stay
// defined. Going back is only "reopen": mitigated or resolved → open, which clears mitigatedAt
// and resolvedAt but keeps the first acknowledgement (MTTA measures the first response).

export const STATUS_ORDER: readonly IncidentStatus[] = ["open", "acknowledged", "mitigated", "resolved"];

export type TransitionKind = "forward" | "reopen";

export function transitionKind(from: IncidentStatus, to: IncidentStatus): TransitionKind | null {
  const a = STATUS_ORDER.indexOf(from);
  const b = STATUS_ORDER.indexOf(to);
  if (b > a) return "forward";
  if (to === "open" && (from === "mitigated" || from === "resolved")) return "reopen";
  return null;
}

export interface StatusTimestamps {
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
}

/** The timestamps after moving from `from` to `to` at `at`; throws nothing (check transitionKind first). */
export function timestampsAfter(
  current: StatusTimestamps,
  from: IncidentStatus,
  to: IncidentStatus,
  at: Date,
): StatusTimestamps {
  if (transitionKind(from, to) === "reopen")
    return { acknowledgedAt: current.acknowledgedAt, mitigatedAt: null, resolvedAt: null };
  const index = STATUS_ORDER.indexOf(to);
  return {
    acknowledgedAt: index >= 1 ? (current.acknowledgedAt ?? at) : current.acknowledgedAt,
    mitigatedAt: index >= 2 ? (current.mitigatedAt ?? at) : current.mitigatedAt,
    resolvedAt: index >= 3 ? (current.resolvedAt ?? at) : current.resolvedAt,
  };
}
