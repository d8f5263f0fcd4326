import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { translator, type Locale } from "@/lib/i18n/messages";
import { fill, formatCount, formatDateTime } from "@/lib/i18n/format";
import { bullBoardUrl } from "@/lib/panels/query";
import { hasLimits, LEVEL_CLASSES, limitLevel } from "@/lib/panels/level";
import type { JobEntry, JobsData } from "@/lib/panels/types";
import type { PanelLimits } from "@/lib/runbooks/panels";
import { LimitsLegend } from "./LimitsLegend";

// Failed jobs of a queue, or the entries of its DLQ: per job the id, name, attempts, time,
// error message, and (collapsed) the data and the stack, with links to Bull Board. One page at
// a time; `onPage` is the live panel's pager (absent when rendered statically).

interface JobsViewProps {
  data: JobsData;
  locale: Locale;
  timeZone: string;
  onPage?: (page: number) => void;
  busy?: boolean;
  /** A DLQ panel's limits on its size (from the runbook's front-matter). */
  limits?: PanelLimits;
}

function JobCard({ job, locale, timeZone }: { job: JobEntry; locale: Locale; timeZone: string }) {
  const t = translator(locale);
  const attempts = job.attemptsAllowed ? `${job.attemptsMade}/${job.attemptsAllowed}` : String(job.attemptsMade);
  return (
    <Card as="li" padding="none" data-job-id={job.id} className="px-3 py-2.5">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">#{job.id}</span>
        <span className="font-medium text-slate-900">{job.name}</span>
        <span className="text-xs text-slate-600">
          {t("jobs.attempts")}: <span className="tabular-nums">{attempts}</span>
        </span>
        {job.failedAt && (
          <span className="text-xs text-slate-600">
            {t("jobs.failedAt")}{" "}
            <time dateTime={job.failedAt} className="tabular-nums">
              {formatDateTime(job.failedAt, timeZone, locale)}
            </time>
          </span>
        )}
        <span className="flex flex-wrap gap-x-3 text-xs sm:ml-auto">
          <a
            href={bullBoardUrl(job.queue, job.id)}
            className="font-medium text-sky-800 underline-offset-2 hover:underline"
          >
            {t("jobs.openBoard")} →
          </a>
          {job.original && (
            <a
              href={bullBoardUrl(job.original.queue, job.original.jobId)}
              className="text-sky-800 underline-offset-2 hover:underline"
            >
              {fill(t("jobs.original"), { queue: job.original.queue, id: job.original.jobId })}
            </a>
          )}
        </span>
      </div>
      <div
        data-job-error
        className="mt-2 rounded border-l-2 border-red-500 bg-red-50 px-2 py-1 break-words text-red-900"
      >
        {job.failedReason ?? <span className="text-red-700 italic">{t("jobs.noError")}</span>}
      </div>
      <div className="mt-1.5 flex flex-wrap gap-x-5 gap-y-1">
        <details className="min-w-0 open:basis-full">
          <summary className="cursor-pointer text-xs font-medium text-slate-700 select-none hover:text-slate-950">
            {t("jobs.data")}
            {job.dataTruncated && <span className="ml-2 font-normal text-slate-500">({t("jobs.truncated")})</span>}
          </summary>
          <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-900 p-2 font-mono text-xs leading-relaxed text-slate-100">
            {job.dataJson}
          </pre>
        </details>
        {job.stack && (
          <details className="min-w-0 open:basis-full">
            <summary className="cursor-pointer text-xs font-medium text-slate-700 select-none hover:text-slate-950">
              {t("jobs.stack")}
              {job.stackCount > 1 && (
                <span className="ml-2 font-normal text-slate-500">
                  ({fill(t("jobs.stackCount"), { n: job.stackCount })})
                </span>
              )}
            </summary>
            <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-900 p-2 font-mono text-xs leading-relaxed text-slate-100">
              {job.stack}
            </pre>
          </details>
        )}
      </div>
    </Card>
  );
}

export function JobsView({ data, locale, timeZone, onPage, busy, limits = {} }: JobsViewProps) {
  const t = translator(locale);
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const from = data.total === 0 ? 0 : data.page * data.pageSize + 1;
  const to = Math.min(data.total, from + data.jobs.length - 1);
  const n = (value: number) => formatCount(value, locale);
  return (
    <div data-testid="panel-jobs">
      <div className="mb-2 flex flex-wrap items-baseline gap-x-3 gap-y-1 text-xs text-slate-600">
        <span
          className={`text-sm font-semibold ${hasLimits(limits) ? `rounded px-1 ${LEVEL_CLASSES[limitLevel(data.total, limits)] || "text-emerald-700"}` : data.total > 0 ? "text-red-700" : "text-emerald-700"}`}
          data-total={data.total}
          data-limit-level={hasLimits(limits) ? limitLevel(data.total, limits) : undefined}
        >
          {fill(t(data.kind === "dlq" ? "jobs.totalDlq" : "jobs.totalFailed"), { n: n(data.total) })}
        </span>
        <span className="font-mono">{data.listedQueue}</span>
        {data.total > 0 && <span>{fill(t("jobs.range"), { from: n(from), to: n(to), total: n(data.total) })}</span>}
        <a href={bullBoardUrl(data.listedQueue)} className="ml-auto text-sky-800 hover:underline">
          {t("jobs.openQueue")} →
        </a>
      </div>
      {data.jobs.length === 0 ? (
        <Card tone="dashed" className="text-slate-600">
          {t(data.kind === "dlq" ? "jobs.emptyDlq" : "jobs.emptyFailed")}
        </Card>
      ) : (
        <ol className="space-y-2">
          {data.jobs.map((job) => (
            <JobCard key={`${job.queue}:${job.id}`} job={job} locale={locale} timeZone={timeZone} />
          ))}
        </ol>
      )}
      {pages > 1 && (
        <nav
          aria-label={fill(t("jobs.pageOf"), { page: data.page + 1, pages })}
          className="mt-3 flex items-center justify-between gap-2 print:hidden"
        >
          <Button size="sm" disabled={!onPage || busy || data.page === 0} onClick={() => onPage?.(data.page - 1)}>
            ← {t("jobs.prev")}
          </Button>
          <span className="text-xs text-slate-600 tabular-nums">
            {fill(t("jobs.pageOf"), { page: n(data.page + 1), pages: n(pages) })}
          </span>
          <Button
            size="sm"
            disabled={!onPage || busy || data.page >= pages - 1}
            onClick={() => onPage?.(data.page + 1)}
          >
            {t("jobs.next")} →
          </Button>
        </nav>
      )}
      {hasLimits(limits) && <LimitsLegend what={t("limits.dlq")} limits={limits} locale={locale} />}
    </div>
  );
}
