import type { Severity } from "@/lib/generated/prisma/enums.ts";

// Response targets per severity (seeds: P1 15 min, P2 1 h, P3 4 h). The response is the
// acknowledgement: an incident is breached when it was acknowledged after its target, or is
// still unacknowledged past it. Pure functions so the page, the reports and the tests agree.

export const RESPONSE_TARGET_MINUTES: Record<Severity, number> = { P1: 15, P2: 60, P3: 240 };

export interface ResponseTarget {
  targetMinutes: number;
  /** openedAt + target, ISO. */
  dueAt: string;
  /** When the incident was acknowledged, ISO, or null. */
  respondedAt: string | null;
  breached: boolean;
  /** Milliseconds left until dueAt while unacknowledged (negative once late); null once acknowledged. */
  remainingMs: number | null;
}

export function responseTarget(
  incident: { severity: Severity; openedAt: Date; acknowledgedAt: Date | null },
  now: Date,
): ResponseTarget {
  const targetMinutes = RESPONSE_TARGET_MINUTES[incident.severity];
  const due = incident.openedAt.getTime() + targetMinutes * 60_000;
  const responded = incident.acknowledgedAt?.getTime() ?? null;
  const breached = responded === null ? now.getTime() > due : responded > due;
  return {
    targetMinutes,
    dueAt: new Date(due).toISOString(),
    respondedAt: incident.acknowledgedAt?.toISOString() ?? null,
    breached,
    remainingMs: responded === null ? due - now.getTime() : null,
  };
}
