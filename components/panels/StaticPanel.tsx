import { useId } from "react";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { PanelSpec } from "@/lib/panels/types";
import { PanelFrame } from "./PanelFrame";

// A panel switched off (`?panels=off`, print view): where it sits and what it would show,
// without touching its source.

export function StaticPanel({ panel, locale }: { panel: PanelSpec; locale: Locale }) {
  const titleId = useId();
  const args = Object.entries(panel.args)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(" ");
  return (
    <PanelFrame panel={panel} locale={locale} status="off" tone="off" titleId={titleId}>
      <div className="flex flex-wrap items-baseline gap-x-3 text-slate-600">
        <span>{translator(locale)("panel.off")}</span>
        <span className="font-mono text-xs text-slate-500">
          ::{panel.type}
          {args && `{${args}}`}
        </span>
      </div>
    </PanelFrame>
  );
}
