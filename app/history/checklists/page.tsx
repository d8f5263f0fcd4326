import type { Metadata } from "next";
import { ZodError } from "zod";
import { HistoryCalendar } from "@/components/checklists/HistoryCalendar";
import { OptionalBadge } from "@/components/checklists/OptionalBadge";
import { formatDuration, formatPercent } from "@/components/checklists/format";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Card, Section } from "@/components/ui/Card";
import { DataTable } from "@/components/ui/DataTable";
import { DateRangeFields, SelectField } from "@/components/ui/Field";
import { PageHeader } from "@/components/ui/PageHeader";
import { TextLink } from "@/components/ui/TextLink";
import { requirePageUser } from "@/lib/auth/page";
import { config } from "@/lib/config";
import { librarySource } from "@/lib/checklists/definitions";
import { checklistHistory, type HistoryReport } from "@/lib/checklists/history";
import { historySearchParams, parseHistoryQuery, type HistoryFilter } from "@/lib/checklists/history-filter";
import { readForPage } from "@/lib/db/unavailable";
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
    report = await readForPage(() => checklistHistory(filter));
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    invalid = [invalid, `checklist: ${err.message}`].filter(Boolean).join("; ");
    filter = { ...filter, checklist: null };
    report = await readForPage(() => checklistHistory(filter));
  }
  const [{ locale, t }, checklists] = await Promise.all([getTranslator(), librarySource().list()]);
  const timeZone = clock.timeZone;
  const exportHref = (kind: "ticks" | "runs") =>
    `/api/history/checklists/export?${historySearchParams({ ...filter, kind }).toString()}`;
  const people = report.people.map((p) => p.person);
  // A person filtered on who did nothing in the period stays selectable, by id.
  const personChoices = [
    ...people.map((p) => ({ value: p.id, label: p.name })),
    ...(filter.person && !people.some((p) => p.id === filter.person)
      ? [{ value: filter.person, label: filter.person }]
      : []),
  ];
  return (
    <div className="space-y-6">
      <PageHeader title={t("history.title")} subtitle={t("history.subtitle")} />
      {invalid && (
        <Alert tone="warning" role="alert">
          {t("history.filter.invalid")} {invalid}
        </Alert>
      )}
      <Card as="form" method="get" className="grid gap-3 text-sm sm:grid-cols-5" aria-label={t("history.filter.apply")}>
        <SelectField
          label={t("history.filter.checklist")}
          fieldClassName="sm:col-span-2"
          name="checklist"
          defaultValue={filter.checklist ?? ""}
          anyLabel={t("history.filter.all")}
          choices={checklists.map((c) => ({ value: c.slug, label: c.title }))}
        />
        <SelectField
          label={t("history.filter.person")}
          name="person"
          defaultValue={filter.person ?? ""}
          anyLabel={t("history.filter.all")}
          choices={personChoices}
        />
        <DateRangeFields
          from={filter.from}
          to={filter.to}
          labels={{ from: t("history.filter.from"), to: t("history.filter.to") }}
        />
        <div className="flex flex-wrap items-center gap-3 sm:col-span-5">
          <Button type="submit" variant="primary">
            {t("history.filter.apply")}
          </Button>
          <TextLink href={exportHref("ticks")} download>
            {t("history.export.ticks")}
          </TextLink>
          <TextLink href={exportHref("runs")} download>
            {t("history.export.runs")}
          </TextLink>
        </div>
      </Card>

      {report.checklists.length === 0 && (
        <Card as="p" padding="lg" className="text-slate-600">
          {t("history.none")}
        </Card>
      )}

      {report.checklists.map((h) => (
        <Section
          key={h.checklist.slug}
          title={h.checklist.title}
          data-history-checklist={h.checklist.slug}
          className="space-y-4"
          actions={
            <TextLink href={`/runbooks/${encodeURIComponent(h.checklist.slug)}`} className="text-sm">
              {t("history.run.open")}
            </TextLink>
          }
        >
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
            <DataTable
              label={t("history.skipRates")}
              dense
              empty={t("history.none")}
              rows={h.items}
              rowKey={(item) => item.itemId}
              columns={[
                {
                  key: "item",
                  header: t("history.col.item"),
                  cell: (item) => (
                    <>
                      {item.text ?? <code>{item.itemId}</code>}
                      {item.optional && <OptionalBadge locale={locale} />}
                    </>
                  ),
                },
                { key: "runs", header: t("history.col.runs"), align: "right", cell: (item) => item.runs },
                { key: "skipped", header: t("history.col.skipped"), align: "right", cell: (item) => item.skipped },
                {
                  key: "rate",
                  header: t("history.col.rate"),
                  align: "right",
                  cell: (item) => formatPercent(item.rate),
                },
              ]}
            />
          </div>
        </Section>
      ))}

      <Section title={t("history.people")}>
        <DataTable
          label={t("history.people")}
          dense
          data-testid="history-people"
          minWidth="min-w-[40rem]"
          empty={t("history.none")}
          rows={report.people}
          rowKey={(p) => p.person.id}
          columns={[
            {
              key: "person",
              header: t("history.col.person"),
              cell: (p) => (
                <>
                  <TextLink href={`?${historySearchParams({ ...filter, person: p.person.id }).toString()}`}>
                    {p.person.name}
                  </TextLink>
                  <span className="block text-xs text-slate-500">{p.person.email}</span>
                </>
              ),
            },
            { key: "ticks", header: t("history.col.ticks"), align: "right", cell: (p) => p.ticks },
            { key: "unticks", header: t("history.col.unticks"), align: "right", cell: (p) => p.unticks },
            { key: "notes", header: t("history.col.notes"), align: "right", cell: (p) => p.notes },
            { key: "touched", header: t("history.col.runsTouched"), align: "right", cell: (p) => p.runsTouched },
            {
              key: "completed",
              header: t("history.col.runsCompleted"),
              align: "right",
              cell: (p) => `${p.runsCompleted} (${p.runsCompletedLate})`,
            },
            {
              key: "last",
              header: t("history.col.last"),
              className: "tabular-nums",
              cell: (p) => (p.lastActivityAt ? formatDateTime(p.lastActivityAt, timeZone, locale) : "—"),
            },
          ]}
        />
      </Section>
    </div>
  );
}
