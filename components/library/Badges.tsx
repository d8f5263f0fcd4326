import { Badge, type BadgeTone } from "@/components/ui/Badge";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { Cadence, RunbookKind, Severity } from "@/lib/runbooks/schema";

// Small labels shared by the library list, the runbook page and the incidents.

const KIND_TONE: Record<RunbookKind, BadgeTone> = {
  checklist: "success",
  alert: "rose",
  procedure: "info",
  template: "accent",
};

const SEVERITY_TONE: Record<Severity, BadgeTone> = {
  P1: "critical",
  P2: "orange",
  P3: "yellow",
};

export function KindBadge({ kind, locale }: { kind: RunbookKind; locale: Locale }) {
  return (
    <Badge tone={KIND_TONE[kind]}>
      <span data-kind={kind}>{translator(locale)(`kind.${kind}`)}</span>
    </Badge>
  );
}

export function SeverityBadge({
  severity,
  locale,
  long = false,
}: {
  severity: Severity;
  locale: Locale;
  long?: boolean;
}) {
  const label = translator(locale)(`severity.${severity}`);
  return (
    <Badge tone={SEVERITY_TONE[severity]} title={label}>
      {long ? label : severity}
    </Badge>
  );
}

export function CadenceBadge({ cadence, locale }: { cadence: Cadence; locale: Locale }) {
  return <Badge tone="neutral">{translator(locale)(`cadence.${cadence}`)}</Badge>;
}

export function ReviewOverdueBadge({ locale, due }: { locale: Locale; due: string }) {
  return (
    <Badge tone="attention" title={due}>
      <span aria-hidden>⚠</span>
      {translator(locale)("library.reviewOverdue")}
    </Badge>
  );
}
