"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { Field, Input } from "@/components/ui/Field";
import { TextLink } from "@/components/ui/TextLink";
import { fill } from "@/lib/i18n/format";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { DeadLetterRow } from "@/lib/incidents/jobs";
import type { EntryResult } from "@/lib/incidents/types";
import { sendJson } from "@/components/client/json";
import { newIdempotencyKey } from "@/components/client/keys";

// Retry or discard a dead-lettered job from the incident: a reason is required; the key is
// chosen once per job row, so a double click or a retry (by the JSON client's retry policy, or
// by the user after it gave up) acts once.

export function DlqActions({
  incidentId,
  rows,
  unavailable,
  locale,
}: {
  incidentId: string;
  rows: DeadLetterRow[];
  unavailable: string[];
  locale: Locale;
}) {
  const t = translator(locale);
  const [done, setDone] = useState<Record<string, string>>({});
  return (
    <Card as="section" aria-labelledby="dlq-actions" className="text-sm">
      <h2 id="dlq-actions" className="font-semibold text-slate-900">
        {t("incidents.dlq.title")}
      </h2>
      {unavailable.length > 0 && (
        <p className="text-xs text-amber-800">
          {t("incidents.dlq.unavailable")}: {unavailable.join(", ")}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="mt-1 text-slate-600">{t("incidents.dlq.empty")}</p>
      ) : (
        <ul className="mt-2 space-y-3">
          {rows.map((row) => {
            const id = `${row.queue}/${row.jobId}`;
            return (
              <li key={id} data-dlq-job={id}>
                <JobRow
                  incidentId={incidentId}
                  row={row}
                  locale={locale}
                  done={done[id]}
                  onDone={(message) => setDone((d) => ({ ...d, [id]: message }))}
                />
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function JobRow({
  incidentId,
  row,
  locale,
  done,
  onDone,
}: {
  incidentId: string;
  row: DeadLetterRow;
  locale: Locale;
  done?: string;
  onDone: (message: string) => void;
}) {
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
    const result = await sendJson<EntryResult>(
      "POST",
      `/api/incidents/${incidentId}/jobs`,
      { action, queue: row.queue, jobId: row.jobId, reason: reason.trim(), idempotencyKey: keys[action] },
      {
        onRetry: (r) => setError(fill(t("incidents.retrying"), { reason: r.message ?? "" })),
      },
    );
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
        <TextLink href={row.board} target="_blank" rel="noreferrer">
          {t("incidents.dlq.board")}
        </TextLink>
      </p>
      {row.failedReason && <p className="text-xs break-words text-red-800">{row.failedReason}</p>}
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
          <Field label={t("incidents.dlq.reason")} className="min-w-40 flex-1">
            <Input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={1000} />
          </Field>
          <Button variant="dark" disabled={busy} onClick={() => void act("retry")} data-dlq-action="retry">
            {t("incidents.dlq.retry")}
          </Button>
          <Button variant="danger" disabled={busy} onClick={() => void act("discard")} data-dlq-action="discard">
            {t("incidents.dlq.discard")}
          </Button>
        </div>
      )}
      {error && (
        <Alert tone="error" role="alert" inline size="sm">
          {t("incidents.error")} {error}
        </Alert>
      )}
    </div>
  );
}
