"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import type { IncidentStatus } from "@/lib/generated/prisma/enums.ts";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { EntryResult, IncidentSummary, IncidentView, TimelineEntryView } from "@/lib/incidents/types";
import { newKey, postJson } from "./api";
import { formatDateTime, StatusBadge } from "./labels";
import { NoteForm } from "./NoteForm";
import { TargetCountdown } from "./TargetCountdown";

// The live part of the incident page: status buttons, hand-over, the timeline (kept current by
// the incident's SSE stream) and the note form (NoteForm: a note is kept in the browser until the
// server has it, and re-sent by itself while the database is down).

const NEXT: Record<IncidentStatus, IncidentStatus[]> = {
  open: ["acknowledged", "mitigated", "resolved"],
  acknowledged: ["mitigated", "resolved"],
  mitigated: ["resolved", "open"],
  resolved: ["open"],
};

interface Props {
  initial: IncidentView;
  locale: Locale;
  timeZone: string;
  serverNow: string;
  canWrite: boolean;
  commanders: Array<{ id: string; name: string }>;
}

function merge(timeline: TimelineEntryView[], entry: TimelineEntryView): TimelineEntryView[] {
  if (timeline.some((e) => e.id === entry.id)) return timeline;
  return [...timeline, entry].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

export function IncidentRoom({ initial, locale, timeZone, serverNow, canWrite, commanders }: Props) {
  const t = translator(locale);
  const [summary, setSummary] = useState<IncidentSummary>(initial);
  const [timeline, setTimeline] = useState<TimelineEntryView[]>(initial.timeline);
  const [live, setLive] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [handTo, setHandTo] = useState("");

  const apply = useCallback((result: EntryResult) => {
    setTimeline((list) => merge(list, result.entry));
    setSummary(result.incident);
  }, []);

  useEffect(() => {
    const source = new EventSource(`/api/incidents/${initial.id}/events`);
    source.addEventListener("open", () => setLive(true));
    source.addEventListener("error", () => setLive(false));
    source.addEventListener("snapshot", (event) => {
      const view = JSON.parse((event as MessageEvent<string>).data) as IncidentView;
      setSummary(view);
      setTimeline(view.timeline);
      setLive(true);
    });
    source.addEventListener("entry", (event) => apply(JSON.parse((event as MessageEvent<string>).data) as EntryResult));
    return () => source.close();
  }, [initial.id, apply]);

  const act = async (label: string, url: string, body: Record<string, unknown>) => {
    setBusy(label);
    setError(null);
    const result = await postJson<EntryResult>(url, { ...body, idempotencyKey: newKey() });
    setBusy(null);
    if (result.ok && result.data) apply(result.data);
    else setError(result.message ?? "erro");
    return result.ok;
  };

  const changeStatus = async (to: IncidentStatus) => {
    if (await act(`status:${to}`, `/api/incidents/${initial.id}/status`, { to, ...(reason.trim() ? { note: reason.trim() } : {}) })) setReason("");
  };

  const entries = useMemo(() => [...timeline].reverse(), [timeline]);
  const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 disabled:opacity-50";

  return (
    <div className="space-y-4" data-incident-room={summary.id}>
      <section aria-label="Status" className="space-y-2 rounded-md border border-slate-200 bg-white p-3">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <StatusBadge status={summary.status} locale={locale} />
          <TargetCountdown key={`${summary.target.respondedAt}`} target={summary.target} locale={locale} serverNow={serverNow} />
          <span className="text-slate-700">
            {t("incidents.col.commander")}: <strong data-commander>{summary.commander?.name ?? "—"}</strong>
          </span>
          <span className={`ml-auto text-xs ${live ? "text-emerald-700" : "text-slate-500"}`} data-live={live}>
            ● {live ? t("incidents.live.on") : t("incidents.live.off")}
          </span>
        </div>
        {canWrite && (
          <>
            <div className="flex flex-wrap items-end gap-2">
              <label className="flex min-w-48 flex-1 flex-col text-xs text-slate-600">
                {t("incidents.reason")}
                <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} className="mt-0.5 rounded border border-slate-300 px-2 py-1 text-sm" />
              </label>
              {NEXT[summary.status].map((to) => (
                <button key={to} type="button" className={button} disabled={busy !== null} onClick={() => void changeStatus(to)} data-action={to}>
                  {t(`incidents.action.${to}`)}
                </button>
              ))}
            </div>
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (handTo) void act("commander", `/api/incidents/${initial.id}/commander`, { commanderId: handTo }).then((ok) => ok && setHandTo(""));
              }}
            >
              <label className="flex flex-col text-xs text-slate-600">
                {t("incidents.handover")}
                <select value={handTo} onChange={(e) => setHandTo(e.target.value)} className="mt-0.5 rounded border border-slate-300 px-2 py-1 text-sm">
                  <option value="">—</option>
                  {commanders
                    .filter((c) => c.id !== summary.commander?.id)
                    .map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                </select>
              </label>
              <button type="submit" className={button} disabled={!handTo || busy !== null}>
                {t("incidents.handover.submit")}
              </button>
            </form>
          </>
        )}
        {error && (
          <p role="alert" className="text-sm text-red-800">
            {t("incidents.error")} {error}
          </p>
        )}
      </section>

      {canWrite && <NoteForm incidentId={initial.id} locale={locale} onSaved={apply} />}

      <section aria-labelledby="timeline">
        <h2 id="timeline" className="mb-2 font-semibold text-slate-900">
          {t("incidents.timeline")} <span className="text-sm font-normal text-slate-500">({timeline.length})</span>
        </h2>
        {entries.length === 0 ? (
          <p className="text-sm text-slate-500">{t("incidents.timeline.empty")}</p>
        ) : (
          <ol className="space-y-2" data-timeline>
            {entries.map((entry) => (
              <li key={entry.id} data-kind={entry.kind} className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm">
                <div className="flex flex-wrap gap-x-2 text-xs text-slate-500">
                  <span className="font-medium uppercase tracking-wide">{entry.kind}</span>
                  <span>{entry.actor?.name ?? t("incidents.timeline.system")}</span>
                  <time dateTime={entry.at}>{formatDateTime(entry.at, locale, timeZone)}</time>
                </div>
                {entry.kind === "note" && entry.html !== null ? (
                  // Rendered and sanitised on the server (lib/incidents/markdown.ts).
                  <div className="prose prose-sm mt-1 max-w-none break-words" dangerouslySetInnerHTML={{ __html: entry.html }} />
                ) : (
                  <p className="mt-1 whitespace-pre-wrap break-words text-slate-800">{describe(entry, t)}</p>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function describe(entry: TimelineEntryView, t: ReturnType<typeof translator>): string {
  const data = (entry.data ?? {}) as { from?: IncidentStatus; to?: IncidentStatus };
  if (entry.kind === "status" && data.from && data.to) {
    const line = `${t(`incidents.status.${data.from}`)} → ${t(`incidents.status.${data.to}`)}`;
    return entry.body ? `${line} — ${entry.body}` : line;
  }
  return entry.body ?? "";
}
