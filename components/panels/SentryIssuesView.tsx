import { Card } from "@/components/ui/Card";
import { translator, type Locale } from "@/lib/i18n/messages";
import { formatCount, formatDateTime } from "@/lib/i18n/format";
import type { SentryIssuesData } from "@/lib/panels/types";

const LEVEL_STYLE: Record<string, string> = {
  fatal: "bg-red-700 text-white",
  error: "bg-red-100 text-red-800",
  warning: "bg-amber-100 text-amber-900",
  info: "bg-sky-100 text-sky-900",
};

export function SentryIssuesView({
  data,
  locale,
  timeZone,
}: {
  data: SentryIssuesData;
  locale: Locale;
  timeZone: string;
}) {
  const t = translator(locale);
  return (
    <div data-testid="panel-sentry-issues">
      <div className="mb-2 font-mono text-xs text-slate-500">{data.query}</div>
      {data.issues.length === 0 ? (
        <Card tone="dashed" className="text-slate-600">
          {t("sentry.issues.empty")}
        </Card>
      ) : (
        <ul className="divide-y divide-slate-100">
          {data.issues.map((issue) => (
            <li
              key={issue.id}
              data-issue={issue.shortId}
              className="flex flex-col gap-1 py-2 sm:flex-row sm:items-start sm:gap-3"
            >
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span
                    className={`rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase ${LEVEL_STYLE[issue.level] ?? "bg-slate-100 text-slate-700"}`}
                  >
                    {issue.level}
                  </span>
                  <span className="font-mono text-xs text-slate-500">{issue.shortId}</span>
                </div>
                <div className="mt-0.5 font-medium break-words text-slate-900">
                  {issue.permalink ? (
                    <a
                      href={issue.permalink}
                      target="_blank"
                      rel="noopener noreferrer"
                      className="text-sky-800 hover:underline"
                    >
                      {issue.title}
                    </a>
                  ) : (
                    issue.title
                  )}
                </div>
                {issue.culprit && <div className="font-mono text-xs break-words text-slate-600">{issue.culprit}</div>}
              </div>
              <dl className="flex shrink-0 gap-3 text-xs text-slate-600 sm:flex-col sm:items-end sm:gap-0">
                <div>
                  <dt className="sr-only">{t("sentry.issues.events")}</dt>
                  <dd>
                    <span className="font-semibold text-slate-900 tabular-nums">
                      {formatCount(issue.count, locale)}
                    </span>{" "}
                    {t("sentry.issues.events")} ·{" "}
                    <span className="tabular-nums">{formatCount(issue.userCount, locale)}</span>{" "}
                    {t("sentry.issues.users")}
                  </dd>
                </div>
                {issue.lastSeen && (
                  <div>
                    <dt className="inline">{t("sentry.issues.lastSeen")} </dt>
                    <dd className="inline tabular-nums">
                      <time dateTime={issue.lastSeen}>{formatDateTime(issue.lastSeen, timeZone, locale)}</time>
                    </dd>
                  </div>
                )}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
