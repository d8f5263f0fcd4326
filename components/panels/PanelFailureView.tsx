import { Alert } from "@/components/ui/Alert";
import { translator, type Locale } from "@/lib/i18n/messages";
import { fill } from "@/lib/i18n/format";
import type { PanelFailure } from "@/lib/panels/types";

// A panel whose source is down, slow or not configured: what happened and what to check. Only
// this box changes; the runbook around it renders as usual.

export function PanelFailureView({ failure, locale }: { failure: PanelFailure; locale: Locale }) {
  const t = translator(locale);
  let title: string;
  let detail: string | null = failure.message;
  let hint: string;
  if (failure.source === "redis") {
    title = t("panel.queues.unavailable");
    hint = t("panel.queues.check");
  } else if (failure.source === "sentry" && failure.code === "not_configured") {
    title = t("panel.sentry.notConfigured");
    detail = null;
    hint = fill(t("panel.sentry.notConfiguredHint"), { vars: (failure.missing?.length ? failure.missing : ["SENTRY_ORG", "SENTRY_AUTH_TOKEN"]).join(", ") });
  } else if (failure.source === "sentry") {
    title = t("panel.sentry.unavailable");
    hint = t("panel.sentry.check");
  } else {
    title = t("panel.error");
    hint = "";
  }
  return (
    <Alert tone="warning" role="status" data-panel-error={failure.code}>
      <div className="font-semibold text-amber-950">
        {title}
        {detail && <span className="font-normal">: {detail}</span>}
      </div>
      {hint && <div className="mt-1 text-[13px] leading-snug">{hint}</div>}
    </Alert>
  );
}
