import { translator, type Locale } from "@/lib/i18n/messages";
import { formatCount } from "@/lib/i18n/format";
import { bullBoardUrl } from "@/lib/panels/query";
import { hasLimits, LEVEL_CLASSES, limitLevel } from "@/lib/panels/level";
import type { QueuesData } from "@/lib/panels/types";
import type { PanelLimits } from "@/lib/runbooks/panels";
import { LimitsLegend } from "./LimitsLegend";

/** Every queue's counts; with the runbook's limits, the waiting column is amber / red past them. */
export function QueuesView({ data, locale, limits = {} }: { data: QueuesData; locale: Locale; limits?: PanelLimits }) {
  const t = translator(locale);
  const n = (value: number) => formatCount(value, locale);
  const numeric = "px-3 py-1.5 text-right tabular-nums";
  return (
    <div>
      <div className="-mx-3 overflow-x-auto sm:mx-0">
        <table className="w-full min-w-[30rem] text-sm" data-testid="panel-queues">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr className="border-b border-slate-200">
              <th scope="col" className="px-3 py-1.5 font-medium">
                Fila
              </th>
              <th scope="col" className={`${numeric} font-medium`}>{t("queue.waiting")}</th>
              <th scope="col" className={`${numeric} font-medium`}>{t("queue.active")}</th>
              <th scope="col" className={`${numeric} font-medium`}>{t("queue.delayed")}</th>
              <th scope="col" className={`${numeric} font-medium`}>{t("queue.failed")}</th>
              <th scope="col" className={`${numeric} font-medium`}>{t("queue.dlq")}</th>
            </tr>
          </thead>
          <tbody>
            {data.queues.map((q) => (
              <tr key={q.name} data-queue={q.name} className="border-b border-slate-100 last:border-0">
                <th scope="row" className="px-3 py-1.5 text-left font-medium">
                  <a href={bullBoardUrl(q.name)} className="text-sky-800 hover:underline">
                    {q.displayName}
                  </a>
                  <span className="ml-2 font-mono text-xs font-normal text-slate-500">{q.name}</span>
                </th>
                <td className={`${numeric} ${LEVEL_CLASSES[limitLevel(q.counts.waiting + q.counts.prioritized, limits)]}`} data-limit-level={limitLevel(q.counts.waiting + q.counts.prioritized, limits)}>
                  {n(q.counts.waiting + q.counts.prioritized)}
                </td>
                <td className={numeric}>{n(q.counts.active)}</td>
                <td className={numeric}>{n(q.counts.delayed)}</td>
                <td className={`${numeric} ${q.counts.failed > 0 ? "font-semibold text-red-700" : "text-slate-500"}`}>{n(q.counts.failed)}</td>
                <td className={`${numeric} ${q.dlqSize ? "font-semibold text-red-700" : "text-slate-500"}`}>
                  {q.dlq && q.dlqSize !== null ? (
                    <a href={bullBoardUrl(q.dlq)} className="hover:underline">
                      {n(q.dlqSize)}
                    </a>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {hasLimits(limits) && <LimitsLegend what={t("limits.waiting")} limits={limits} locale={locale} />}
    </div>
  );
}
