"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { SelectField } from "@/components/ui/Field";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { EntryResult } from "@/lib/incidents/types";
import { sendJson } from "@/components/client/json";
import { newIdempotencyKey } from "@/components/client/keys";

/** Picks an alert or procedure runbook for an incident declared without one; the page reloads to show it. */
export function AttachRunbook({
  incidentId,
  runbooks,
  locale,
}: {
  incidentId: string;
  runbooks: Array<{ slug: string; title: string }>;
  locale: Locale;
}) {
  const t = translator(locale);
  const [slug, setSlug] = useState("");
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      data-attach-runbook
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const result = await sendJson<EntryResult>("POST", `/api/incidents/${incidentId}/runbook`, {
          runbookSlug: slug,
          idempotencyKey: key,
        });
        if (result.ok) return window.location.reload();
        setBusy(false);
        setError(result.message ?? "erro");
      }}
    >
      <SelectField
        label={t("incidents.attach.label")}
        value={slug}
        onChange={(e) => setSlug(e.target.value)}
        anyLabel="—"
        className="max-w-80"
        choices={runbooks.map((r) => ({ value: r.slug, label: r.title }))}
      />
      <Button type="submit" disabled={!slug || busy}>
        {t("incidents.attach.submit")}
      </Button>
      {error && (
        <Alert tone="error" role="alert" inline>
          {t("incidents.error")} {error}
        </Alert>
      )}
    </form>
  );
}
