"use client";

import { Card } from "@/components/ui/Card";
import { TextLink } from "@/components/ui/TextLink";
import { translator } from "@/lib/i18n/messages";
import { fill, formatClock } from "@/lib/i18n/format";
import { formatElapsed } from "@/lib/i18n/duration";
import { overdueMs } from "@/lib/checklists/status";
import { useChecklist } from "./ChecklistProvider";
import { periodLabel } from "./period";
import { RunStatusBadge } from "./RunStatusBadge";
import { useNow } from "./useNow";

/** Period, progress, completion / lateness, live state and pending ticks of the page's run. */
export function ChecklistRunHeader() {
  const checklist = useChecklist();
  const now = useNow();
  if (!checklist) return null;
  const { run, locale, timeZone, canTick, live, historyHref, pendingCount, openError } = checklist;
  const t = translator(locale);

  if (!run) {
    return (
      <Card as="section" padding="none" aria-label="Checklist" className="mb-6 px-4 py-3 text-sm" role="status">
        {openError ? fill(t("checklist.openFailed"), { message: openError }) : t("checklist.opening")}
      </Card>
    );
  }
  const { progress } = run;
  const percent = progress.requiredTotal ? Math.round((progress.requiredTicked / progress.requiredTotal) * 100) : 0;
  // A past run's lateness is its status already; only the open run counts the hours going by.
  const overdue =
    now === null || run.readOnly
      ? null
      : overdueMs({ deadlineAt: run.deadlineAt, completedAt: progress.completedAt, now });
  return (
    // Sticky so the progress stays in view while the operator works down a long checklist.
    <Card
      as="section"
      padding="none"
      aria-label="Checklist"
      data-run-id={run.id}
      className="no-print sticky top-0 z-20 mb-6 px-4 py-3 shadow-sm"
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h2 className="text-base font-semibold text-slate-900">
          {fill(t("checklist.period"), { date: periodLabel(run) })}
        </h2>
        <RunStatusBadge status={progress.status} locale={locale} />
        <span className="text-sm text-slate-700 tabular-nums" data-progress>
          {fill(t("checklist.progress"), { done: progress.requiredTicked, total: progress.requiredTotal })}
        </span>
        {run.deadlineAt && (
          <span className="text-xs text-slate-600" data-deadline>
            {fill(t("checklist.deadline"), { time: formatClock(run.deadlineAt, timeZone).slice(0, 5) })}
          </span>
        )}
        {overdue !== null && (
          <span
            className="rounded bg-red-700 px-1.5 py-0.5 text-xs font-semibold text-white"
            data-overdue
            role="status"
          >
            {fill(t("checklist.overdue"), { duration: formatElapsed(overdue, locale) })}
          </span>
        )}
        <span
          data-checklist-live={live ? "on" : "off"}
          className={`ml-auto inline-flex items-center gap-1 text-xs ${live ? "text-emerald-800" : "text-slate-500"}`}
        >
          <span aria-hidden className={`size-2 rounded-full ${live ? "bg-emerald-500" : "bg-slate-400"}`} />
          {t(live ? "checklist.live.on" : "checklist.live.off")}
        </span>
      </div>
      <div className="mt-2 h-2 overflow-hidden rounded bg-slate-100" aria-hidden>
        <div
          className={`h-full ${progress.complete ? (progress.late ? "bg-orange-500" : "bg-emerald-500") : "bg-sky-600"}`}
          style={{ width: `${percent}%` }}
        />
      </div>
      <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {progress.completedAt && progress.completedBy && (
          <span>
            {t(`checklist.status.${progress.late ? "late" : "done"}`)}: {progress.completedBy.name},{" "}
            {formatClock(progress.completedAt, timeZone)}
          </span>
        )}
        {pendingCount > 0 && (
          <span className="font-medium text-amber-900">{fill(t("checklist.pendingCount"), { n: pendingCount })}</span>
        )}
        {run.readOnly && <span>{t("checklist.pastRun")}</span>}
        {!canTick && <span>{t("checklist.readOnly")}</span>}
        {historyHref && <TextLink href={historyHref}>{t("checklist.history")}</TextLink>}
      </div>
    </Card>
  );
}
