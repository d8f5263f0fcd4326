"use client";

import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/Badge";
import { Card } from "@/components/ui/Card";
import { fill, formatDateTime } from "@/lib/i18n/format";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { EscalationStep } from "@/lib/runbooks/schema";
import { formatDuration } from "./labels";

/** The runbook's escalation levels, with how long the incident has been open and which are reached. */
export function Escalation({
  steps,
  openedAt,
  endedAt,
  locale,
  timeZone,
}: {
  steps: EscalationStep[];
  openedAt: string;
  endedAt: string | null;
  locale: Locale;
  timeZone: string;
}) {
  const t = translator(locale);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (endedAt) return;
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, [endedAt]);
  const openMs = (endedAt ? new Date(endedAt).getTime() : now) - new Date(openedAt).getTime();
  if (!steps.length) return null;
  return (
    <Card as="section" aria-labelledby="escalation" className="text-sm">
      <h2 id="escalation" className="font-semibold text-slate-900">
        {t("incidents.escalation")}
      </h2>
      {/* A resolved incident is no longer "open for": it says when it ended and how long it took. */}
      {endedAt ? (
        <p className="text-xs text-slate-600" data-resolved-for>
          {fill(t("incidents.escalation.resolvedAt"), {
            at: formatDateTime(endedAt, timeZone, locale),
            duration: formatDuration(openMs),
          })}
        </p>
      ) : (
        <p className="text-xs text-slate-600">
          {t("incidents.escalation.openFor")} <span data-open-for>{formatDuration(openMs)}</span>
        </p>
      )}
      <ol className="mt-2 space-y-1">
        {steps.map((step) => {
          const reached = openMs >= step.after * 60_000;
          return (
            <li
              key={step.level}
              data-level={step.level}
              data-reached={reached}
              className={reached ? "font-medium text-slate-900" : "text-slate-500"}
            >
              N{step.level} · {step.who}
              {step.channel ? ` · ${step.channel}` : ""} · {t("incidents.escalation.after")} {step.after} min
              {reached && (
                <Badge tone="dark" className="ml-1">
                  {t("incidents.escalation.reached")}
                </Badge>
              )}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
