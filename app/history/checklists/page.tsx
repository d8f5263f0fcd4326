import type { Metadata } from "next";
import { ZodError } from "zod";
import { HistoryCalendar } from "@/components/checklists/HistoryCalendar";
import { formatDuration, formatPercent } from "@/components/checklists/format";
import { requirePageUser } from "@/lib/auth/page";
import { config } from "@/lib/config";
import { librarySource } from "@/lib/checklists/definitions";
import { checklistHistory, type HistoryReport } from "@/lib/checklists/history";
import { historySearchParams, parseHistoryQuery, type HistoryFilter } from "@/lib/checklists/history-filter";
import { NotFoundError } from "@/lib/http/errors";
import { getTranslator } from "@/lib/i18n/server";
import { formatDateTime } from "@/lib/i18n/format";

export const metadata: Metadata = { title: "Histórico de checklists" };
export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

export default async function ChecklistHistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageUser("reports:read", "/history/checklists");
  const params = await searchParams;
  const clock = { now: new Date(), timeZone: config().TIMEZONE };
  let filter: HistoryFilter;
  let invalid: string | null = null;
  try {
    filter = parseHistoryQuery(params, clock);
  } catch (err) {
    if (!(err instanceof ZodError)) throw err;
    invalid = err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    filter = parseHistoryQuery({}, clock);
  }
  // A checklist that exists in no runbook and no run is an invalid filter too: said, then ignored.
  let report: HistoryReport;
  try {
    report = await checklistHistory(filter);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    invalid = [invalid, `checklist: ${err.message}`].filter(Boolean).join("; ");
    filter = { ...filter, checklist: null };
    report = await checklistHistory(filter);
  }
  const [{ locale, t }, checklists] = await Promise.all([getTranslator(), librarySource().list()]);
  const timeZone = clock.timeZone;
  const exportHref = (kind: "ticks" | "runs") => `/api/history/checklists/export?${historySearchParams({ ...filter, kind }).toString()}`;
  const people = report.people.map((p) => p.person);
  const input = "mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1";

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("history.title")}</h1>
        <p className="text-slate-600">{t("history.subtitle")}</p>
      </div>
      {invalid && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t("history.filter.invalid")} {invalid}
        </p>
      )}
      <form method="get" className="grid gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm sm:grid-cols-5" aria-label={t("history.filter.apply")}>
        <label className="sm:col-span-2">
          {t("history.filter.checklist")}
          <select name="checklist" defaultValue={filter.checklist ?? ""} className={input}>
            <option value="">{t("history.filter.all")}</option>
            {checklists.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("history.filter.person")}
          <select name="person" defaultValue={filter.person ?? ""} className={input}>
            <option value="">{t("history.filter.all")}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
            {filter.person && !people.some((p) => p.id === filter.person) && <option value={filter.person}>{filter.person}</option>}
          </select>
        </label>
        <label>
          {t("history.filter.from")}
          <input type="date" name="from" defaultValue={filter.from} className={input} />
        </label>
        <label>
          {t("history.filter.to")}
          <input type="date" name="to" defaultValue={filter.to} className={input} />
        </label>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-5">
          <button className="rounded-md bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800">{t("history.filter.apply")}</button>
          <a href={exportHref("ticks")} className="text-sky-800 hover:underline" download>
            {t("history.export.ticks")}
          </a>
          <a href={exportHref("runs")} className="text-sky-800 hover:underline" download>
            {t("history.export.runs")}
          </a>
        </div>
      </form>

      {report.checklists.length === 0 && <p className="rounded-md border border-slate-200 bg-white p-4 text-slate-600">{t("history.none")}</p>}

      {report.checklists.map((h) => (
        <section key={h.checklist.slug} data-history-checklist={h.checklist.slug} className="space-y-4 rounded-md border border-slate-200 bg-white p-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="text-lg font-semibold">{h.checklist.title}</h2>
            <a href={`/runbooks/${encodeURIComponent(h.checklist.slug)}`} className="text-sm text-sky-800 hover:underline">
              {t("history.run.open")}
            </a>
          </div>
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
            {(
              [
                ["history.completionRate", formatPercent(h.completion.completionRate)],
                ["history.onTimeRate", formatPercent(h.completion.onTimeRate)],
                ["history.avgDuration", formatDuration(h.completion.averageDurationMs)],
                ["history.medianDuration", formatDuration(h.completion.medianDurationMs)],
                ["history.avgLateBy", formatDuration(h.completion.averageLateByMs)],
              ] as const
            ).map(([key, value]) => (
              <div key={key} className="rounded border border-slate-200 px-3 py-2">
                <dt className="text-xs text-slate-600">{t(key)}</dt>
                <dd className="text-base font-semibold tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-700">{t("history.calendar")}</h3>
            <HistoryCalendar calendar={h.calendar} cadence={h.checklist.cadence} locale={locale} />
          </div>
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-700">{t("history.skipRates")}</h3>
            {h.items.length === 0 ? (
              <p className="text-sm text-slate-600">{t("history.none")}</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-sm">
                  <thead className="bg-slate-100 text-left text-slate-600">
                    <tr>
                      <th className="px-3 py-1.5 font-medium">{t("history.col.item")}</th>
                      <th className="px-3 py-1.5 text-right font-medium">{t("history.col.runs")}</th>
                      <th className="px-3 py-1.5 text-right font-medium">{t("history.col.skipped")}</th>
                      <th className="px-3 py-1.5 text-right font-medium">{t("history.col.rate")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {h.items.map((item) => (
                      <tr key={item.itemId} className="border-t border-slate-100">
                        <td className="px-3 py-1.5">
                          {item.text ?? <code>{item.itemId}</code>}
                          {item.optional && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{t("checklist.optional")}</span>}
                        </td>
                        <td className="px-3 py-1.5 text-right tabular-nums">{item.runs}</td>
                        <td className="px-3 py-1.5 text-right tabular-nums">{item.skipped}</td>
                        <td className="px-3 py-1.5 text-right tabular-nums">{formatPercent(item.rate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </section>
      ))}

      <section className="space-y-2 rounded-md border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-semibold">{t("history.people")}</h2>
        {report.people.length === 0 ? (
          <p className="text-sm text-slate-600">{t("history.none")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="history-people">
              <thead className="bg-slate-100 text-left text-slate-600">
                <tr>
                  <th className="px-3 py-1.5 font-medium">{t("history.col.person")}</th>
                  <th className="px-3 py-1.5 text-right font-medium">{t("history.col.ticks")}</th>
                  <th className="px-3 py-1.5 text-right font-medium">{t("history.col.unticks")}</th>
                  <th className="px-3 py-1.5 text-right font-medium">{t("history.col.notes")}</th>
                  <th className="px-3 py-1.5 text-right font-medium">{t("history.col.runsTouched")}</th>
                  <th className="px-3 py-1.5 text-right font-medium">{t("history.col.runsCompleted")}</th>
                  <th className="px-3 py-1.5 font-medium">{t("history.col.last")}</th>
                </tr>
              </thead>
              <tbody>
                {report.people.map((p) => (
                  <tr key={p.person.id} className="border-t border-slate-100">
                    <td className="px-3 py-1.5">
                      <a href={`?${historySearchParams({ ...filter, person: p.person.id }).toString()}`} className="text-sky-800 hover:underline">
                        {p.person.name}
                      </a>
                      <span className="block text-xs text-slate-500">{p.person.email}</span>
                    </td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{p.ticks}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{p.unticks}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{p.notes}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{p.runsTouched}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">
                      {p.runsCompleted} ({p.runsCompletedLate})
                    </td>
                    <td className="px-3 py-1.5 tabular-nums">{p.lastActivityAt ? formatDateTime(p.lastActivityAt, timeZone, locale) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
