import { Alert } from "@/components/ui/Alert";
import { translator, type Locale } from "@/lib/i18n/messages";
import { fill } from "@/lib/i18n/format";
import type { PanelFailure } from "@/lib/panels/types";

// A panel whose source is down, slow or not configured: what happened and what to check. Only
// this box changes; the runbook around it renders as usual.

/** Not a failure of the moment but of setup: nothing is live, and nobody on call can fix it. */
export function isNotConfigured(failure: PanelFailure): boolean {
  return failure.source === "sentry" && failure.code === "not_configured";
}

export function PanelFailureView({ failure, locale }: { failure: PanelFailure; locale: Locale }) {
  const t = translator(locale);
  let title: string;
  let detail: string | null = failure.message;
  let hint: string;
  let setup: string | null = null;
  if (failure.source === "redis") {
    title = t("panel.queues.unavailable");
    hint = t("panel.queues.check");
  } else if (isNotConfigured(failure)) {
    // Said plainly to whoever reads the runbook; the variable names are for whoever runs the portal.
    title = t("panel.sentry.notConfigured");
    detail = null;
    hint = t("panel.sentry.notConfiguredPlain");
    setup = fill(t("panel.sentry.notConfiguredHint"), {
      vars: (failure.missing?.length ? failure.missing : ["SENTRY_ORG", "SENTRY_AUTH_TOKEN"]).join(", "),
    });
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
      {setup && (
        <details className="mt-1 text-[13px] leading-snug">
          <summary className="cursor-pointer font-medium">{t("panel.sentry.setup")}</summary>
          <p className="mt-1">{setup}</p>
        </details>
      )}
    </Alert>
  );
}
