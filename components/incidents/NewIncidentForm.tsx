"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Field, Input, Select } from "@/components/ui/Field";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { IncidentView } from "@/lib/incidents/types";
import { newKey, postJson } from "./api";

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
  const [key] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="max-w-xl space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const result = await postJson<IncidentView>("/api/incidents", { runbookSlug: runbook.slug, title, severity, commanderId, idempotencyKey: key });
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
      <Field look="regular" label={t("incidents.new.incidentTitle")}>
        <Input required minLength={3} maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field look="regular" label={t("incidents.filter.severity")}>
        <Select value={severity} onChange={(e) => setSeverity(e.target.value as Props["runbook"]["severity"])}>
          <option value="P1">P1 — 15 min</option>
          <option value="P2">P2 — 1 h</option>
          <option value="P3">P3 — 4 h</option>
        </Select>
      </Field>
      <Field look="regular" label={t("incidents.new.commander")}>
        <Select value={commanderId} onChange={(e) => setCommanderId(e.target.value)}>
          {commanders.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" variant="urgent" size="lg" disabled={busy}>
        {busy ? t("incidents.new.submitting") : t("incidents.new.submit")}
      </Button>
      {error && (
        <Alert tone="error" role="alert" inline>
          {t("incidents.error")} {error}
        </Alert>
      )}
    </form>
  );
}
