"use client";

import { useState } from "react";
import { fill } from "@/lib/i18n/format";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { DeadLetterRow } from "@/lib/incidents/jobs";
import type { EntryResult } from "@/lib/incidents/types";
import { sendJson } from "@/components/client/json";
import { newIdempotencyKey } from "@/components/client/keys";

// Retry or discard a dead-lettered job from the incident: a reason is required; the key is
// chosen once per job row, so a double click or a retry (by the JSON client's retry policy, or
// by the user after it gave up) acts once.

export function DlqActions({ incidentId, rows, unavailable, locale }: { incidentId: string; rows: DeadLetterRow[]; unavailable: string[]; locale: Locale }) {
  const t = translator(locale);
  const [done, setDone] = useState<Record<string, string>>({});
  return (
    <section aria-labelledby="dlq-actions" className="rounded-md border border-slate-200 bg-white p-3 text-sm">
      <h2 id="dlq-actions" className="font-semibold text-slate-900">
        {t("incidents.dlq.title")}
      </h2>
      {unavailable.length > 0 && <p className="text-xs text-amber-800">{t("incidents.dlq.unavailable")}: {unavailable.join(", ")}</p>}
      {rows.length === 0 ? (
        <p className="mt-1 text-slate-600">{t("incidents.dlq.empty")}</p>
      ) : (
        <ul className="mt-2 space-y-3">
          {rows.map((row) => {
            const id = `${row.queue}/${row.jobId}`;
            return (
              <li key={id} data-dlq-job={id}>
                <JobRow incidentId={incidentId} row={row} locale={locale} done={done[id]} onDone={(message) => setDone((d) => ({ ...d, [id]: message }))} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function JobRow({ incidentId, row, locale, done, onDone }: { incidentId: string; row: DeadLetterRow; locale: Locale; done?: string; onDone: (message: string) => void }) {
  const t = translator(locale);
  const [reason, setReason] = useState("");
  const [keys] = useState(() => ({ retry: newIdempotencyKey(), discard: newIdempotencyKey() }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: "retry" | "discard") => {
    if (reason.trim().length < 3) {
      setError(t("incidents.dlq.reasonRequired"));
      return;
    }
    setBusy(true);
    setError(null);
    const result = await sendJson<EntryResult>("POST", `/api/incidents/${incidentId}/jobs`, { action, queue: row.queue, jobId: row.jobId, reason: reason.trim(), idempotencyKey: keys[action] }, {
      onRetry: (r) => setError(fill(t("incidents.retrying"), { reason: r.message ?? "" })),
    });
    setBusy(false);
    if (result.ok) {
      setError(null);
      onDone(action === "retry" ? t("incidents.dlq.retried") : t("incidents.dlq.discarded"));
    } else setError(result.message ?? "erro");
  };
  return (
    <div className="space-y-1">
      <p>
        <strong>{row.displayName}</strong> · job <code>{row.jobId}</code> · {row.name}{" "}
        <a href={row.board} className="text-sky-800 hover:underline" target="_blank" rel="noreferrer">
          {t("incidents.dlq.board")}
        </a>
      </p>
      {row.failedReason && <p className="break-words text-xs text-red-800">{row.failedReason}</p>}
      <details className="text-xs">
        <summary className="cursor-pointer text-slate-600">{t("incidents.dlq.data")}</summary>
        <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-50 p-2">{row.dataJson}</pre>
      </details>
      {done ? (
        <p className="font-medium text-emerald-800" data-dlq-done>
          ✓ {done}
        </p>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex min-w-40 flex-1 flex-col text-xs text-slate-600">
            {t("incidents.dlq.reason")}
            <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={1000} className="mt-0.5 rounded border border-slate-300 px-2 py-1 text-sm" />
          </label>
          <button type="button" disabled={busy} onClick={() => void act("retry")} className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50" data-dlq-action="retry">
            {t("incidents.dlq.retry")}
          </button>
          <button type="button" disabled={busy} onClick={() => void act("discard")} className="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-800 disabled:opacity-50" data-dlq-action="discard">
            {t("incidents.dlq.discard")}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="text-xs text-red-800">
          {t("incidents.error")} {error}
        </p>
      )}
    </div>
  );
}
