import { Badge, type BadgeTone } from "@/components/ui/Badge";
import type { IncidentStatus } from "@/lib/generated/prisma/enums.ts";
import { translator, type Locale } from "@/lib/i18n/messages";

// Small labels shared by the incident list and page (server and client).

const STATUS_TONE: Record<IncidentStatus, BadgeTone> = {
  open: "danger",
  acknowledged: "warning",
  mitigated: "info",
  resolved: "success",
};

export function StatusBadge({ status, locale }: { status: IncidentStatus; locale: Locale }) {
  return (
    <Badge tone={STATUS_TONE[status]} data-status={status}>
      {translator(locale)(`incidents.status.${status}`)}
    </Badge>
  );
}

/** 1 h 05 min, 12 min, 45 s. */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  if (m > 0) return `${m} min`;
  return `${total % 60} s`;
}
