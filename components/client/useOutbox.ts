"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { requestJson, type JsonMethod } from "./json";
import { backoffMs } from "./retry";
import { loadList, saveList } from "./storage";

// The browser's outbox: what a user did (a checklist tick or note, an incident note or step) that
// the server has not confirmed yet. Entries live in localStorage, so a reload or a closed tab
// loses nothing, and each keeps the idempotency key it was created with for every retry, so the
// server records it exactly once however often it is sent. Entries of one lane (an item, a
// timeline) go one at a time, oldest first, so the server sees them in the order they were made.
// Retryable failures (./retry.ts) wait with backoff; a refusal is given to the caller, who drops
// the entry or keeps it for the user to read and discard. docs/adr/0005-browser-outbox.md.

export interface OutboxEntry {
  /** The idempotency key, reused by every attempt. */
  key: string;
  attempts: number;
  /** Epoch ms before which it is not sent again. */
  nextAt: number;
  /** Why the last attempt did not save it (shown beside "não salvo ainda"). */
  lastError?: string | null;
  /** The server refused it for good: kept for the user, not sent again. */
  rejected?: string | null;
}

export interface OutboxRequest {
  method: Exclude<JsonMethod, "GET">;
  url: string;
  body: unknown;
}

export interface OutboxOptions<E extends OutboxEntry, R> {
  /** Where the entries are kept; null while there is nothing to send to yet. */
  storageKey: string | null;
  valid: (entry: unknown) => entry is E;
  /** What was read back from storage, adapted (e.g. entries for items no longer on the page dropped). */
  restore?: (stored: E[]) => E[];
  /** Entries of one lane are sent one at a time, oldest first. */
  lane: (entry: E) => string;
  request: (entry: E) => OutboxRequest;
  onSaved: (entry: E, data: R) => void;
  /** The server refused the entry: drop it, or keep it (marked rejected) for the user to see. */
  onRefused: (entry: E, message: string) => "drop" | "keep";
  /** The message for a network failure. */
  offline?: string;
}

/** An entry as its caller creates it (distributes over a union of entry kinds). */
export type NewEntry<E> = E extends unknown ? Omit<E, "attempts" | "nextAt" | "lastError" | "rejected"> : never;

export interface Outbox<E extends OutboxEntry> {
  entries: E[];
  /** Queues a new entry (attempts and timing are filled in). */
  add: (entry: NewEntry<E>) => void;
  /** Changes the queue (e.g. replaces an entry that was never sent). */
  update: (change: (entries: E[]) => E[]) => void;
  /** True while the entry's request is on its way: it must not be replaced. */
  isInflight: (key: string) => boolean;
  /** Sends every waiting entry now (the network is back, the live stream reconnected). */
  retryNow: () => void;
  discard: (key: string) => void;
}

export function useOutbox<E extends OutboxEntry, R>(options: OutboxOptions<E, R>): Outbox<E> {
  const { storageKey } = options;
  const [entries, setEntries] = useState<E[]>([]);
  const [wake, setWake] = useState(0);
  const loadedKey = useRef<string | null>(null);
  const inflight = useRef(new Set<string>());
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  // What an earlier visit left (a reload or a closed tab while the database was down).
  useEffect(() => {
    if (!storageKey) return;
    const stored = loadList(storageKey, latest.current.valid);
    setEntries(latest.current.restore ? latest.current.restore(stored) : stored);
    loadedKey.current = storageKey;
  }, [storageKey]);

  useEffect(() => {
    if (storageKey && loadedKey.current === storageKey) saveList(storageKey, entries);
  }, [storageKey, entries]);

  const send = useCallback(async (entry: E) => {
    inflight.current.add(entry.key);
    const { request, offline } = latest.current;
    const change = (patch: Partial<E>) =>
      setEntries((list) => list.map((e) => (e.key === entry.key ? { ...e, ...patch } : e)));
    try {
      const { method, url, body } = request(entry);
      const result = await requestJson<R>(method, url, body, { offline });
      if (result.ok) {
        setEntries((list) => list.filter((e) => e.key !== entry.key));
        latest.current.onSaved(entry, result.data as R);
      } else if (result.retryable) {
        change({
          attempts: entry.attempts + 1,
          nextAt: Date.now() + backoffMs(entry.attempts + 1, result.retryAfterSeconds),
          lastError: result.message ?? null,
        } as Partial<E>);
      } else {
        const message = result.message ?? "";
        if (latest.current.onRefused(entry, message) === "drop")
          setEntries((list) => list.filter((e) => e.key !== entry.key));
        else change({ rejected: message } as Partial<E>);
      }
    } finally {
      inflight.current.delete(entry.key);
      setWake((w) => w + 1);
    }
  }, []);

  // Sends the head of each lane when it is due; sleeps until the next one is.
  useEffect(() => {
    const heads = new Map<string, E>();
    for (const entry of entries) {
      const lane = latest.current.lane(entry);
      if (!entry.rejected && !heads.has(lane)) heads.set(lane, entry);
    }
    let soonest = Infinity;
    const now = Date.now();
    for (const head of heads.values()) {
      if (inflight.current.has(head.key)) continue;

      if (head.nextAt <= now) void send(head);
      else soonest = Math.min(soonest, head.nextAt);
    }
    if (soonest === Infinity) return;
    const timer = setTimeout(() => setWake((w) => w + 1), soonest - now);
    return () => clearTimeout(timer);
  }, [entries, wake, send]);

  const retryNow = useCallback(() => {
    setEntries((list) => (list.some((e) => e.nextAt > Date.now()) ? list.map((e) => ({ ...e, nextAt: 0 })) : list));
    setWake((w) => w + 1);
  }, []);

  useEffect(() => {
    window.addEventListener("online", retryNow);
    return () => window.removeEventListener("online", retryNow);
  }, [retryNow]);

  const add = useCallback((entry: NewEntry<E>) => {
    setEntries((list) => [...list, { ...entry, attempts: 0, nextAt: 0, lastError: null, rejected: null } as E]);
  }, []);
  const update = useCallback((change: (list: E[]) => E[]) => setEntries(change), []);
  const isInflight = useCallback((key: string) => inflight.current.has(key), []);
  const discard = useCallback((key: string) => setEntries((list) => list.filter((e) => e.key !== key)), []);

  return { entries, add, update, isInflight, retryNow, discard };
}
