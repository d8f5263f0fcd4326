import type { PanelLimits } from "@/lib/runbooks/panels";

// Where a panel's number stands against the runbook's limits: past `critical` is red, past
// `warn` amber. Strictly past, as the runbooks write them ("> 100").

export type LimitLevel = "ok" | "warn" | "critical";

export function limitLevel(value: number, limits: PanelLimits): LimitLevel {
  if (limits.critical !== undefined && value > limits.critical) return "critical";
  if (limits.warn !== undefined && value > limits.warn) return "warn";
  return "ok";
}

export function hasLimits(limits: PanelLimits): boolean {
  return limits.warn !== undefined || limits.critical !== undefined;
}

/** Cell classes per level: tinted background plus weight, so it does not rely on colour alone. */
export const LEVEL_CLASSES: Record<LimitLevel, string> = {
  ok: "",
  warn: "bg-amber-50 font-semibold text-amber-900",
  critical: "bg-red-50 font-semibold text-red-800",
};
