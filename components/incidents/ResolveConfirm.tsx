"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Field, Textarea } from "@/components/ui/Field";
import { translator, type Locale } from "@/lib/i18n/messages";
import { RESOLVE_REASON_MAX } from "@/lib/incidents/validation";

/** The second step of "Resolver": resolving stops the clock, so it asks for a reason first. */
export function ResolveConfirm({
  locale,
  busy,
  onConfirm,
  onCancel,
}: {
  locale: Locale;
  busy: boolean;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const t = translator(locale);
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  return (
    <form
      role="group"
      aria-labelledby="resolve-title"
      className="space-y-2 rounded border border-emerald-300 bg-emerald-50 p-3"
      data-resolve-confirm
      onSubmit={(e) => {
        e.preventDefault();
        const text = reason.trim();
        setMissing(!text);
        if (text) onConfirm(text);
      }}
    >
      <p id="resolve-title" className="text-sm font-semibold text-slate-900">
        {t("incidents.resolve.title")}
      </p>
      <Field label={t("incidents.resolve.reason")}>
        <Textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={RESOLVE_REASON_MAX}
          rows={2}
          autoFocus
          aria-required
          aria-invalid={missing}
        />
      </Field>
      {missing && (
        <Alert tone="error" role="alert" inline>
          {t("incidents.resolve.missing")}
        </Alert>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={busy}>
          {t("incidents.resolve.confirm")}
        </Button>
        <Button type="button" onClick={onCancel}>
          {t("incidents.resolve.cancel")}
        </Button>
      </div>
    </form>
  );
}
