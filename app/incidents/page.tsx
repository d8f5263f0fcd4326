import type { Metadata } from "next";
import Link from "next/link";
import { SeverityBadge } from "@/components/library/Badges";
import { StatusBadge } from "@/components/incidents/labels";
import { Badge } from "@/components/ui/Badge";
import { Button, ButtonLink } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { DateRangeFields, SelectField } from "@/components/ui/Field";
import { PageHeader } from "@/components/ui/PageHeader";
import { LINK_CLASS } from "@/components/ui/TextLink";
import { formatDateTime } from "@/lib/i18n/format";
import { requirePageUser } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { config } from "@/lib/config";
import { getTranslator } from "@/lib/i18n/server";
import { listIncidents } from "@/lib/incidents/incidents";
import { listQuerySchema } from "@/lib/incidents/validation";
import { runbookLibrary } from "@/lib/runbooks/library";
import { SEVERITIES } from "@/lib/runbooks/schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incidentes" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser("portal:read", "/incidents");
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  const query = listQuerySchema.parse({
    status: first(raw.status),
    severity: first(raw.severity),
    runbook: first(raw.runbook),
    from: first(raw.from),
    to: first(raw.to),
  });
  const [{ locale, t }, incidents, runbooks] = await Promise.all([
    getTranslator(),
    listIncidents(query),
    runbookLibrary().list(),
  ]);
  const timeZone = config().TIMEZONE;
  const alertRunbooks = runbooks.filter((r) => r.meta.kind === "alert");
  return (
    <div>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageHeader
          title={t("incidents.title")}
          subtitle={
            <>
              {t("incidents.subtitle")}
              {can(user.role, "reports:read") && (
                <>
                  {" "}
                  <Link href="/history/incidents" className={LINK_CLASS}>
                    {t("incidents.reports.link")}
                  </Link>
                </>
              )}
            </>
          }
        />
        {can(user.role, "incidents:write") && (
          <ButtonLink href="/incidents/new" variant="urgent" data-new-incident>
            {t("incidents.list.new")}
          </ButtonLink>
        )}
      </div>

      {/* A GET form: the filters live in the URL, so a filtered list can be shared and reloaded. */}
      <form method="get" className="mt-4 flex flex-wrap items-end gap-3" aria-label="Filtros">
        <SelectField
          label={t("incidents.filter.status")}
          name="status"
          defaultValue={query.status ?? ""}
          anyLabel={t("incidents.filter.any")}
          choices={(["open", "acknowledged", "mitigated", "resolved"] as const).map((s) => ({
            value: s,
            label: t(`incidents.status.${s}`),
          }))}
        />
        <SelectField
          label={t("incidents.filter.severity")}
          name="severity"
          defaultValue={query.severity ?? ""}
          anyLabel={t("incidents.filter.any")}
          choices={SEVERITIES.map((s) => ({ value: s, label: s }))}
        />
        <SelectField
          label={t("incidents.filter.runbook")}
          name="runbook"
          defaultValue={query.runbook ?? ""}
          className="max-w-64"
          anyLabel={t("incidents.filter.any")}
          choices={alertRunbooks.map((r) => ({ value: r.slug, label: r.meta.title }))}
        />
        <DateRangeFields
          from={query.from ?? ""}
          to={query.to ?? ""}
          labels={{ from: t("incidents.filter.from"), to: t("incidents.filter.to") }}
        />
        <Button type="submit" variant="dark">
          {t("incidents.filter.apply")}
        </Button>
        <Link href="/incidents" className={`text-sm ${LINK_CLASS}`}>
          {t("incidents.filter.clear")}
        </Link>
      </form>

      {incidents.length === 0 ? (
        <p className="mt-6 text-sm text-slate-600">{t("incidents.empty")}</p>
      ) : (
        <Card as="ul" padding="none" className="mt-6 divide-y divide-slate-200" data-incident-list>
          {incidents.map((incident) => (
            <li
              key={incident.id}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm"
              data-incident={incident.number}
            >
              <span className="font-mono text-xs text-slate-500">INC-{incident.number}</span>
              <SeverityBadge severity={incident.severity} locale={locale} />
              <StatusBadge status={incident.status} locale={locale} />
              <Link href={`/incidents/${incident.id}`} className={`min-w-0 flex-1 font-medium ${LINK_CLASS}`}>
                {incident.title}
              </Link>
              {incident.target.breached && (
                <Badge tone="critical" strong data-breached>
                  {t("incidents.target.breached")}
                </Badge>
              )}
              <span className="w-full text-xs text-slate-500 sm:w-auto">
                {formatDateTime(incident.openedAt, timeZone, locale)} ·{" "}
                {incident.runbookSlug ?? t(`incidents.source.${incident.source}`)} · {incident.commander?.name ?? "—"}
              </span>
            </li>
          ))}
        </Card>
      )}
    </div>
  );
}
