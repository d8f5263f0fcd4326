import { translator, type Locale } from "@/lib/i18n/messages";
import type {
  HealthData,
  JobsData,
  PanelSnapshot,
  PanelSpec,
  QueuesData,
  SentryIssuesData,
  SentryPerformanceData,
} from "@/lib/panels/types";
import { HealthView } from "./HealthView";
import { JobsView } from "./JobsView";
import { PanelFailureView } from "./PanelFailureView";
import { QueuesView } from "./QueuesView";
import { SentryIssuesView } from "./SentryIssuesView";
import { SentryPerformanceView } from "./SentryPerformanceView";

interface PanelBodyProps {
  panel: PanelSpec;
  snapshot: PanelSnapshot;
  locale: Locale;
  timeZone: string;
  onPage?: (page: number) => void;
  busy?: boolean;
}

/** The content of a panel for its current snapshot. */
export function PanelBody({ panel, snapshot, locale, timeZone, onPage, busy }: PanelBodyProps) {
  const t = translator(locale);
  switch (snapshot.status) {
    case "loading":
      return (
        <div role="status" className="flex items-center gap-2 text-slate-600">
          <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-slate-300 border-t-sky-600" />
          {t("panel.loadingSlow")}
        </div>
      );
    case "off":
      return <div className="text-slate-600">{t("panel.off")}</div>;
    case "error":
      return <PanelFailureView failure={snapshot.error} locale={locale} />;
    case "ok":
      break;
  }
  // The snapshot came from the loader of this very panel type (lib/panels/load.ts).
  const data = snapshot.data;
  switch (panel.type) {
    case "queues":
      return <QueuesView queues={(data as QueuesData).queues} locale={locale} limits={panel.args} />;
    case "failed-jobs":
      return <JobsView data={data as JobsData} locale={locale} timeZone={timeZone} onPage={onPage} busy={busy} />;
    case "dlq":
      return (
        <JobsView
          data={data as JobsData}
          locale={locale}
          timeZone={timeZone}
          onPage={onPage}
          busy={busy}
          limits={{ warn: panel.args.warn, critical: panel.args.critical }}
        />
      );
    case "sentry-issues":
      return <SentryIssuesView data={data as SentryIssuesData} locale={locale} timeZone={timeZone} />;
    case "sentry-performance":
      return <SentryPerformanceView data={data as SentryPerformanceData} locale={locale} />;
    case "health":
      return (
        <HealthView
          checks={(data as HealthData).checks}
          sentry={(data as HealthData).sentry}
          locale={locale}
          limits={panel.args}
        />
      );
  }
}
