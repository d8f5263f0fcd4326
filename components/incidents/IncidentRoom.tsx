"use client";

import { useCallback, useState } from "react";
import type { IncidentStatus } from "@/lib/generated/prisma/enums.ts";
import { fill } from "@/lib/i18n/format";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { EntryResult, IncidentSummary, IncidentView } from "@/lib/incidents/types";
import { sendJson } from "@/components/client/json";
import { newIdempotencyKey } from "@/components/client/keys";
import { useLiveStream } from "@/components/client/useLiveStream";
import { IncidentTimeline, useTimeline } from "./IncidentTimeline";
import { StatusBadge } from "./labels";
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

export function IncidentRoom({ initial, locale, timeZone, serverNow, canWrite, commanders }: Props) {
  const t = translator(locale);
  const [summary, setSummary] = useState<IncidentSummary>(initial);
  const timeline = useTimeline(initial);
  const { add, reset } = timeline;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [handTo, setHandTo] = useState("");

  const apply = useCallback(
    (result: EntryResult) => {
      add(result.entry);
      setSummary(result.incident);
    },
    [add],
  );

  const live = useLiveStream(`/api/incidents/${encodeURIComponent(initial.id)}/events`, {
    snapshot: (view: IncidentView) => {
      setSummary(view);
      reset(view);
    },
    entry: apply,
  });

  const act = async (label: string, url: string, body: Record<string, unknown>) => {
    setBusy(label);
    setError(null);
    const result = await sendJson<EntryResult>("POST", url, { ...body, idempotencyKey: newIdempotencyKey() }, {
      onRetry: (r) => setError(fill(t("incidents.retrying"), { reason: r.message ?? "" })),
    });
    setBusy(null);
    if (result.ok && result.data) {
      setError(null);
      apply(result.data);
    } else setError(result.message ?? "erro");
    return result.ok;
  };

  const changeStatus = async (to: IncidentStatus) => {
    if (await act(`status:${to}`, `/api/incidents/${initial.id}/status`, { to, ...(reason.trim() ? { note: reason.trim() } : {}) })) setReason("");
  };

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

      <IncidentTimeline timeline={timeline} locale={locale} timeZone={timeZone} />
    </div>
  );
}
