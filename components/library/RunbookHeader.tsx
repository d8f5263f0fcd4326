import type { ReactNode } from "react";
import { Card } from "@/components/ui/Card";
import { DataTable } from "@/components/ui/DataTable";
import { translator, type Locale } from "@/lib/i18n/messages";
import { fill, formatDay } from "@/lib/i18n/format";
import type { RunbookMeta } from "@/lib/runbooks/schema";
import { CadenceBadge, KindBadge, ReviewOverdueBadge, SeverityBadge } from "./Badges";
import { libraryHref } from "./filter";
import { TagList } from "./TagList";

// The top of a runbook page: what it is for, who owns it, how fresh it is, who to call.

interface RunbookHeaderProps {
  meta: RunbookMeta;
  slug: string;
  version: string;
  locale: Locale;
  overdue: boolean;
  dueDate: string;
  /** Buttons and links (print, panels on/off). */
  actions?: ReactNode;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

export function RunbookHeader({ meta, slug, version, locale, overdue, dueDate, actions }: RunbookHeaderProps) {
  const t = translator(locale);
  return (
    <header className="mb-6 border-b border-slate-200 pb-5">
      <nav aria-label="Breadcrumb" className="no-print mb-2 text-sm text-slate-500">
        <a href="/runbooks" className="hover:text-sky-800 hover:underline">
          {t("library.title")}
        </a>
        <span aria-hidden className="mx-1.5">
          /
        </span>
        <span className="font-mono text-xs">{slug}</span>
      </nav>
      <div className="flex flex-wrap items-center gap-1.5">
        <KindBadge kind={meta.kind} locale={locale} />
        {meta.severity && <SeverityBadge severity={meta.severity} locale={locale} long />}
        {meta.cadence && <CadenceBadge cadence={meta.cadence} locale={locale} />}
        {overdue && <ReviewOverdueBadge locale={locale} due={dueDate} />}
      </div>
      <h1 className="mt-2 text-2xl leading-tight font-bold tracking-tight text-slate-900 sm:text-3xl">{meta.title}</h1>
      <p className="mt-2 max-w-3xl text-base text-slate-700">{meta.summary}</p>

      <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4">
        <Fact label={t("runbook.owner")}>{meta.owner}</Fact>
        {meta.system && (
          <Fact label={t("runbook.system")}>
            <span data-testid="runbook-system">{t(`runbook.system.${meta.system}`)}</span>
          </Fact>
        )}
        {meta.cadence ? (
          <Fact label={t("runbook.cadence")}>
            {t(`cadence.${meta.cadence}`)}
            {meta.deadline && `, ${fill(t("runbook.deadline"), { time: meta.deadline })}`}
          </Fact>
        ) : meta.severity ? (
          <Fact label={t("runbook.severity")}>{t(`severity.${meta.severity}`)}</Fact>
        ) : null}
        <Fact label={t("runbook.review")}>
          <span className={overdue ? "font-medium text-amber-800" : undefined}>
            {fill(t("runbook.reviewDetail"), {
              every: t(`review.${meta.review.every}`),
              last: formatDay(meta.review.last, locale),
              next: formatDay(dueDate, locale),
            })}
          </span>
        </Fact>
        <Fact label={t("runbook.version")}>
          <code title={version} className="font-mono text-xs text-slate-700" data-testid="runbook-version">
            {version.slice(0, 12)}
          </code>
        </Fact>
      </dl>

      {(meta.tags.length > 0 || meta.triggers.length > 0) && (
        <div className="mt-3 flex flex-wrap items-center gap-x-5 gap-y-2 text-xs text-slate-600">
          {meta.tags.length > 0 && (
            <TagList tags={meta.tags} label={t("runbook.tags")} hrefOf={(tag) => libraryHref({ tag })} />
          )}
          {meta.triggers.length > 0 && (
            <p>
              <span className="font-medium">{t("runbook.triggers")}:</span>{" "}
              {meta.triggers.map((trigger, index) => (
                <span key={index}>
                  {index > 0 && ", "}
                  {trigger.source} <code className="rounded bg-slate-100 px-1 font-mono">{trigger.match}</code>
                </span>
              ))}
            </p>
          )}
        </div>
      )}

      {meta.escalation && meta.escalation.length > 0 && (
        <Card as="details" padding="none" className="mt-4 open:shadow-sm print:border-0" open>
          <summary className="cursor-pointer px-3 py-2 text-sm font-semibold text-slate-800 select-none">
            {t("runbook.escalation")}
          </summary>
          <div className="border-t border-slate-200">
            <DataTable
              label={t("runbook.escalation")}
              head="caps"
              dense
              rows={meta.escalation}
              rowKey={(step) => String(step.level)}
              columns={[
                {
                  key: "level",
                  header: t("runbook.escalation.level"),
                  className: "font-semibold tabular-nums",
                  cell: (step) => `N${step.level}`,
                },
                { key: "who", header: t("runbook.escalation.who"), cell: (step) => step.who },
                {
                  key: "channel",
                  header: t("runbook.escalation.channel"),
                  className: "font-mono text-xs",
                  cell: (step) => step.channel ?? "—",
                },
                {
                  key: "after",
                  header: t("runbook.escalation.after"),
                  className: "whitespace-nowrap text-slate-600",
                  cell: (step) =>
                    step.after === 0
                      ? t("runbook.escalation.now")
                      : fill(t("runbook.escalation.afterMinutes"), { n: step.after }),
                },
              ]}
            />
          </div>
        </Card>
      )}

      {actions && <div className="no-print mt-4 flex flex-wrap items-center gap-2">{actions}</div>}
    </header>
  );
}
