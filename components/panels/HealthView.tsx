import { cx } from "@/components/ui/cx";
import { translator, type Locale } from "@/lib/i18n/messages";
import { hasLimits, LEVEL_CLASSES, limitLevel } from "@/lib/panels/level";
import type { HealthData } from "@/lib/panels/types";
import type { PanelLimits } from "@/lib/runbooks/panels";
import { LimitsLegend } from "./LimitsLegend";

const LABELS = { postgres: "PostgreSQL", redis: "Redis" } as const;

interface HealthViewProps {
  checks: HealthData["checks"];
  /** Whether the Sentry panels can work; absent where Sentry is not the subject (home). */
  sentry?: HealthData["sentry"];
  locale: Locale;
  testId?: string;
  /** The runbook's latency limits: past them the latency is amber / red. */
  limits?: PanelLimits;
}

/** The portal's dependencies, up or down, with latency and error: the health panel and the home page. */
export function HealthView({ checks, sentry, locale, testId = "panel-health", limits = {} }: HealthViewProps) {
  const t = translator(locale);
  const names = Object.keys(checks) as Array<keyof typeof LABELS>;
  const list = (
    <ul className={cx("grid gap-2", sentry ? "sm:grid-cols-3" : "sm:grid-cols-2")} data-testid={testId}>
      {names.map((name) => {
        const check = checks[name];
        const up = check.status === "up";
        return (
          <li
            key={name}
            data-dependency={name}
            className={cx(
              "rounded-md border px-3 py-2",
              up ? "border-emerald-200 bg-emerald-50" : "border-red-300 bg-red-50",
            )}
          >
            <div className="flex items-center gap-2">
              <span aria-hidden className={cx("size-2 rounded-full", up ? "bg-emerald-500" : "bg-red-600")} />
              <span className="font-medium">{LABELS[name] ?? name}</span>
              <span className={cx("ml-auto text-xs font-medium", up ? "text-emerald-800" : "text-red-800")}>
                {up ? t("health.up") : t("health.down")}
              </span>
            </div>
            <div className="mt-0.5 text-xs text-slate-600">
              <span
                className={
                  hasLimits(limits) && up
                    ? cx("rounded px-1", LEVEL_CLASSES[limitLevel(check.latencyMs, limits)])
                    : undefined
                }
                data-limit-level={hasLimits(limits) && up ? limitLevel(check.latencyMs, limits) : undefined}
              >
                {t("health.latency")} {check.latencyMs} ms
              </span>
            </div>
            {check.error && <div className="mt-1 font-mono text-xs break-words text-red-800">{check.error}</div>}
          </li>
        );
      })}
      {sentry && (
        <li
          data-dependency="sentry"
          className={cx(
            "rounded-md border px-3 py-2",
            sentry.configured ? "border-emerald-200 bg-emerald-50" : "border-slate-200 bg-slate-50",
          )}
        >
          <div className="flex items-center gap-2">
            <span
              aria-hidden
              className={cx("size-2 rounded-full", sentry.configured ? "bg-emerald-500" : "bg-slate-400")}
            />
            <span className="font-medium">{t("health.sentry")}</span>
            <span className="ml-auto text-xs font-medium text-slate-700">
              {sentry.configured ? t("health.sentryConfigured") : t("health.sentryMissing")}
            </span>
          </div>
          {!sentry.configured && (
            <div className="mt-1 font-mono text-xs break-words text-slate-600">{sentry.missing.join(", ")}</div>
          )}
        </li>
      )}
    </ul>
  );
  if (!hasLimits(limits)) return list;
  return (
    <div>
      {list}
      <LimitsLegend what={t("limits.latency")} limits={limits} locale={locale} />
    </div>
  );
}
