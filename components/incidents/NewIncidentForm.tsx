"use client";

import { useState } from "react";
import { fill } from "@/lib/i18n/format";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { IncidentView } from "@/lib/incidents/types";
import { sendJson } from "@/components/client/json";
import { newIdempotencyKey } from "@/components/client/keys";

interface Props {
  runbook: { slug: string; title: string; severity: "P1" | "P2" | "P3" };
  commanders: Array<{ id: string; name: string }>;
  me: string;
  locale: Locale;
}

/** Title, severity and commander; one idempotency key per form, so a retry never opens two. */
export function NewIncidentForm({ runbook, commanders, me, locale }: Props) {
  const t = translator(locale);
  const [title, setTitle] = useState(runbook.title);
  const [severity, setSeverity] = useState(runbook.severity);
  const [commanderId, setCommanderId] = useState(me);
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = "mt-0.5 w-full rounded border border-slate-300 px-2 py-1.5 text-sm";
  return (
    <form
      className="max-w-xl space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const result = await sendJson<IncidentView>("POST", "/api/incidents", { runbookSlug: runbook.slug, title, severity, commanderId, idempotencyKey: key }, {
          onRetry: (r) => setError(fill(t("incidents.retrying"), { reason: r.message ?? "" })),
        });
        if (result.ok && result.data) {
          window.location.assign(`/incidents/${result.data.id}`);
          return;
        }
        setBusy(false);
        setError(result.message ?? "erro");
      }}
    >
      <p className="text-sm text-slate-700">
        {t("incidents.new.runbook")}: <strong>{runbook.title}</strong>
      </p>
      <label className="block text-sm font-medium text-slate-800">
        {t("incidents.new.incidentTitle")}
        <input required minLength={3} maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} className={input} />
      </label>
      <label className="block text-sm font-medium text-slate-800">
        {t("incidents.filter.severity")}
        <select value={severity} onChange={(e) => setSeverity(e.target.value as Props["runbook"]["severity"])} className={input}>
          <option value="P1">P1 — 15 min</option>
          <option value="P2">P2 — 1 h</option>
          <option value="P3">P3 — 4 h</option>
        </select>
      </label>
      <label className="block text-sm font-medium text-slate-800">
        {t("incidents.new.commander")}
        <select value={commanderId} onChange={(e) => setCommanderId(e.target.value)} className={input}>
          {commanders.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy} className="rounded-md bg-rose-700 px-4 py-2 text-sm font-semibold text-white hover:bg-rose-800 disabled:opacity-60">
        {busy ? t("incidents.new.submitting") : t("incidents.new.submit")}
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-800">
          {t("incidents.error")} {error}
        </p>
      )}
    </form>
  );
}
