import type { CalendarPeriod } from "@/lib/checklists/history";
import type { Cadence } from "@/lib/generated/prisma/enums.ts";
import { translator, type Locale } from "@/lib/i18n/messages";
import { fill } from "@/lib/i18n/format";
import { STATUS_STYLE } from "./status-style";

const STATUS_MARK = { done: "✓", late: "!", open: "◔", partial: "◐", missed: "✗", pending: "…" } as const;

function label(period: CalendarPeriod, cadence: Cadence, locale: Locale): string {
  if (cadence !== "daily") return period.key;
  const [, m, d] = period.start.split("-");
  return locale === "pt-BR" ? `${d}/${m}` : `${m}-${d}`;
}

/** One cell per period, newest first: status in colour *and* words, who completed it, a link to the run. */
export function HistoryCalendar({
  calendar,
  cadence,
  locale,
}: {
  calendar: CalendarPeriod[];
  cadence: Cadence;
  locale: Locale;
}) {
  const t = translator(locale);
  const periods = [...calendar].reverse();
  return (
    <ol className="grid grid-cols-[repeat(auto-fill,minmax(7.5rem,1fr))] gap-2" aria-label={t("history.calendar")}>
      {periods.map((period) => {
        const body = (
          <>
            <span className="block text-xs font-semibold tabular-nums">{label(period, cadence, locale)}</span>
            <span className="block text-sm font-medium">
              <span aria-hidden>{STATUS_MARK[period.status]} </span>
              {t(`checklist.status.${period.status}`)}
            </span>
            <span className="block text-xs tabular-nums opacity-80">
              {period.requiredTicked}/{period.requiredTotal}
            </span>
            {period.completedBy && (
              <span className="block truncate text-xs">
                {fill(t("history.completedBy"), { name: period.completedBy.name })}
              </span>
            )}
          </>
        );
        return (
          <li
            key={period.key}
            data-period={period.key}
            data-status={period.status}
            title={`${period.start} – ${period.end}`}
            className={`rounded-md border px-2 py-1.5 ${STATUS_STYLE[period.status]}`}
          >
            {period.runId ? (
              <a href={`/history/checklists/runs/${period.runId}`} className="block hover:underline">
                {body}
              </a>
            ) : (
              body
            )}
          </li>
        );
      })}
    </ol>
  );
}
