import type { ReactNode } from "react";
import { translator, type Locale } from "@/lib/i18n/messages";
import { fill } from "@/lib/i18n/format";
import type { PanelSpec } from "@/lib/panels/types";

// The box around every live panel: a header that sets it apart from the runbook's prose
// (title, "live" marker, freshness, refresh) and the body. Shared by the live panel and the
// static placeholder of the print / panels-off views.

export function panelTitle(panel: PanelSpec, locale: Locale): string {
  const t = translator(locale);
  switch (panel.type) {
    case "failed-jobs":
    case "dlq":
      return fill(t(`panel.title.${panel.type}`), { queue: panel.args.queue });
    default:
      return t(`panel.title.${panel.type}`);
  }
}

interface PanelFrameProps {
  panel: PanelSpec;
  locale: Locale;
  status: string;
  tone?: "live" | "problem" | "off";
  titleId: string;
  /** Right side of the header: freshness and actions. */
  aside?: ReactNode;
  children: ReactNode;
}

const TONES = {
  live: "border-l-sky-600",
  problem: "border-l-amber-500",
  off: "border-l-slate-300",
};

export function PanelFrame({ panel, locale, status, tone = "live", titleId, aside, children }: PanelFrameProps) {
  const t = translator(locale);
  const queue = "queue" in panel.args ? panel.args.queue : undefined;
  return (
    <section
      aria-labelledby={titleId}
      data-panel={panel.type}
      data-queue={queue}
      data-status={status}
      className={`my-5 overflow-hidden rounded-lg border border-l-4 border-slate-300 bg-white text-sm leading-normal text-slate-800 shadow-sm print:break-inside-avoid print:shadow-none ${TONES[tone]}`}
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 bg-slate-50 px-3 py-2">
        {tone !== "off" && (
          <span className="inline-flex items-center gap-1.5 rounded-full bg-white px-2 py-0.5 text-[11px] font-semibold tracking-wide text-slate-600 uppercase ring-1 ring-slate-200 print:hidden">
            <span
              aria-hidden
              className={`size-1.5 rounded-full ${tone === "problem" ? "bg-amber-500" : "bg-emerald-500"}`}
            />
            {t("panel.live")}
          </span>
        )}
        <h3 id={titleId} className="m-0 text-sm font-semibold text-slate-900">
          {panelTitle(panel, locale)}
        </h3>
        {aside && <div className="ml-auto flex items-center gap-2 text-xs text-slate-500">{aside}</div>}
      </header>
      <div className="px-3 py-3">{children}</div>
    </section>
  );
}
