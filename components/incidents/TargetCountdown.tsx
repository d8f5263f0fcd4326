"use client";

import { useEffect, useState } from "react";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { ResponseTarget } from "@/lib/incidents/targets";
import { formatDuration } from "./labels";

/** The response target: a countdown while unacknowledged that turns into a breach mark. */
export function TargetCountdown({ target, locale, serverNow }: { target: ResponseTarget; locale: Locale; serverNow: string }) {
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
      <span data-target="breached" className="rounded bg-red-700 px-2 py-0.5 text-xs font-semibold text-white">
        ⚠ {t("incidents.target.breached")} ({formatDuration(late)} {t("incidents.target.late")})
      </span>
    ) : (
      <span data-target="met" className="rounded bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200">
        ✓ {t("incidents.target.met")}
      </span>
    );
  }
  const left = due - now;
  return left >= 0 ? (
    <span data-target="running" role="timer" className="rounded bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-200">
      ⏱ {formatDuration(left)} {t("incidents.target.left")} ({target.targetMinutes} min)
    </span>
  ) : (
    <span data-target="breached" role="timer" className="rounded bg-red-700 px-2 py-0.5 text-xs font-semibold text-white">
      ⚠ {t("incidents.target.breached")} ({formatDuration(left)} {t("incidents.target.late")})
    </span>
  );
}
