import { translator, type Locale } from "@/lib/i18n/messages";
import { fill, formatCount, formatDecimal } from "@/lib/i18n/format";
import type { SentryPerformanceData } from "@/lib/panels/types";

// P95 and throughput per endpoint; rows over the runbook's threshold are highlighted (colour,
// weight and a text marker, so it does not rely on colour alone, nor on a colour printer).

export function SentryPerformanceView({ data, locale }: { data: SentryPerformanceData; locale: Locale }) {
  const t = translator(locale);
  const over = data.rows.filter((row) => row.overThreshold).length;
  const numeric = "px-3 py-1.5 text-right tabular-nums";
  return (
    <div data-testid="panel-sentry-performance">
      <div className="mb-2 flex flex-wrap gap-x-3 text-xs text-slate-600">
        <span className="font-medium text-slate-800">{fill(t("sentry.perf.threshold"), { n: formatCount(data.threshold, locale) })}</span>
        <span className={over > 0 ? "font-semibold text-red-700" : "text-emerald-700"}>{fill(t("sentry.perf.overCount"), { n: over })}</span>
        <span data-period={data.period}>{t(`sentry.perf.window.${data.period}`)}</span>
        {data.transaction && <span className="font-mono">{data.transaction}</span>}
      </div>
      {data.rows.length === 0 ? (
        <div className="rounded-md border border-dashed border-slate-300 px-3 py-3 text-slate-600">{t("sentry.perf.empty")}</div>
      ) : (
        <div className="-mx-3 overflow-x-auto sm:mx-0">
          <table className="w-full text-sm sm:min-w-[28rem]">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr className="border-b border-slate-200">
                <th scope="col" className="px-3 py-1.5 font-medium">
                  {t("sentry.perf.endpoint")}
                </th>
                <th scope="col" className={`${numeric} font-medium`}>{t("sentry.perf.p95")}</th>
                <th scope="col" className={`${numeric} font-medium`}>{t("sentry.perf.tpm")}</th>
                <th scope="col" className={`${numeric} hidden font-medium sm:table-cell`}>{t("sentry.perf.count")}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr
                  key={row.transaction}
                  data-transaction={row.transaction}
                  data-over-threshold={row.overThreshold ? "true" : "false"}
                  className={`border-b border-slate-100 last:border-0 ${row.overThreshold ? "bg-red-50" : ""}`}
                >
                  <th scope="row" className={`px-3 py-1.5 text-left font-mono [overflow-wrap:anywhere] text-xs font-normal ${row.overThreshold ? "text-red-900 shadow-[inset_3px_0_0_var(--color-red-600)]" : "text-slate-800"}`}>
                    {row.transaction}
                  </th>
                  <td className={`${numeric} ${row.overThreshold ? "font-bold text-red-700" : ""}`}>
                    <span className="whitespace-nowrap">{row.p95Ms === null ? "—" : `${formatDecimal(row.p95Ms, locale)} ms`}</span>
                    {row.overThreshold && (
                      <span className="ml-1.5 inline-block whitespace-nowrap rounded bg-red-600 px-1 py-0.5 align-middle text-[10px] font-semibold uppercase leading-none text-white">
                        ▲ {t("sentry.perf.over")}
                      </span>
                    )}
                  </td>
                  <td className={numeric}>{formatDecimal(row.tpm, locale)}</td>
                  <td className={`${numeric} hidden sm:table-cell`}>{formatCount(row.count, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
