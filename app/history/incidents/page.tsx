import type { Metadata } from "next";
import { Button } from "@/components/ui/Button";
import { DataTable } from "@/components/ui/DataTable";
import { DateRangeFields } from "@/components/ui/Field";
import { PageHeader } from "@/components/ui/PageHeader";
import { TextLink } from "@/components/ui/TextLink";
import { requirePageUser } from "@/lib/auth/page";
import { readForPage } from "@/lib/db/unavailable";
import { BadRequestError } from "@/lib/http/errors";
import { getTranslator } from "@/lib/i18n/server";
import { incidentStats, NO_RUNBOOK, parseRange, type StatsRow } from "@/lib/incidents/reports";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Histórico de incidentes: MTTA / MTTR" };

const fmt = (v: number | null) => (v === null ? "—" : `${v} min`);

/** An average in minutes and, in brackets, how many incidents it is the average of. */
function Average({ metric, minutes, of }: { metric: "mtta" | "mttr"; minutes: number | null; of: number }) {
  return (
    <span {...{ [`data-${metric}`]: true }}>
      {fmt(minutes)} <span className="text-xs text-slate-500">({of})</span>
    </span>
  );
}

/** MTTA and MTTR by severity and by runbook over a range of days, with the CSV of those incidents. */
export default async function IncidentHistoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("reports:read", "/history/incidents");
  const raw = await searchParams;
  const params = new URLSearchParams();
  for (const name of ["from", "to"]) {
    const v = raw[name];
    if (typeof v === "string" && v) params.set(name, v);
  }
  let range;
  try {
    range = parseRange(params, new Date());
  } catch (err) {
    if (!(err instanceof BadRequestError)) throw err;
    range = parseRange(new URLSearchParams(), new Date());
  }
  const [{ t }, stats] = await Promise.all([getTranslator(), readForPage(() => incidentStats(range))]);
  // Each row links to the incident list with the same filter, to see which incidents make the average.
  const listHref = (id: string, key: string) => {
    const filter = new URLSearchParams({ from: stats.from, to: stats.to });
    if (id === "by-severity") filter.set("severity", key);
    else if (key !== NO_RUNBOOK) filter.set("runbook", key);
    return `/incidents?${filter.toString()}`;
  };
  const table = (title: string, rows: StatsRow[], id: string) => (
    <section className="mt-6" aria-labelledby={id}>
      <h2 id={id} className="mb-2 font-semibold text-slate-900">
        {title}
      </h2>
      <DataTable
        label={title}
        head="caps"
        dense
        data-stats={id}
        rows={rows}
        rowKey={(row) => row.key}
        rowProps={(row) => ({ "data-key": row.key })}
        columns={[
          {
            key: "key",
            header: id === "by-severity" ? t("incidents.filter.severity") : t("incidents.filter.runbook"),
            className: "font-medium",
            cell: (row) => <TextLink href={listHref(id, row.key)}>{row.key}</TextLink>,
          },
          { key: "count", header: t("incidents.reports.count"), cell: (row) => row.count },
          {
            key: "mtta",
            header: "MTTA",
            cell: (row) => <Average metric="mtta" minutes={row.mttaMinutes} of={row.acknowledged} />,
          },
          {
            key: "mttr",
            header: "MTTR",
            cell: (row) => <Average metric="mttr" minutes={row.mttrMinutes} of={row.resolved} />,
          },
          { key: "breached", header: t("incidents.target.breached"), cell: (row) => row.breached },
          {
            key: "changes",
            header: t("incidents.reports.changes"),
            cell: (row) => <span data-changes>{row.changes.join(", ") || "—"}</span>,
          },
        ]}
      />
    </section>
  );
  return (
    <div>
      <PageHeader title={t("incidents.reports.title")} subtitle={t("incidents.reports.subtitle")} />
      <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
        <DateRangeFields
          from={stats.from}
          to={stats.to}
          labels={{ from: t("incidents.filter.from"), to: t("incidents.filter.to") }}
        />
        <Button type="submit" variant="dark">
          {t("incidents.filter.apply")}
        </Button>
        <TextLink href={`/api/history/incidents/export?from=${stats.from}&to=${stats.to}`} className="text-sm" download>
          {t("incidents.reports.csv")}
        </TextLink>
      </form>
      <p className="mt-4 text-sm text-slate-700" data-total>
        {t("incidents.reports.count")}: {stats.total.count} · MTTA {fmt(stats.total.mttaMinutes)} · MTTR{" "}
        {fmt(stats.total.mttrMinutes)}
      </p>
      {table(t("incidents.reports.bySeverity"), stats.bySeverity, "by-severity")}
      {table(t("incidents.reports.byRunbook"), stats.byRunbook, "by-runbook")}
    </div>
  );
}
