import type { ReactNode } from "react";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { Cadence, RunbookKind, Severity } from "@/lib/runbooks/schema";

// Small labels shared by the library list and the runbook page.

function Badge({ className, children, title }: { className: string; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${className}`}>
      {children}
    </span>
  );
}

const KIND_STYLE: Record<RunbookKind, string> = {
  checklist: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  alert: "bg-rose-50 text-rose-800 ring-rose-200",
  procedure: "bg-sky-50 text-sky-800 ring-sky-200",
  template: "bg-violet-50 text-violet-800 ring-violet-200",
};

const SEVERITY_STYLE: Record<Severity, string> = {
  P1: "bg-red-700 text-white ring-red-700",
  P2: "bg-orange-100 text-orange-900 ring-orange-300",
  P3: "bg-yellow-50 text-yellow-900 ring-yellow-300",
};

export function KindBadge({ kind, locale }: { kind: RunbookKind; locale: Locale }) {
  return (
    <Badge className={KIND_STYLE[kind]}>
      <span data-kind={kind}>{translator(locale)(`kind.${kind}`)}</span>
    </Badge>
  );
}

export function SeverityBadge({ severity, locale, long = false }: { severity: Severity; locale: Locale; long?: boolean }) {
  const label = translator(locale)(`severity.${severity}`);
  return (
    <Badge className={SEVERITY_STYLE[severity]} title={label}>
      {long ? label : severity}
    </Badge>
  );
}

export function CadenceBadge({ cadence, locale }: { cadence: Cadence; locale: Locale }) {
  return <Badge className="bg-slate-50 text-slate-700 ring-slate-200">{translator(locale)(`cadence.${cadence}`)}</Badge>;
}

export function ReviewOverdueBadge({ locale, due }: { locale: Locale; due: string }) {
  return (
    <Badge className="bg-amber-100 text-amber-900 ring-amber-300" title={due}>
      <span aria-hidden className="mr-1">⚠</span>
      {translator(locale)("library.reviewOverdue")}
    </Badge>
  );
}
