import { Card } from "@/components/ui/Card";
import { cx } from "@/components/ui/cx";
import { DataTable } from "@/components/ui/DataTable";
import { translator, type Locale } from "@/lib/i18n/messages";
import { fill, formatCount, formatDecimal } from "@/lib/i18n/format";
import type { SentryPerformanceData } from "@/lib/panels/types";

// P95 and throughput per endpoint; rows over the runbook's threshold are highlighted (colour,
// weight and a text marker, so it does not rely on colour alone, nor on a colour printer).

export function SentryPerformanceView({ data, locale }: { data: SentryPerformanceData; locale: Locale }) {
  const t = translator(locale);
  const over = data.rows.filter((row) => row.overThreshold).length;
  const panelLabel = t("panel.title.sentry-performance");
  return (
    <div data-testid="panel-sentry-performance">
      <div className="mb-2 flex flex-wrap gap-x-3 text-xs text-slate-600">
        <span className="font-medium text-slate-800">
          {fill(t("sentry.perf.threshold"), { n: formatCount(data.threshold, locale) })}
        </span>
        <span className={over > 0 ? "font-semibold text-red-700" : "text-emerald-700"}>
          {fill(t("sentry.perf.overCount"), { n: over })}
        </span>
        <span data-period={data.period}>{t(`sentry.perf.window.${data.period}`)}</span>
        {data.transaction && <span className="font-mono">{data.transaction}</span>}
      </div>
      <DataTable
        label={panelLabel}
        head="caps"
        dense
        minWidth="sm:min-w-[28rem]"
        className="-mx-3 sm:mx-0"
        empty={
          <Card as="span" tone="dashed" className="block">
            {t("sentry.perf.empty")}
          </Card>
        }
        rows={data.rows}
        rowKey={(row) => row.transaction}
        rowProps={(row) => ({
          "data-transaction": row.transaction,
          "data-over-threshold": row.overThreshold ? "true" : "false",
          className: row.overThreshold ? "bg-red-50" : undefined,
        })}
        columns={[
          {
            key: "endpoint",
            header: t("sentry.perf.endpoint"),
            rowHeader: true,
            className: (row) =>
              cx(
                "font-mono text-xs font-normal [overflow-wrap:anywhere]",
                row.overThreshold ? "text-red-900 shadow-[inset_3px_0_0_var(--color-red-600)]" : "text-slate-800",
              ),
            cell: (row) => row.transaction,
          },
          {
            key: "p95",
            header: t("sentry.perf.p95"),
            align: "right",
            className: (row) => (row.overThreshold ? "font-bold text-red-700" : undefined),
            cell: (row) => (
              <>
                <span className="whitespace-nowrap">
                  {row.p95Ms === null ? "—" : `${formatDecimal(row.p95Ms, locale)} ms`}
                </span>
                {row.overThreshold && (
                  <span className="ml-1.5 inline-block rounded bg-red-600 px-1 py-0.5 align-middle text-[10px] leading-none font-semibold whitespace-nowrap text-white uppercase">
                    ▲ {t("sentry.perf.over")}
                  </span>
                )}
              </>
            ),
          },
          { key: "tpm", header: t("sentry.perf.tpm"), align: "right", cell: (row) => formatDecimal(row.tpm, locale) },
          {
            key: "count",
            header: t("sentry.perf.count"),
            align: "right",
            hideOnPhone: true,
            cell: (row) => formatCount(row.count, locale),
          },
        ]}
      />
    </div>
  );
}
