import { LRUCache } from "lru-cache";
import { processSingleton } from "@/lib/runtime";

// A one-second memory of panel results. Twenty people on the same runbook during an incident,
// each page polling every few seconds, then cost Redis one read per panel per second instead of
// one per viewer; concurrent requests for the same panel share one in-flight load (lru-cache's
// fetch), and a failed load is not remembered.

interface Box {
  value: unknown;
  expiresAt: number;
}

type Load = () => Promise<unknown>;

export class PanelCache {
  private readonly entries: LRUCache<string, Box, Load>;

  constructor(
    ttlMs = 1000,
    maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache<string, Box, Load>({
      max: maxEntries,
      // An entry evicted while loading still hands its value to the callers waiting for it.
      ignoreFetchAbort: true,
      fetchMethod: async (_key, _stale, { context }) => ({ value: await context(), expiresAt: this.now() + ttlMs }),
    });
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    // Freshness is decided here rather than by lru-cache's ttl, which treats a value as fresh up
    // to and including its expiry instant.
    const cached = this.entries.peek(key);
    const box = await this.entries.fetch(key, {
      context: load,
      forceRefresh: !cached || cached.expiresAt <= this.now(),
    });
    // The cast is sound because a key always maps to one loader, hence one type.
    return box!.value as T;
  }

  clear(): void {
    this.entries.clear();
  }
}

export function sharedPanelCache(): PanelCache {
  return processSingleton("panel-cache", () => new PanelCache());
}
