"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Locale } from "@/lib/i18n/messages";
import type { NoteResult, NoteView, RunState, TickResult } from "@/lib/checklists/types";
import { sendJson } from "@/components/client/json";
import { newIdempotencyKey } from "@/components/client/keys";
import { readDraft, writeDraft } from "@/components/client/storage";
import { useLiveStream } from "@/components/client/useLiveStream";
import { useOutbox } from "@/components/client/useOutbox";
import { evidenceFor } from "./evidence";
import { isNote, isPendingEntry, noteDraftKey, queueKey, type PendingEntry, type PendingNote } from "./queue";

// The current run of a checklist page, shared by its header and its items. Ticks and notes go
// through the browser's outbox (components/client/useOutbox.ts), one at a time per item: an item
// shows "não salvo ainda" until the server answers 2xx for its idempotency key; what the retry
// policy retries waits with backoff and the same key; a refusal drops the entry and shows the
// server's message (the checkbox goes back to the saved state; a refused note stays in its field).
// The run's live stream brings everyone's ticks and notes.

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
  return {
    ...run,
    progress: result.progress,
    startedAt: run.startedAt ?? incoming ?? null,
    items: run.items.map((i) =>
      i.id === result.item.id ? { ...i, ...result.item, text: i.text ?? result.item.text } : i,
    ),
  };
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

export function ChecklistProvider({
  slug,
  initialRun,
  canTick,
  viewerId,
  locale,
  timeZone,
  historyHref,
  children,
}: ProviderProps) {
  const [run, setRun] = useState<RunState | null>(initialRun);
  const [openError, setOpenError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [savedNotes, setSavedNotes] = useState<Record<string, number>>({});

  const outbox = useOutbox<PendingEntry, TickResult | NoteResult>({
    storageKey: queueKey(slug),
    valid: isPendingEntry,
    lane: (entry) => entry.itemId,
    request: (entry) =>
      isNote(entry)
        ? {
            method: "POST",
            url: `/api/checklists/runs/${entry.runId}/notes`,
            body: { noteId: entry.noteId, itemId: entry.itemId, text: entry.text, idempotencyKey: entry.key },
          }
        : {
            method: "POST",
            url: `/api/checklists/runs/${entry.runId}/ticks`,
            body: {
              itemId: entry.itemId,
              action: entry.action,
              note: entry.note,
              evidence: entry.evidence,
              idempotencyKey: entry.key,
            },
          },
    onSaved: (entry, result) => {
      setErrors(({ [entry.itemId]: _drop, ...rest }) => rest);
      if (isNote(entry)) {
        const { note } = result as NoteResult;
        setRun((current) => (current ? applyNote(current, note) : current));
        const draftKey = noteDraftKey(entry.runId, entry.itemId);
        if (readDraft(draftKey) === note.text) writeDraft(draftKey, "");
        setSavedNotes((saved) => ({ ...saved, [entry.itemId]: (saved[entry.itemId] ?? 0) + 1 }));
      } else {
        setRun((current) =>
          current && current.id === entry.runId ? applyResult(current, result as TickResult) : current,
        );
      }
    },
    onRefused: (entry, message) => {
      setErrors((e) => ({ ...e, [entry.itemId]: message }));
      return "drop";
    },
  });
  const { entries: queue, add, update, isInflight, retryNow } = outbox;

  // The server could not open the run while rendering (database down): keep trying from here.
  useEffect(() => {
    if (run) return;
    const stop = new AbortController();
    void sendJson<{ run: RunState }>("POST", `/api/checklists/${encodeURIComponent(slug)}/current`, undefined, {
      attempts: Infinity,
      signal: stop.signal,
      onRetry: (result) => setOpenError(result.message ?? null),
    }).then((result) => {
      if (stop.signal.aborted) return;
      if (result.ok && result.data) {
        setRun(result.data.run);
        setOpenError(null);
      } else setOpenError(result.message ?? null);
    });
    return () => stop.abort();
  }, [run, slug]);

  const runId = run?.id ?? null;

  // Live: everyone's ticks and notes; a snapshot on every (re)connection reconciles whatever was
  // missed, and is the moment to send what waits in the outbox.
  const live = useLiveStream(runId ? `/api/checklists/runs/${runId}/events` : null, {
    snapshot: (snapshot: RunState) => {
      setRun(snapshot);
      retryNow();
    },
    tick: (result: TickResult) => setRun((current) => (current ? applyResult(current, result) : current)),
    note: (note: NoteView) => setRun((current) => (current ? applyNote(current, note) : current)),
  });

  const toggle = useCallback(
    (itemId: string, checked: boolean, evidenceKeys: readonly string[]) => {
      if (!run || run.readOnly || !canTick) return;
      // The note is not sent with the tick: it is saved on its own (saveNote).
      setErrors(({ [itemId]: _drop, ...rest }) => rest);
      add({
        kind: "tick",
        key: newIdempotencyKey(),
        runId: run.id,
        itemId,
        action: checked ? "tick" : "untick",
        note: null,
        evidence: evidenceFor(evidenceKeys),
      });
    },
    [run, canTick, add],
  );

  const saveNote = useCallback(
    (itemId: string, text: string) => {
      if (!run || run.readOnly || !canTick) return;
      const runId = run.id;
      const own = ownNote(run, itemId, viewerId);
      update((q) => {
        const last = q.filter((e): e is PendingNote => isNote(e) && e.itemId === itemId && e.runId === runId).at(-1);
        if (text === (last?.text ?? own?.text ?? "")) return q;
        // Never sent yet: only the latest text of it matters.
        const unsent = last && last.attempts === 0 && !isInflight(last.key) ? last : null;
        const rest = unsent ? q.filter((e) => e !== unsent) : q;
        // A note the server does not have yet, emptied before it was sent: nothing to save.
        if (!own && text.trim() === "" && (!last || unsent)) return rest;
        const entry: PendingNote = {
          kind: "note",
          key: newIdempotencyKey(),
          runId,
          itemId,
          noteId: last?.noteId ?? own?.id ?? newIdempotencyKey(),
          text,
          attempts: 0,
          nextAt: 0,
        };
        return [...rest, entry];
      });
      setErrors(({ [itemId]: _drop, ...rest }) => rest);
    },
    [run, canTick, viewerId, update, isInflight],
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
    [
      run,
      openError,
      canTick,
      locale,
      timeZone,
      live,
      historyHref,
      viewerId,
      queue,
      errors,
      savedNotes,
      toggle,
      saveNote,
    ],
  );

  return <ChecklistContext.Provider value={value}>{children}</ChecklistContext.Provider>;
}
