"use client";

import { useCallback, useMemo, useState } from "react";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import type { IncidentStatus } from "@/lib/generated/prisma/enums.ts";
import { translator, type Locale } from "@/lib/i18n/messages";
import { stepData } from "@/lib/incidents/step-state";
import type { IncidentView, TimelineEntryView, TimelinePage } from "@/lib/incidents/types";
import { fill } from "@/lib/i18n/format";
import { sendJson } from "@/components/client/json";
import { formatDateTime, utcTitle } from "@/lib/i18n/format";

// The incident's timeline: the page brings the newest entries, live ones are added as they
// arrive, and "Carregar anteriores" fetches older pages by cursor. Entries are kept by id, so an
// entry seen twice (the POST's answer and its live event) is shown once.

export interface TimelineState {
  entries: TimelineEntryView[];
  olderCursor: string | null;
  count: number;
  loading: boolean;
  error: string | null;
  add: (entry: TimelineEntryView) => void;
  /** A snapshot after a (re)connection. */
  reset: (view: IncidentView) => void;
  loadOlder: () => Promise<void>;
}

const order = (a: TimelineEntryView, b: TimelineEntryView) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id);

function union(list: TimelineEntryView[], more: TimelineEntryView[]): TimelineEntryView[] {
  const known = new Set(list.map((e) => e.id));
  const fresh = more.filter((e) => !known.has(e.id));
  return fresh.length ? [...list, ...fresh].sort(order) : list;
}

export function useTimeline(initial: IncidentView): TimelineState {
  const [state, setState] = useState({
    entries: initial.timeline,
    olderCursor: initial.olderCursor,
    count: initial.timelineCount,
  });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = useCallback((entry: TimelineEntryView) => {
    setState((s) =>
      s.entries.some((e) => e.id === entry.id) ? s : { ...s, entries: union(s.entries, [entry]), count: s.count + 1 },
    );
  }, []);

  const reset = useCallback((view: IncidentView) => {
    setState((s) => {
      // The snapshot is the newest page. If it reaches back into what is shown, nothing is missing
      // between them and the older pages already loaded stay; otherwise (many entries while
      // disconnected) start again from the snapshot rather than show a timeline with a hole.
      const first = view.timeline[0];
      const joins = view.olderCursor === null || (first !== undefined && s.entries.some((e) => e.id === first.id));
      return joins
        ? {
            entries: union(s.entries, view.timeline),
            olderCursor: view.olderCursor === null ? null : s.olderCursor,
            count: view.timelineCount,
          }
        : { entries: view.timeline, olderCursor: view.olderCursor, count: view.timelineCount };
    });
  }, []);

  const cursor = state.olderCursor;
  const loadOlder = useCallback(async () => {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    const result = await sendJson<TimelinePage>(
      "GET",
      `/api/incidents/${encodeURIComponent(initial.id)}/timeline?before=${encodeURIComponent(cursor)}`,
    );
    setLoading(false);
    if (!result.ok || !result.data) {
      setError(result.message ?? "erro");
      return;
    }
    const page = result.data;
    // A reset may have moved on meanwhile: apply only to the cursor that was asked for.
    setState((s) =>
      s.olderCursor === cursor ? { ...s, entries: union(s.entries, page.entries), olderCursor: page.olderCursor } : s,
    );
  }, [cursor, initial.id]);

  return { ...state, loading, error, add, reset, loadOlder };
}

export function IncidentTimeline({
  timeline,
  locale,
  timeZone,
}: {
  timeline: TimelineState;
  locale: Locale;
  timeZone: string;
}) {
  const t = translator(locale);
  const entries = useMemo(() => [...timeline.entries].reverse(), [timeline.entries]);
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline" className="mb-2 font-semibold text-slate-900">
        {t("incidents.timeline")}{" "}
        <span className="text-sm font-normal text-slate-500" data-timeline-count>
          ({timeline.count})
        </span>
      </h2>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">{t("incidents.timeline.empty")}</p>
      ) : (
        <ol className="space-y-2" data-timeline>
          {entries.map((entry) => (
            <Card as="li" padding="sm" key={entry.id} data-kind={entry.kind} data-entry={entry.id} className="text-sm">
              <div className="flex flex-wrap gap-x-2 text-xs text-slate-500">
                <span className="font-medium tracking-wide uppercase">{t(`incidents.kind.${entry.kind}`)}</span>
                <span>{entry.actor?.name ?? t("incidents.timeline.system")}</span>
                <time dateTime={entry.at} title={utcTitle(entry.at)}>
                  {formatDateTime(entry.at, timeZone, locale)}
                </time>
              </div>
              {entry.kind === "note" && entry.html !== null ? (
                // Rendered and sanitised on the server (lib/incidents/markdown.ts).
                <div
                  className="prose prose-sm mt-1 max-w-none break-words"
                  dangerouslySetInnerHTML={{ __html: entry.html }}
                />
              ) : (
                <p className="mt-1 break-words whitespace-pre-wrap text-slate-800">{describe(entry, t)}</p>
              )}
            </Card>
          ))}
        </ol>
      )}
      {timeline.olderCursor && (
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <Button onClick={() => void timeline.loadOlder()} disabled={timeline.loading} data-load-older>
            {timeline.loading ? t("incidents.timeline.loading") : t("incidents.timeline.older")}
          </Button>
          <span className="text-xs text-slate-500">
            {fill(t("incidents.timeline.shown"), { shown: timeline.entries.length, total: timeline.count })}
          </span>
          {timeline.error && (
            <Alert tone="error" role="alert" inline size="sm">
              {t("incidents.error")} {timeline.error}
            </Alert>
          )}
        </div>
      )}
    </section>
  );
}

function describe(entry: TimelineEntryView, t: ReturnType<typeof translator>): string {
  const data = (entry.data ?? {}) as { from?: IncidentStatus; to?: IncidentStatus };
  if (entry.kind === "status" && data.from && data.to) {
    const line = `${t(`incidents.status.${data.from}`)} → ${t(`incidents.status.${data.to}`)}`;
    return entry.body ? `${line} — ${entry.body}` : line;
  }
  if (entry.kind === "severity" && data.from && data.to) return `${data.from} → ${data.to} — ${entry.body ?? ""}`;
  const step = entry.kind === "step" ? stepData(entry.data) : null;
  if (step)
    return `${step.action === "tick" ? "✓" : "↺"} ${t(step.action === "tick" ? "incidents.step.done" : "incidents.step.undone")}: ${step.itemText}`;
  return entry.body ?? "";
}
