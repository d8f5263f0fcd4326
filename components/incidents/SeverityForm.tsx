"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { Field, Input, SelectField } from "@/components/ui/Field";
import type { Severity } from "@/lib/generated/prisma/enums.ts";
import { translator, type Locale } from "@/lib/i18n/messages";

const SEVERITIES: Severity[] = ["P1", "P2", "P3"];

/** Up or down with a required reason; the server recomputes the response target. */
export function SeverityForm({
  current,
  locale,
  busy,
  onChange,
}: {
  current: Severity;
  locale: Locale;
  busy: boolean;
  onChange: (to: Severity, reason: string) => Promise<boolean>;
}) {
  const t = translator(locale);
  const [to, setTo] = useState<Severity | "">("");
  const [reason, setReason] = useState("");
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      data-severity-form
      onSubmit={(e) => {
        e.preventDefault();
        if (to && reason.trim())
          void onChange(to, reason.trim()).then((ok) => {
            if (ok) {
              setTo("");
              setReason("");
            }
          });
      }}
    >
      <SelectField
        label={t("incidents.severity.to")}
        value={to}
        onChange={(e) => setTo(e.target.value as Severity)}
        anyLabel="—"
        choices={SEVERITIES.filter((s) => s !== current).map((s) => ({ value: s, label: s }))}
      />
      <Field label={t("incidents.severity.reason")} className="min-w-48 flex-1">
        <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required />
      </Field>
      <Button type="submit" disabled={!to || !reason.trim() || busy}>
        {t("incidents.severity.submit")}
      </Button>
    </form>
  );
}
