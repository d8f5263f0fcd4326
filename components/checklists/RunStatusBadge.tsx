import { Badge, type BadgeTone } from "@/components/ui/Badge";
import type { RunStatus } from "@/lib/checklists/types";
import { translator, type Locale } from "@/lib/i18n/messages";

const TONE: Record<RunStatus, BadgeTone> = {
  done: "success",
  late: "orange",
  open: "info",
  partial: "warning",
  missed: "danger",
  pending: "neutral",
};

/** A run's status in words and colour (the run header, the run's history page). */
export function RunStatusBadge({ status, locale }: { status: RunStatus; locale: Locale }) {
  return (
    <Badge tone={TONE[status]} strong data-run-status={status}>
      {translator(locale)(`checklist.status.${status}`)}
    </Badge>
  );
}
