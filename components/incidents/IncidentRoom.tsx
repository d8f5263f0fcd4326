"use client";

import { useCallback, useState } from "react";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { SeverityBadge } from "@/components/library/Badges";
import { Field, Input, SelectField } from "@/components/ui/Field";
import type { IncidentStatus, Severity } from "@/lib/generated/prisma/enums.ts";
import { fill, formatDateTime } from "@/lib/i18n/format";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { EntryResult, IncidentSummary, IncidentView } from "@/lib/incidents/types";
import { sendJson } from "@/components/client/json";
import { newIdempotencyKey } from "@/components/client/keys";
import { useLiveStream } from "@/components/client/useLiveStream";
import { IncidentTimeline, useTimeline } from "./IncidentTimeline";
import { StatusBadge } from "./labels";
import { NoteForm } from "./NoteForm";
import { ResolveConfirm } from "./ResolveConfirm";
import { SeverityForm } from "./SeverityForm";
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
  const [confirming, setConfirming] = useState(false);

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
    const result = await sendJson<EntryResult>(
      "POST",
      url,
      { ...body, idempotencyKey: newIdempotencyKey() },
      {
        onRetry: (r) => setError(fill(t("incidents.retrying"), { reason: r.message ?? "" })),
      },
    );
    setBusy(null);
    if (result.ok && result.data) {
      setError(null);
      apply(result.data);
    } else setError(result.message ?? "erro");
    return result.ok;
  };

  const changeStatus = async (to: IncidentStatus, note = reason.trim()) => {
    if (await act(`status:${to}`, `/api/incidents/${initial.id}/status`, { to, ...(note ? { note } : {}) })) {
      setReason("");
      setConfirming(false);
    }
  };

  const changeSeverity = (to: Severity, why: string) =>
    act(`severity:${to}`, `/api/incidents/${initial.id}/severity`, { to, reason: why });
  const fromOpening = summary.target.countsFrom === summary.openedAt;

  return (
    <div className="space-y-4" data-incident-room={summary.id}>
      <Card as="section" aria-label="Status" className="space-y-2">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span data-severity={summary.severity}>
            <SeverityBadge severity={summary.severity} locale={locale} />
          </span>
          <StatusBadge status={summary.status} locale={locale} />
          <TargetCountdown
            key={`${summary.target.respondedAt}`}
            target={summary.target}
            locale={locale}
            serverNow={serverNow}
          />
          <span className="text-xs text-slate-500" data-target-from title={t("incidents.target.rule")}>
            {fromOpening
              ? t("incidents.target.fromOpening")
              : fill(t("incidents.target.fromChange"), {
                  time: formatDateTime(summary.target.countsFrom, timeZone, locale),
                })}
          </span>
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
              <Field label={t("incidents.reason")} className="min-w-48 flex-1">
                <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
              </Field>
              {NEXT[summary.status].map((to) => (
                <Button
                  key={to}
                  disabled={busy !== null || confirming}
                  onClick={() => (to === "resolved" ? setConfirming(true) : void changeStatus(to))}
                  data-action={to}
                >
                  {t(`incidents.action.${to}`)}
                </Button>
              ))}
            </div>
            {confirming && summary.status !== "resolved" && (
              <ResolveConfirm
                locale={locale}
                busy={busy !== null}
                onConfirm={(note) => void changeStatus("resolved", note)}
                onCancel={() => setConfirming(false)}
              />
            )}
            {summary.status !== "resolved" && (
              <SeverityForm current={summary.severity} locale={locale} busy={busy !== null} onChange={changeSeverity} />
            )}
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (handTo)
                  void act("commander", `/api/incidents/${initial.id}/commander`, { commanderId: handTo }).then(
                    (ok) => ok && setHandTo(""),
                  );
              }}
            >
              <SelectField
                label={t("incidents.handover")}
                value={handTo}
                onChange={(e) => setHandTo(e.target.value)}
                anyLabel="—"
                choices={commanders
                  .filter((c) => c.id !== summary.commander?.id)
                  .map((c) => ({ value: c.id, label: c.name }))}
              />
              <Button type="submit" disabled={!handTo || busy !== null}>
                {t("incidents.handover.submit")}
              </Button>
            </form>
          </>
        )}
        {error && (
          <Alert tone="error" role="alert" inline>
            {t("incidents.error")} {error}
          </Alert>
        )}
      </Card>

      {canWrite && <NoteForm incidentId={initial.id} locale={locale} onSaved={apply} />}

      <IncidentTimeline timeline={timeline} locale={locale} timeZone={timeZone} />
    </div>
  );
}
