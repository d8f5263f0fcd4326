import { translator, type Locale } from "@/lib/i18n/messages";
import { hasLimits, LEVEL_CLASSES, limitLevel } from "@/lib/panels/level";
import type { HealthData } from "@/lib/panels/types";
import type { PanelLimits } from "@/lib/runbooks/panels";
import { LimitsLegend } from "./LimitsLegend";

const LABELS = { postgres: "PostgreSQL", redis: "Redis" } as const;

/** Each dependency as the portal sees it; with the runbook's limits, latency is amber / red past them. */
export function HealthView({ data, locale, limits = {} }: { data: HealthData; locale: Locale; limits?: PanelLimits }) {
  const t = translator(locale);
  const names = Object.keys(data.checks) as Array<keyof typeof LABELS>;
  return (
    <div>
      <ul className="grid gap-2 sm:grid-cols-3" data-testid="panel-health">
        {names.map((name) => {
          const check = data.checks[name];
          const up = check.status === "up";
          return (
            <li key={name} data-dependency={name} className={`rounded-md border px-3 py-2 ${up ? "border-emerald-200 bg-emerald-50" : "border-red-300 bg-red-50"}`}>
              <div className="flex items-center gap-2">
                <span aria-hidden className={`size-2 rounded-full ${up ? "bg-emerald-500" : "bg-red-600"}`} />
                <span className="font-medium">{LABELS[name] ?? name}</span>
                <span className={`ml-auto text-xs font-medium ${up ? "text-emerald-800" : "text-red-800"}`}>{up ? t("health.up") : t("health.down")}</span>
              </div>
              <div className="mt-0.5 text-xs text-slate-600">
                <span
                  className={hasLimits(limits) && up ? `rounded px-1 ${LEVEL_CLASSES[limitLevel(check.latencyMs, limits)]}` : undefined}
                  data-limit-level={hasLimits(limits) && up ? limitLevel(check.latencyMs, limits) : undefined}
                >
                  {t("health.latency")} {check.latencyMs} ms
                </span>
              </div>
              {check.error && <div className="mt-1 break-words font-mono text-xs text-red-800">{check.error}</div>}
            </li>
          );
        })}
        <li data-dependency="sentry" className={`rounded-md border px-3 py-2 ${data.sentry.configured ? "border-emerald-200 bg-emerald-50" : "border-slate-200 bg-slate-50"}`}>
          <div className="flex items-center gap-2">
            <span aria-hidden className={`size-2 rounded-full ${data.sentry.configured ? "bg-emerald-500" : "bg-slate-400"}`} />
            <span className="font-medium">{t("health.sentry")}</span>
            <span className="ml-auto text-xs font-medium text-slate-700">{data.sentry.configured ? t("health.sentryConfigured") : t("health.sentryMissing")}</span>
          </div>
          {!data.sentry.configured && <div className="mt-1 break-words font-mono text-xs text-slate-600">{data.sentry.missing.join(", ")}</div>}
        </li>
      </ul>
      {hasLimits(limits) && <LimitsLegend what={t("limits.latency")} limits={limits} locale={locale} />}
    </div>
  );
}
