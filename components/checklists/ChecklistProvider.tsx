"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Locale } from "@/lib/i18n/messages";
import type { NoteResult, NoteView, RunState, TickResult } from "@/lib/checklists/types";
import { errorMessage, isRetryableStatus, retryAfterSeconds } from "@/components/outbox/outbox";
import { evidenceFor } from "./evidence";
import { backoffMs, isNote, loadQueue, newIdempotencyKey, newUuid, noteDraftKey, readDraft, saveQueue, writeDraft, type PendingEntry, type PendingNote } from "./queue";

// The current run of a checklist page, shared by its header and its items. Ticks and notes go
// through a queue: an item shows "não salvo ainda" until the server answers 2xx for its
// idempotency key; network errors and 5xx (PostgreSQL down → 503) are retried with backoff and the
// same key; a 4xx drops the entry and shows the server's message (the checkbox goes back to the
// saved state; a refused note stays in its field). The run's SSE stream brings everyone's ticks
// and notes; each (re)connection starts with a snapshot.

export interface ChecklistContextValue {
  run: RunState | null;
  openError: string | null;
  canTick: boolean;
  locale: Locale;
  timeZone: string;
  live: boolean;
  historyHref: string | null;
  /** The signed-in user: the author of the notes this page edits. */
  viewerId: string;
  pendingFor: (itemId: string) => PendingEntry[];
  pendingCount: number;
  errorFor: (itemId: string) => string | null;
  /** Bumped when this item's note was saved (the item then clears its draft). */
  savedNotes: Record<string, number>;
  toggle: (itemId: string, checked: boolean, evidenceKeys: readonly string[]) => void;
  /** Queues a save of the viewer's own note on the item, unless it already says `text`. */
  saveNote: (itemId: string, text: string) => void;
}

const ChecklistContext = createContext<ChecklistContextValue | null>(null);

export function useChecklist(): ChecklistContextValue | null {
  return useContext(ChecklistContext);
}

interface ProviderProps {
  slug: string;
  initialRun: RunState | null;
  canTick: boolean;
  viewerId: string;
  locale: Locale;
  timeZone: string;
  historyHref: string | null;
  children: ReactNode;
}

/** The newer of two states of an item wins; events may arrive out of order. */
function applyResult(run: RunState, result: TickResult): RunState {
  if (result.item && run.items.every((i) => i.id !== result.item.id)) return run;
  const current = run.items.find((i) => i.id === result.item.id);
  const known = current?.last?.at;
  const incoming = result.item.last?.at;
  if (known && incoming && Date.parse(incoming) < Date.parse(known)) return run;
  return { ...run, progress: result.progress, startedAt: run.startedAt ?? incoming ?? null, items: run.items.map((i) => (i.id === result.item.id ? { ...i, ...result.item, text: i.text ?? result.item.text } : i)) };
}

/** The newer text of a note wins; events may arrive out of order. */
function applyNote(run: RunState, note: NoteView): RunState {
  if (note.runId !== run.id) return run;
  const known = run.notes.find((n) => n.id === note.id);
  if (!known) return { ...run, notes: [...run.notes, note] };
  if (Date.parse(note.updatedAt) < Date.parse(known.updatedAt)) return run;
  return { ...run, notes: run.notes.map((n) => (n.id === note.id ? note : n)) };
}

/** The viewer's latest note on an item: the one the item's field edits. */
export function ownNote(run: RunState | null, itemId: string, viewerId: string): NoteView | null {
  return run?.notes.filter((n) => n.itemId === itemId && n.author.id === viewerId).at(-1) ?? null;
}

export function ChecklistProvider({ slug, initialRun, canTick, viewerId, locale, timeZone, historyHref, children }: ProviderProps) {
  const [run, setRun] = useState<RunState | null>(initialRun);
  const [openError, setOpenError] = useState<string | null>(null);
  const [queue, setQueue] = useState<PendingEntry[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [savedNotes, setSavedNotes] = useState<Record<string, number>>({});
  const [live, setLive] = useState(false);
  const [wake, setWake] = useState(0);
  const loaded = useRef(false);
  const inflight = useRef(new Set<string>());

  // The queue left by an earlier visit (reload while the database was down).
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration
    setQueue(loadQueue(slug));
    loaded.current = true;
  }, [slug]);

  useEffect(() => {
    if (loaded.current) saveQueue(slug, queue);
  }, [slug, queue]);

  // The server could not open the run while rendering (database down): keep trying from here.
  useEffect(() => {
    if (run) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = async (n: number) => {
      try {
        const response = await fetch(`/api/checklists/${encodeURIComponent(slug)}/current`, { method: "POST", headers: { accept: "application/json" } });
        if (!response.ok) throw new Error(await errorMessage(response));
        const body = (await response.json()) as { run: RunState };
        if (!stopped) {
          setRun(body.run);
          setOpenError(null);
        }
      } catch (err) {
        if (stopped) return;
        setOpenError(err instanceof Error ? err.message : String(err));
        timer = setTimeout(() => void attempt(n + 1), backoffMs(n + 1, null));
      }
    };
    void attempt(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [run, slug]);

  const runId = run?.id ?? null;

  const retryNow = useCallback(() => {
    setQueue((q) => (q.some((e) => e.nextAt > Date.now()) ? q.map((e) => ({ ...e, nextAt: 0 })) : q));
    setWake((w) => w + 1);
  }, []);

  // Live: everyone's ticks; a snapshot on every (re)connection reconciles whatever was missed.
  // EventSource retries by itself after a dropped stream, but gives up for good when a reconnection
  // is answered with an error status (the portal restarting, the database down): then reopen it.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!runId) return;
    const source = new EventSource(`/api/checklists/runs/${runId}/events`);
    let reopen: ReturnType<typeof setTimeout> | undefined;
    source.onopen = () => setLive(true);
    source.onerror = () => {
      setLive(false);
      if (source.readyState === EventSource.CLOSED) reopen = setTimeout(() => setGeneration((g) => g + 1), 3000);
    };
    source.addEventListener("snapshot", (event) => {
      setLive(true);
      setRun(JSON.parse((event as MessageEvent<string>).data) as RunState);
      retryNow();
    });
    source.addEventListener("tick", (event) => {
      const result = JSON.parse((event as MessageEvent<string>).data) as TickResult;
      setRun((current) => (current ? applyResult(current, result) : current));
    });
    source.addEventListener("note", (event) => {
      const note = JSON.parse((event as MessageEvent<string>).data) as NoteView;
      setRun((current) => (current ? applyNote(current, note) : current));
    });
    return () => {
      clearTimeout(reopen);
      source.close();
    };
  }, [runId, retryNow, generation]);

  useEffect(() => {
    window.addEventListener("online", retryNow);
    return () => window.removeEventListener("online", retryNow);
  }, [retryNow]);

  const send = useCallback(async (entry: PendingEntry) => {
    inflight.current.add(entry.key);
    const retry = (retryAfter: number | null) =>
      setQueue((q) => q.map((e) => (e.key === entry.key ? { ...e, attempts: e.attempts + 1, nextAt: Date.now() + backoffMs(e.attempts + 1, retryAfter) } : e)));
    const [path, body] = isNote(entry)
      ? ["notes", { noteId: entry.noteId, itemId: entry.itemId, text: entry.text, idempotencyKey: entry.key }]
      : ["ticks", { itemId: entry.itemId, action: entry.action, note: entry.note, evidence: entry.evidence, idempotencyKey: entry.key }];
    try {
      const response = await fetch(`/api/checklists/runs/${entry.runId}/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      if (response.ok) {
        const result = (await response.json()) as TickResult | NoteResult;
        setQueue((q) => q.filter((e) => e.key !== entry.key));
        setErrors(({ [entry.itemId]: _drop, ...rest }) => rest);
        if ("note" in result && !("item" in result)) {
          setRun((current) => (current ? applyNote(current, result.note) : current));
          const draftKey = noteDraftKey(entry.runId, entry.itemId);
          if (readDraft(draftKey) === result.note.text) writeDraft(draftKey, "");
          setSavedNotes((s) => ({ ...s, [entry.itemId]: (s[entry.itemId] ?? 0) + 1 }));
        } else {
          const tick = result as TickResult;
          setRun((current) => (current && current.id === entry.runId ? applyResult(current, tick) : current));
        }
      } else if (isRetryableStatus(response.status)) {
        retry(retryAfterSeconds(response));
      } else {
        const message = await errorMessage(response);
        setQueue((q) => q.filter((e) => e.key !== entry.key));
        setErrors((e) => ({ ...e, [entry.itemId]: message }));
      }
    } catch {
      retry(null);
    } finally {
      inflight.current.delete(entry.key);
      setWake((w) => w + 1);
    }
  }, []);

  // Sends the oldest pending tick of each item when it is due; sleeps until the next one is.
  useEffect(() => {
    const heads = new Map<string, PendingEntry>();
    for (const entry of queue) if (!heads.has(entry.itemId)) heads.set(entry.itemId, entry);
    let soonest = Infinity;
    const now = Date.now();
    for (const head of heads.values()) {
      if (inflight.current.has(head.key)) continue;
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the request is the effect; state changes when it answers
      if (head.nextAt <= now) void send(head);
      else soonest = Math.min(soonest, head.nextAt);
    }
    if (soonest === Infinity) return;
    const timer = setTimeout(() => setWake((w) => w + 1), soonest - now);
    return () => clearTimeout(timer);
  }, [queue, wake, send]);

  const toggle = useCallback(
    (itemId: string, checked: boolean, evidenceKeys: readonly string[]) => {
      if (!run || run.readOnly || !canTick) return;
      // The note is not sent with the tick: it is saved on its own (saveNote).
      const entry: PendingEntry = {
        kind: "tick",
        key: newIdempotencyKey(),
        runId: run.id,
        itemId,
        action: checked ? "tick" : "untick",
        note: null,
        evidence: evidenceFor(evidenceKeys),
        attempts: 0,
        nextAt: 0,
      };
      setErrors(({ [itemId]: _drop, ...rest }) => rest);
      setQueue((q) => [...q, entry]);
    },
    [run, canTick],
  );

  const saveNote = useCallback(
    (itemId: string, text: string) => {
      if (!run || run.readOnly || !canTick) return;
      const runId = run.id;
      const own = ownNote(run, itemId, viewerId);
      setQueue((q) => {
        const last = q.filter((e): e is PendingNote => isNote(e) && e.itemId === itemId && e.runId === runId).at(-1);
        if (text === (last?.text ?? own?.text ?? "")) return q;
        // Never sent yet: only the latest text of it matters.
        const unsent = last && last.attempts === 0 && !inflight.current.has(last.key) ? last : null;
        const rest = unsent ? q.filter((e) => e !== unsent) : q;
        // A note the server does not have yet, emptied before it was sent: nothing to save.
        if (!own && text.trim() === "" && (!last || unsent)) return rest;
        const entry: PendingNote = { kind: "note", key: newIdempotencyKey(), runId, itemId, noteId: last?.noteId ?? own?.id ?? newUuid(), text, attempts: 0, nextAt: 0 };
        return [...rest, entry];
      });
      setErrors(({ [itemId]: _drop, ...rest }) => rest);
    },
    [run, canTick, viewerId],
  );

  const value = useMemo<ChecklistContextValue>(
    () => ({
      run,
      openError,
      canTick,
      locale,
      timeZone,
      live,
      historyHref,
      viewerId,
      pendingFor: (itemId) => queue.filter((e) => e.itemId === itemId && (!run || e.runId === run.id)),
      pendingCount: queue.length,
      errorFor: (itemId) => errors[itemId] ?? null,
      savedNotes,
      toggle,
      saveNote,
    }),
    [run, openError, canTick, locale, timeZone, live, historyHref, viewerId, queue, errors, savedNotes, toggle, saveNote],
  );

  return <ChecklistContext.Provider value={value}>{children}</ChecklistContext.Provider>;
}
