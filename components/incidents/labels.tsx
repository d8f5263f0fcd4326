import type { IncidentStatus } from "@/lib/generated/prisma/enums.ts";
import { translator, type Locale } from "@/lib/i18n/messages";

// Small labels shared by the incident list and page (server and client).

const STATUS_STYLE: Record<IncidentStatus, string> = {
  open: "bg-red-50 text-red-800 ring-red-200",
  acknowledged: "bg-amber-50 text-amber-900 ring-amber-200",
  mitigated: "bg-sky-50 text-sky-800 ring-sky-200",
  resolved: "bg-emerald-50 text-emerald-800 ring-emerald-200",
};

export function StatusBadge({ status, locale }: { status: IncidentStatus; locale: Locale }) {
  return (
    <span data-status={status} className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLE[status]}`}>
      {translator(locale)(`incidents.status.${status}`)}
    </span>
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
