import type { Metadata } from "next";
import Link from "next/link";
import { SeverityBadge } from "@/components/library/Badges";
import { StatusBadge } from "@/components/incidents/labels";
import { formatDateTime } from "@/lib/i18n/format";
import { requirePageUser } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { config } from "@/lib/config";
import { getTranslator } from "@/lib/i18n/server";
import { listIncidents } from "@/lib/incidents/incidents";
import { listQuerySchema } from "@/lib/incidents/validation";
import { runbookLibrary } from "@/lib/runbooks/library";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incidentes" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser("portal:read", "/incidents");
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  const query = listQuerySchema.parse({ status: first(raw.status), severity: first(raw.severity), runbook: first(raw.runbook), from: first(raw.from), to: first(raw.to) });
  const [{ locale, t }, incidents, runbooks] = await Promise.all([getTranslator(), listIncidents(query), runbookLibrary().list()]);
  const timeZone = config().TIMEZONE;
  const alertRunbooks = runbooks.filter((r) => r.meta.kind === "alert");
  const field = "mt-0.5 rounded border border-slate-300 bg-white px-2 py-1 text-sm";
  const label = "flex flex-col text-xs font-medium text-slate-600";
  return (
    <div>
      <h1 className="text-2xl font-bold text-slate-900">{t("incidents.title")}</h1>
      <p className="mt-1 text-sm text-slate-600">
        {t("incidents.subtitle")}
        {can(user.role, "reports:read") && (
          <>
            {" "}
            <Link href="/history/incidents" className="text-sky-800 hover:underline">
              {t("incidents.reports.link")}
            </Link>
          </>
        )}
      </p>

      {/* A GET form: the filters live in the URL, so a filtered list can be shared and reloaded. */}
      <form method="get" className="mt-4 flex flex-wrap items-end gap-3" aria-label="Filtros">
        <label className={label}>
          {t("incidents.filter.status")}
          <select name="status" defaultValue={query.status ?? ""} className={field}>
            <option value="">{t("incidents.filter.any")}</option>
            {(["open", "acknowledged", "mitigated", "resolved"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`incidents.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className={label}>
          {t("incidents.filter.severity")}
          <select name="severity" defaultValue={query.severity ?? ""} className={field}>
            <option value="">{t("incidents.filter.any")}</option>
            <option value="P1">P1</option>
            <option value="P2">P2</option>
            <option value="P3">P3</option>
          </select>
        </label>
        <label className={label}>
          {t("incidents.filter.runbook")}
          <select name="runbook" defaultValue={query.runbook ?? ""} className={`${field} max-w-64`}>
            <option value="">{t("incidents.filter.any")}</option>
            {alertRunbooks.map((r) => (
              <option key={r.slug} value={r.slug}>
                {r.meta.title}
              </option>
            ))}
          </select>
        </label>
        <label className={label}>
          {t("incidents.filter.from")}
          <input type="date" name="from" defaultValue={query.from ?? ""} className={field} />
        </label>
        <label className={label}>
          {t("incidents.filter.to")}
          <input type="date" name="to" defaultValue={query.to ?? ""} className={field} />
        </label>
        <button type="submit" className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-900">
          {t("incidents.filter.apply")}
        </button>
        <Link href="/incidents" className="text-sm text-sky-800 hover:underline">
          {t("incidents.filter.clear")}
        </Link>
      </form>

      {incidents.length === 0 ? (
        <p className="mt-6 text-sm text-slate-600">{t("incidents.empty")}</p>
      ) : (
        <ul className="mt-6 divide-y divide-slate-200 rounded-md border border-slate-200 bg-white" data-incident-list>
          {incidents.map((incident) => (
            <li key={incident.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm" data-incident={incident.number}>
              <span className="font-mono text-xs text-slate-500">INC-{incident.number}</span>
              <SeverityBadge severity={incident.severity} locale={locale} />
              <StatusBadge status={incident.status} locale={locale} />
              <Link href={`/incidents/${incident.id}`} className="min-w-0 flex-1 font-medium text-sky-800 hover:underline">
                {incident.title}
              </Link>
              {incident.target.breached && (
                <span className="rounded bg-red-700 px-1.5 py-0.5 text-xs font-semibold text-white" data-breached>
                  {t("incidents.target.breached")}
                </span>
              )}
              <span className="w-full text-xs text-slate-500 sm:w-auto">
                {formatDateTime(incident.openedAt, timeZone, locale)} · {incident.runbookSlug ?? t(`incidents.source.${incident.source}`)} · {incident.commander?.name ?? "—"}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
