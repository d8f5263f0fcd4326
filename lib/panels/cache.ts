import { processSingleton } from "@/lib/runtime";

// A one-second memory of panel results. Twenty people on the same runbook during an incident,
// each page polling every few seconds, then cost Redis one read per panel per second instead of
// one per viewer; concurrent requests for the same panel share one in-flight load.

interface Entry<T> {
  value?: T;
  expiresAt: number;
  inflight?: Promise<T>;
}

export class PanelCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(
    private readonly ttlMs = 1000,
    private readonly maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key) as Entry<T> | undefined;
    if (entry?.inflight) return entry.inflight;
    if (entry && "value" in entry && entry.expiresAt > this.now()) return Promise.resolve(entry.value as T);
    const fresh: Entry<T> = { expiresAt: 0 };
    fresh.inflight = load().then(
      (value) => {
        fresh.value = value;
        fresh.expiresAt = this.now() + this.ttlMs;
        fresh.inflight = undefined;
        return value;
      },
      (error: unknown) => {
        this.entries.delete(key);
        throw error;
      },
    );
    this.entries.delete(key);
    this.entries.set(key, fresh);
    this.evict();
    return fresh.inflight;
  }

  clear(): void {
    this.entries.clear();
  }

  private evict(): void {
    if (this.entries.size <= this.maxEntries) return;
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (!entry.inflight && entry.expiresAt <= now) this.entries.delete(key);
    }
    // Still too many: drop the oldest inserted (Map keeps insertion order).
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

export function sharedPanelCache(): PanelCache {
  return processSingleton("panel-cache", () => new PanelCache());
}
