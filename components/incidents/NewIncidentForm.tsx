"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Field, Input, SelectField } from "@/components/ui/Field";
import { fill } from "@/lib/i18n/format";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { IncidentView } from "@/lib/incidents/types";
import { sendJson } from "@/components/client/json";
import { newIdempotencyKey } from "@/components/client/keys";

type Severity = "P1" | "P2" | "P3";

interface Props {
  /** The runbook the incident is opened from; null: declared by hand, with `runbooks` to pick one or none. */
  runbook: { slug: string; title: string; severity: Severity } | null;
  runbooks?: Array<{ slug: string; title: string }>;
  commanders: Array<{ id: string; name: string }>;
  me: string;
  locale: Locale;
}

/** Title, severity and commander; one idempotency key per form, so a retry never opens two. */
export function NewIncidentForm({ runbook, runbooks = [], commanders, me, locale }: Props) {
  const t = translator(locale);
  const [title, setTitle] = useState(runbook?.title ?? "");
  const [severity, setSeverity] = useState<Severity>(runbook?.severity ?? "P2");
  const [picked, setPicked] = useState("");
  const [commanderId, setCommanderId] = useState(me);
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="max-w-xl space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const result = await sendJson<IncidentView>(
          "POST",
          "/api/incidents",
          {
            ...(runbook || picked ? { runbookSlug: runbook?.slug ?? picked } : {}),
            title,
            severity,
            commanderId,
            idempotencyKey: key,
          },
          {
            onRetry: (r) => setError(fill(t("incidents.retrying"), { reason: r.message ?? "" })),
          },
        );
        if (result.ok && result.data) {
          window.location.assign(`/incidents/${result.data.id}`);
          return;
        }
        setBusy(false);
        setError(result.message ?? "erro");
      }}
    >
      {runbook ? (
        <p className="text-sm text-slate-700">
          {t("incidents.new.runbook")}: <strong>{runbook.title}</strong>
        </p>
      ) : (
        <SelectField
          look="regular"
          label={t("incidents.declare.runbook")}
          value={picked}
          onChange={(e) => setPicked(e.target.value)}
          anyLabel={t("incidents.declare.none")}
          choices={runbooks.map((r) => ({ value: r.slug, label: r.title }))}
        />
      )}
      <Field look="regular" label={t("incidents.new.incidentTitle")}>
        <Input required minLength={3} maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <SelectField
        look="regular"
        label={t("incidents.filter.severity")}
        value={severity}
        onChange={(e) => setSeverity(e.target.value as Severity)}
        choices={[
          { value: "P1", label: "P1 — 15 min" },
          { value: "P2", label: "P2 — 1 h" },
          { value: "P3", label: "P3 — 4 h" },
        ]}
      />
      <SelectField
        look="regular"
        label={t("incidents.new.commander")}
        value={commanderId}
        onChange={(e) => setCommanderId(e.target.value)}
        choices={commanders.map((c) => ({ value: c.id, label: c.name }))}
      />
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
