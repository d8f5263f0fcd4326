import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";
import { BadRequestError } from "@/lib/http/errors";
import { getTranslator } from "@/lib/i18n/server";
import { incidentStats, NO_RUNBOOK, parseRange, type StatsRow } from "@/lib/incidents/reports";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Histórico de incidentes: MTTA / MTTR" };

const fmt = (v: number | null) => (v === null ? "—" : `${v} min`);

/** MTTA and MTTR by severity and by runbook over a range of days, with the CSV of those incidents. */
export default async function IncidentHistoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
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
  const [{ t }, stats] = await Promise.all([getTranslator(), incidentStats(range)]);
  // Each row links to the incident list with the same filter, to see which incidents make the average.
  const listHref = (id: string, key: string) => {
    const filter = new URLSearchParams({ from: stats.from, to: stats.to });
    if (id === "by-severity") filter.set("severity", key);
    else if (key !== NO_RUNBOOK) filter.set("runbook", key);
    return `/incidents?${filter.toString()}`;
  };
  const table = (title: string, rows: StatsRow[], id: string) => (
    <section className="mt-6" aria-labelledby={id}>
      <h2 id={id} className="font-semibold text-slate-900">
        {title}
      </h2>
      <div className="overflow-x-auto">
        <table className="mt-2 min-w-full text-sm" data-stats={id}>
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-4">{id === "by-severity" ? t("incidents.filter.severity") : t("incidents.filter.runbook")}</th>
              <th className="py-1 pr-4">{t("incidents.reports.count")}</th>
              <th className="py-1 pr-4">MTTA</th>
              <th className="py-1 pr-4">MTTR</th>
              <th className="py-1 pr-4">{t("incidents.target.breached")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {rows.map((row) => (
              <tr key={row.key} data-key={row.key}>
                <td className="py-1 pr-4 font-medium">
                  <a href={listHref(id, row.key)} className="text-sky-800 hover:underline">
                    {row.key}
                  </a>
                </td>
                <td className="py-1 pr-4">{row.count}</td>
                <td className="py-1 pr-4" data-mtta>
                  {fmt(row.mttaMinutes)} <span className="text-xs text-slate-500">({row.acknowledged})</span>
                </td>
                <td className="py-1 pr-4" data-mttr>
                  {fmt(row.mttrMinutes)} <span className="text-xs text-slate-500">({row.resolved})</span>
                </td>
                <td className="py-1 pr-4">{row.breached}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
  return (
    <div>
      <h1 className="text-2xl font-bold text-slate-900">{t("incidents.reports.title")}</h1>
      <p className="mt-1 text-sm text-slate-600">{t("incidents.reports.subtitle")}</p>
      <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
        <label className="flex flex-col text-xs font-medium text-slate-600">
          {t("incidents.filter.from")}
          <input type="date" name="from" defaultValue={stats.from} className="mt-0.5 rounded border border-slate-300 px-2 py-1 text-sm" />
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-600">
          {t("incidents.filter.to")}
          <input type="date" name="to" defaultValue={stats.to} className="mt-0.5 rounded border border-slate-300 px-2 py-1 text-sm" />
        </label>
        <button type="submit" className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white">
          {t("incidents.filter.apply")}
        </button>
        <a href={`/api/history/incidents/export?from=${stats.from}&to=${stats.to}`} className="text-sm text-sky-800 hover:underline" download>
          {t("incidents.reports.csv")}
        </a>
      </form>
      <p className="mt-4 text-sm text-slate-700" data-total>
        {t("incidents.reports.count")}: {stats.total.count} · MTTA {fmt(stats.total.mttaMinutes)} · MTTR {fmt(stats.total.mttrMinutes)}
      </p>
      {table(t("incidents.reports.bySeverity"), stats.bySeverity, "by-severity")}
      {table(t("incidents.reports.byRunbook"), stats.byRunbook, "by-runbook")}
    </div>
  );
}
