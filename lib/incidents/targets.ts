import type { Severity } from "@/lib/generated/prisma/enums.ts";

// Response targets per severity (seeds: P1 15 min, P2 1 h, P3 4 h). The response is the
// acknowledgement: an incident is breached when it was acknowledged after its target, or is
// still unacknowledged past it. Pure functions so the page, the reports and the tests agree.
//
// A severity change recomputes the target while the incident is unacknowledged: a raise counts
// the new target from the moment of the raise (nobody could have answered a P1 before it was
// one), a lower keeps the moment the current target counts from (the opening, unless an earlier
// raise moved it). Once acknowledged the response is history: a change keeps the target it had.

export const RESPONSE_TARGET_MINUTES: Record<Severity, number> = { P1: 15, P2: 60, P3: 240 };

const RANK: Record<Severity, number> = { P1: 1, P2: 2, P3: 3 };

/** True when `to` is more severe than `from` (P2 → P1). */
export function isRaise(from: Severity, to: Severity): boolean {
  return RANK[to] < RANK[from];
}

export interface ResponseTarget {
  targetMinutes: number;
  /** The moment the target counts from, ISO: the opening, or a raise of the severity. */
  countsFrom: string;
  /** countsFrom + target, ISO. */
  dueAt: string;
  /** When the incident was acknowledged, ISO, or null. */
  respondedAt: string | null;
  breached: boolean;
  /** Milliseconds left until dueAt while unacknowledged (negative once late); null once acknowledged. */
  remainingMs: number | null;
}

export interface TargetFields {
  severity: Severity;
  openedAt: Date;
  acknowledgedAt: Date | null;
  /** Set by a severity change; null (or absent): openedAt and the severity's default. */
  targetFrom?: Date | null;
  targetMinutes?: number | null;
}

export function responseTarget(incident: TargetFields, now: Date): ResponseTarget {
  const targetMinutes = incident.targetMinutes ?? RESPONSE_TARGET_MINUTES[incident.severity];
  const from = incident.targetFrom ?? incident.openedAt;
  const due = from.getTime() + targetMinutes * 60_000;
  const responded = incident.acknowledgedAt?.getTime() ?? null;
  const breached = responded === null ? now.getTime() > due : responded > due;
  return {
    targetMinutes,
    countsFrom: from.toISOString(),
    dueAt: new Date(due).toISOString(),
    respondedAt: incident.acknowledgedAt?.toISOString() ?? null,
    breached,
    remainingMs: responded === null ? due - now.getTime() : null,
  };
}

/** The stored target after changing the severity to `to` at `at` (see the rule above). */
export function targetAfterChange(
  incident: TargetFields,
  to: Severity,
  at: Date,
): { targetFrom: Date; targetMinutes: number } {
  const anchor = incident.targetFrom ?? incident.openedAt;
  if (incident.acknowledgedAt)
    return { targetFrom: anchor, targetMinutes: incident.targetMinutes ?? RESPONSE_TARGET_MINUTES[incident.severity] };
  return { targetFrom: isRaise(incident.severity, to) ? at : anchor, targetMinutes: RESPONSE_TARGET_MINUTES[to] };
}
