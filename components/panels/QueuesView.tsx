import { DataTable } from "@/components/ui/DataTable";
import { translator, type Locale } from "@/lib/i18n/messages";
import { formatCount } from "@/lib/i18n/format";
import { bullBoardUrl } from "@/lib/panels/query";
import { hasLimits, LEVEL_CLASSES, limitLevel } from "@/lib/panels/level";
import type { QueueRow } from "@/lib/panels/types";
import type { PanelLimits } from "@/lib/runbooks/panels";
import { LimitsLegend } from "./LimitsLegend";

const alarm = (count: number | null) => (count ? "font-semibold text-red-700" : "text-slate-500");

/**
 * Job counts per monitored queue, linked to Bull Board: the home page (framed) and the queues panel.
 * With the runbook's limits, the waiting column is amber / red past them.
 */
export function QueuesView({
  queues,
  locale,
  framed = false,
  testId = "panel-queues",
  limits = {},
}: {
  queues: QueueRow[];
  locale: Locale;
  framed?: boolean;
  testId?: string;
  limits?: PanelLimits;
}) {
  const t = translator(locale);
  const n = (value: number) => formatCount(value, locale);
  const waiting = (q: QueueRow) => q.counts.waiting + q.counts.prioritized;
  const table = (
    <DataTable
      label={t("queue.table")}
      frame={framed ? "framed" : "inset"}
      head={framed ? "shaded" : "caps"}
      dense={!framed}
      minWidth="min-w-[30rem]"
      className={framed ? undefined : "-mx-3 sm:mx-0"}
      data-testid={testId}
      rows={queues}
      rowKey={(q) => q.name}
      rowProps={(q) => ({ "data-queue": q.name })}
      columns={[
        {
          key: "queue",
          header: t("queue.name"),
          rowHeader: true,
          className: "font-medium",
          cell: (q) => (
            <>
              <a href={bullBoardUrl(q.name)} className="text-sky-800 hover:underline">
                {q.displayName}
              </a>
              <span className="ml-2 font-mono text-xs font-normal text-slate-500">{q.name}</span>
            </>
          ),
        },
        {
          key: "waiting",
          header: t("queue.waiting"),
          align: "right",
          className: (q) => LEVEL_CLASSES[limitLevel(waiting(q), limits)],
          cell: (q) => <span data-limit-level={limitLevel(waiting(q), limits)}>{n(waiting(q))}</span>,
        },
        { key: "active", header: t("queue.active"), align: "right", cell: (q) => n(q.counts.active) },
        { key: "delayed", header: t("queue.delayed"), align: "right", cell: (q) => n(q.counts.delayed) },
        {
          key: "failed",
          header: t("queue.failed"),
          align: "right",
          className: (q) => alarm(q.counts.failed),
          cell: (q) => n(q.counts.failed),
        },
        {
          key: "dlq",
          header: t("queue.dlq"),
          align: "right",
          className: (q) => alarm(q.dlqSize),
          cell: (q) =>
            q.dlq && q.dlqSize !== null ? (
              <a href={bullBoardUrl(q.dlq)} className="hover:underline">
                {n(q.dlqSize)}
              </a>
            ) : (
              "—"
            ),
        },
      ]}
    />
  );
  if (!hasLimits(limits)) return table;
  return (
    <div>
      {table}
      <LimitsLegend what={t("limits.waiting")} limits={limits} locale={locale} />
    </div>
  );
}
