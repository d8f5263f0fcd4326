"use client";

import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/Badge";
import { ClockIcon } from "@/components/ui/Icon";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { ResponseTarget } from "@/lib/incidents/targets";
import { formatDuration } from "./labels";

/** The response target: a countdown while unacknowledged that turns into a breach mark. */
export function TargetCountdown({
  target,
  locale,
  serverNow,
}: {
  target: ResponseTarget;
  locale: Locale;
  serverNow: string;
}) {
  const t = translator(locale);
  // Offset between this browser's clock and the server's, so a wrong local clock does not lie.
  const [skew] = useState(() => new Date(serverNow).getTime() - Date.now());
  const [now, setNow] = useState(() => Date.now() + skew);
  useEffect(() => {
    if (target.respondedAt) return;
    const timer = setInterval(() => setNow(Date.now() + skew), 1000);
    return () => clearInterval(timer);
  }, [target.respondedAt, skew]);
  const due = new Date(target.dueAt).getTime();
  if (target.respondedAt) {
    const late = new Date(target.respondedAt).getTime() - due;
    return target.breached ? (
      <Badge tone="critical" strong data-target="breached">
        ⚠ {t("incidents.target.breached")} ({formatDuration(late)} {t("incidents.target.late")})
      </Badge>
    ) : (
      <Badge tone="success" data-target="met">
        ✓ {t("incidents.target.met")}
      </Badge>
    );
  }
  const left = due - now;
  return left >= 0 ? (
    <Badge tone="warning" role="timer" data-target="running">
      <ClockIcon />
      <span>
        {formatDuration(left)} {t("incidents.target.left")} ({target.targetMinutes} min)
      </span>
    </Badge>
  ) : (
    <Badge tone="critical" strong role="timer" data-target="breached">
      ⚠ {t("incidents.target.breached")} ({formatDuration(left)} {t("incidents.target.late")})
    </Badge>
  );
}
