"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { translator, type Locale } from "@/lib/i18n/messages";
import { fill, formatClock } from "@/lib/panels/format";
import { isPagedPanel, panelUrl } from "@/lib/panels/query";
import type { PanelResponse, PanelSnapshot, PanelSpec } from "@/lib/panels/types";
import { forgetPanel, reportPanel } from "@/components/checklists/evidence";
import { PanelBody } from "./PanelBody";
import { PanelFrame } from "./PanelFrame";

// A live panel: shows the snapshot the server rendered, then polls GET /api/panels every
// `pollMs` while the tab is visible (hidden tabs cost nothing; coming back refreshes at once).
// A snapshot the server gave up on ("loading") is fetched right after hydration. A failed
// refresh keeps the last data on screen and says so.

export const POLL_MS = 5000;
const REQUEST_TIMEOUT_MS = 10_000;

interface LivePanelProps {
  panel: PanelSpec;
  initial: PanelSnapshot;
  locale: Locale;
  /** The portal's TIMEZONE, so server and browser format times identically. */
  timeZone: string;
  pollMs?: number;
  /** Key under which the panel's current data is offered as checklist evidence. */
  evidenceKey?: string;
}

export function LivePanel({ panel, initial, locale, timeZone, pollMs = POLL_MS, evidenceKey }: LivePanelProps) {
  const t = translator(locale);
  const titleId = useId();
  const [snapshot, setSnapshot] = useState<PanelSnapshot>(initial);
  const [busy, setBusy] = useState(false);
  const [refreshFailedAt, setRefreshFailedAt] = useState<string | null>(null);
  const page = useRef(initial.status === "ok" && isPagedPanel(panel.type) ? ((initial.data as { page?: number }).page ?? 0) : 0);
  const inflight = useRef<AbortController | null>(null);
  const lastRequest = useRef(0);

  const refresh = useCallback(
    async (targetPage: number, options: { force?: boolean } = {}) => {
      // A poll never piles up behind a slow one; a user action (paging) replaces it.
      if (inflight.current && !options.force) return;
      inflight.current?.abort();
      const controller = new AbortController();
      inflight.current = controller;
      const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
      lastRequest.current = Date.now();
      // Only a user's request shows progress; background polls stay quiet.
      if (options.force) setBusy(true);
      try {
        const response = await fetch(panelUrl(panel, targetPage), { cache: "no-store", signal: controller.signal, headers: { accept: "application/json" } });
        const body = (await response.json()) as PanelResponse | { error: string };
        if (!response.ok || !("snapshot" in body)) throw new Error("error" in body ? body.error : `HTTP ${response.status}`);
        if (inflight.current !== controller) return;
        const next = body.snapshot;
        if (next.status === "ok" && isPagedPanel(panel.type)) page.current = (next.data as { page?: number }).page ?? targetPage;
        else if (next.status === "ok") page.current = targetPage;
        setSnapshot(next);
        setRefreshFailedAt(null);
      } catch {
        if (inflight.current === controller) setRefreshFailedAt(new Date().toISOString());
      } finally {
        clearTimeout(timer);
        if (inflight.current === controller) {
          inflight.current = null;
          setBusy(false);
        }
      }
    },
    [panel],
  );

  useEffect(() => {
    const tick = () => {
      if (!document.hidden) void refresh(page.current);
    };
    const interval = setInterval(tick, pollMs);
    const onVisibility = () => {
      if (!document.hidden && Date.now() - lastRequest.current >= pollMs) tick();
    };
    document.addEventListener("visibilitychange", onVisibility);
    // The server stopped waiting for this source: fetch it now rather than in `pollMs`.
    const first = initial.status === "loading" ? setTimeout(tick, 0) : undefined;
    return () => {
      clearInterval(interval);
      clearTimeout(first);
      document.removeEventListener("visibilitychange", onVisibility);
      inflight.current?.abort();
    };
  }, [refresh, pollMs, initial.status]);

  useEffect(() => {
    if (!evidenceKey) return;
    reportPanel(evidenceKey, panel, snapshot);
    return () => forgetPanel(evidenceKey);
  }, [evidenceKey, panel, snapshot]);

  const goToPage = useCallback((target: number) => void refresh(Math.max(0, target), { force: true }), [refresh]);

  const problem = snapshot.status === "error" || (snapshot.status === "ok" && snapshot.stale !== undefined);
  const freshness =
    snapshot.status === "ok" || snapshot.status === "error" ? (
      <span data-updated-at={snapshot.fetchedAt} className="tabular-nums">
        {fill(t("panel.updatedAt"), { time: formatClock(snapshot.fetchedAt, timeZone) })}
      </span>
    ) : snapshot.status === "loading" ? (
      <span>{t("panel.loading")}</span>
    ) : null;

  return (
    <PanelFrame
      panel={panel}
      locale={locale}
      status={snapshot.status}
      tone={problem ? "problem" : "live"}
      titleId={titleId}
      aside={
        <>
          {freshness}
          <span aria-hidden={!busy} title={busy ? t("panel.refreshing") : undefined} className={`size-3 rounded-full border-2 border-slate-300 border-t-sky-600 print:hidden ${busy ? "animate-spin" : "invisible"}`}>
            {busy && <span className="sr-only">{t("panel.refreshing")}</span>}
          </span>
          <button
            type="button"
            onClick={() => void refresh(page.current, { force: true })}
            disabled={busy}
            className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-50 print:hidden"
          >
            {t("panel.refresh")}
          </button>
        </>
      }
    >
      {refreshFailedAt && (
        <div role="status" className="mb-2 text-xs text-amber-800">
          {fill(t("panel.refreshFailed"), { time: formatClock(refreshFailedAt, timeZone) })}
        </div>
      )}
      {snapshot.status === "ok" && snapshot.stale && (
        <div role="status" className="mb-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">
          {fill(t("panel.stale"), { time: formatClock(snapshot.fetchedAt, timeZone), message: snapshot.stale.message })}
        </div>
      )}
      <PanelBody panel={panel} snapshot={snapshot} locale={locale} timeZone={timeZone} onPage={goToPage} busy={busy} />
    </PanelFrame>
  );
}
