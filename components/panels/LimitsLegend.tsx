import { fill, formatCount } from "@/lib/i18n/format";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { PanelLimits } from "@/lib/runbooks/panels";

/** "Limites de <what>: atenção > 50 · crítico > 100", with the swatches the cells use. */
export function LimitsLegend({ what, limits, locale }: { what: string; limits: PanelLimits; locale: Locale }) {
  const t = translator(locale);
  return (
    <p className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600" data-testid="limits-legend">
      <span>{fill(t("limits.legend"), { what })}</span>
      {limits.warn !== undefined && (
        <span className="inline-flex items-center gap-1" data-level="warn">
          <span aria-hidden className="inline-block size-3 rounded-sm border border-amber-300 bg-amber-100" />
          {t("limits.warn")} &gt; {formatCount(limits.warn, locale)}
        </span>
      )}
      {limits.critical !== undefined && (
        <span className="inline-flex items-center gap-1" data-level="critical">
          <span aria-hidden className="inline-block size-3 rounded-sm border border-red-300 bg-red-100" />
          {t("limits.critical")} &gt; {formatCount(limits.critical, locale)}
        </span>
      )}
    </p>
  );
}
