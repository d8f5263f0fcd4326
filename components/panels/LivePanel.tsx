"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { translator, type Locale } from "@/lib/i18n/messages";
import { fill, formatClock } from "@/lib/i18n/format";
import { isPagedPanel, panelUrl } from "@/lib/panels/query";
import type { PanelResponse, PanelSnapshot, PanelSpec } from "@/lib/panels/types";
import { forgetPanel, reportPanel } from "@/components/checklists/evidence";
import { PanelBody } from "./PanelBody";
import { isNotConfigured } from "./PanelFailureView";
import { PanelFrame } from "./PanelFrame";
import { panelPoller } from "./poller";

// A live panel: shows the snapshot the server rendered, then refreshes every `pollMs` with the
// page's other panels in one request (poller.ts). A snapshot the server gave up on ("loading")
// is fetched right after hydration. Paging and the refresh button ask GET /api/panels at once.
// A failed refresh keeps the last data on screen and says so.

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
  const page = useRef(
    initial.status === "ok" && isPagedPanel(panel.type) ? ((initial.data as { page?: number }).page ?? 0) : 0,
  );
  const inflight = useRef<AbortController | null>(null);

  const accept = useCallback(
    (next: PanelSnapshot, targetPage: number) => {
      if (next.status === "ok" && isPagedPanel(panel.type))
        page.current = (next.data as { page?: number }).page ?? targetPage;
      else if (next.status === "ok") page.current = targetPage;
      setSnapshot(next);
      setRefreshFailedAt(null);
    },
    [panel],
  );

  /** The user's own refresh (paging, the button): at once, replacing any earlier one. */
  const refresh = useCallback(
    async (targetPage: number) => {
      inflight.current?.abort();
      const controller = new AbortController();
      inflight.current = controller;
      const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
      setBusy(true);
      try {
        const response = await fetch(panelUrl(panel, targetPage), {
          cache: "no-store",
          signal: controller.signal,
          headers: { accept: "application/json" },
        });
        const body = (await response.json()) as PanelResponse | { error: string };
        if (!response.ok || !("snapshot" in body))
          throw new Error("error" in body ? body.error : `HTTP ${response.status}`);
        if (inflight.current !== controller) return;
        accept(body.snapshot, targetPage);
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
    [panel, accept],
  );

  useEffect(() => {
    const poller = panelPoller(pollMs);
    const unsubscribe = poller.add({
      panel,
      page: () => page.current,
      wants: () => inflight.current === null,
      deliver: (response, requestedPage) => {
        // The user paged or refreshed meanwhile: their answer is newer than this poll's.
        if (inflight.current || requestedPage !== page.current) return;
        accept(response.snapshot, requestedPage);
      },
      fail: () => setRefreshFailedAt(new Date().toISOString()),
    });
    // The server stopped waiting for this source: fetch it now rather than in `pollMs`.
    if (initial.status === "loading") poller.pollSoon();
    return () => {
      unsubscribe();
      inflight.current?.abort();
    };
  }, [panel, pollMs, initial.status, accept]);

  useEffect(() => {
    if (!evidenceKey) return;
    reportPanel(evidenceKey, panel, snapshot);
    return () => forgetPanel(evidenceKey);
  }, [evidenceKey, panel, snapshot]);

  const goToPage = useCallback((target: number) => void refresh(Math.max(0, target)), [refresh]);

  const unconfigured = snapshot.status === "error" && isNotConfigured(snapshot.error);
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
      tone={unconfigured ? "off" : problem ? "problem" : "live"}
      titleId={titleId}
      // Settings are read at start-up: refreshing a panel that is not set up cannot change it.
      aside={
        unconfigured ? undefined : (
          <>
            {freshness}
            <span
              aria-hidden={!busy}
              title={busy ? t("panel.refreshing") : undefined}
              className={`size-3 rounded-full border-2 border-slate-300 border-t-sky-600 print:hidden ${busy ? "animate-spin" : "invisible"}`}
            >
              {busy && <span className="sr-only">{t("panel.refreshing")}</span>}
            </span>
            <Button size="sm" onClick={() => void refresh(page.current)} disabled={busy} className="print:hidden">
              {t("panel.refresh")}
            </Button>
          </>
        )
      }
    >
      {refreshFailedAt && (
        <Alert tone="warning" role="status" inline size="sm" className="mb-2">
          {fill(t("panel.refreshFailed"), { time: formatClock(refreshFailedAt, timeZone) })}
        </Alert>
      )}
      {snapshot.status === "ok" && snapshot.stale && (
        <Alert tone="warning" role="status" size="sm" borderless className="mb-2">
          {fill(t("panel.stale"), { time: formatClock(snapshot.fetchedAt, timeZone), message: snapshot.stale.message })}
        </Alert>
      )}
      <PanelBody panel={panel} snapshot={snapshot} locale={locale} timeZone={timeZone} onPage={goToPage} busy={busy} />
    </PanelFrame>
  );
}
