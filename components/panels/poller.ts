import { MAX_BATCH } from "@/lib/panels/limits";
import { panelBatchUrl } from "@/lib/panels/query";
import type { PanelBatchResponse, PanelResponse, PanelSpec } from "@/lib/panels/types";

// The periodic refresh of every live panel on a page, as one request per poll
// (GET /api/panels/batch) instead of one per panel: the checklist page has eleven panels, and
// each request has a fixed cost on the server that dwarfs reading a panel from its cache.
// Hidden tabs cost nothing; a tab coming back refreshes at once if a poll is due.

export interface PanelSubscription {
  panel: PanelSpec;
  /** The page of its data the panel shows now. */
  page(): number;
  /** False while the panel has a request of its own in flight (a user's paging or refresh). */
  wants(): boolean;
  /** `requestedPage` is the page asked for; the server may clamp it (see the response's data). */
  deliver(response: PanelResponse, requestedPage: number): void;
  fail(): void;
}

const REQUEST_TIMEOUT_MS = 10_000;

class PanelPoller {
  private readonly subscriptions = new Set<PanelSubscription>();
  private interval: ReturnType<typeof setInterval> | undefined;
  private soon: ReturnType<typeof setTimeout> | undefined;
  private inflight = false;
  private lastPoll = 0;

  constructor(private readonly pollMs: number) {}

  add(subscription: PanelSubscription): () => void {
    this.subscriptions.add(subscription);
    if (!this.interval) {
      this.interval = setInterval(() => void this.poll(), this.pollMs);
      document.addEventListener("visibilitychange", this.onVisibility);
    }
    return () => {
      this.subscriptions.delete(subscription);
      if (this.subscriptions.size > 0) return;
      clearInterval(this.interval);
      clearTimeout(this.soon);
      this.interval = this.soon = undefined;
      document.removeEventListener("visibilitychange", this.onVisibility);
    };
  }

  /** Refreshes on the next turn of the event loop, so panels asking together share a request. */
  pollSoon(): void {
    this.soon ??= setTimeout(() => {
      this.soon = undefined;
      void this.poll();
    }, 0);
  }

  private readonly onVisibility = () => {
    if (!document.hidden && Date.now() - this.lastPoll >= this.pollMs) void this.poll();
  };

  private async poll(): Promise<void> {
    // A poll never piles up behind a slow one.
    if (document.hidden || this.inflight) return;
    const due = [...this.subscriptions].filter((subscription) => subscription.wants());
    if (due.length === 0) return;
    this.inflight = true;
    this.lastPoll = Date.now();
    try {
      const chunks: PanelSubscription[][] = [];
      for (let i = 0; i < due.length; i += MAX_BATCH) chunks.push(due.slice(i, i + MAX_BATCH));
      await Promise.all(chunks.map((chunk) => this.fetchChunk(chunk)));
    } finally {
      this.inflight = false;
    }
  }

  private async fetchChunk(chunk: PanelSubscription[]): Promise<void> {
    const requests = chunk.map((subscription) => ({ panel: subscription.panel, page: subscription.page() }));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(panelBatchUrl(requests), {
        cache: "no-store",
        signal: controller.signal,
        headers: { accept: "application/json" },
      });
      const body = (await response.json()) as PanelBatchResponse | { error: string };
      if (!response.ok || !("panels" in body) || body.panels.length !== chunk.length)
        throw new Error("error" in body ? body.error : `HTTP ${response.status}`);
      body.panels.forEach((result, i) => {
        const subscription = chunk[i]!;
        if (this.subscriptions.has(subscription)) subscription.deliver(result, requests[i]!.page);
      });
    } catch {
      for (const subscription of chunk) if (this.subscriptions.has(subscription)) subscription.fail();
    } finally {
      clearTimeout(timer);
    }
  }
}

const pollers = new Map<number, PanelPoller>();

/** The page's poller for panels refreshing every `pollMs`. */
export function panelPoller(pollMs: number): PanelPoller {
  let poller = pollers.get(pollMs);
  if (!poller) pollers.set(pollMs, (poller = new PanelPoller(pollMs)));
  return poller;
}
