"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { EntryResult } from "@/lib/incidents/types";
import { backoffMs, errorMessage, isRetryableStatus, loadList, newIdempotencyKey, retryAfterSeconds, saveList } from "@/components/outbox/outbox";

// Incident notes go through the same outbox as checklist ticks (components/outbox/outbox.ts): a
// submitted note is "não salvo ainda" until the server answers 2xx for its idempotency key; while
// PostgreSQL is down (503 + Retry-After) or the network is gone it is re-sent by itself with
// backoff and the same key, so it lands on the timeline exactly once when the database is back.
// Notes are sent one at a time, oldest first, so the timeline keeps the order they were written.
// A refusal (4xx) stops that note and shows the server's reason; the user edits or discards it.

export interface PendingNote {
  key: string;
  body: string;
  attempts: number;
  /** Epoch ms before which it is not sent again. */
  nextAt: number;
  /** Why the last attempt did not save it (shown beside "não salvo ainda"). */
  lastError: string | null;
  /** The server refused it for good: not retried. */
  rejected: string | null;
}

const outboxKey = (incidentId: string) => `ops-portal:incident-notes:${incidentId}`;
/** Before the outbox the form kept `{ text, key }` here; a key meant a save had been attempted. */
const legacyDraftKey = (incidentId: string) => `incident-note:${incidentId}`;

function isPendingNote(entry: unknown): entry is PendingNote {
  const note = entry as PendingNote | null;
  return typeof note?.key === "string" && typeof note.body === "string" && note.body.trim() !== "";
}

function loadOutbox(incidentId: string): { notes: PendingNote[]; legacyDraft: string } {
  const notes = loadList(outboxKey(incidentId), isPendingNote);
  let legacyDraft = "";
  try {
    const legacy = JSON.parse(localStorage.getItem(legacyDraftKey(incidentId)) ?? "null") as { text?: unknown; key?: unknown } | null;
    localStorage.removeItem(legacyDraftKey(incidentId));
    if (typeof legacy?.text === "string" && legacy.text.trim()) {
      if (typeof legacy.key === "string" && legacy.key) notes.push({ key: legacy.key, body: legacy.text.trim(), attempts: 0, nextAt: 0, lastError: null, rejected: null });
      else legacyDraft = legacy.text;
    }
  } catch {
    // a corrupt legacy draft is dropped
  }
  return { notes, legacyDraft };
}

export interface NoteOutbox {
  pending: PendingNote[];
  /** The draft an older version of the page left behind, to put back in the field. */
  legacyDraft: string;
  add(body: string): void;
  retryNow(): void;
  discard(key: string): void;
}

export function useNoteOutbox(incidentId: string, onSaved: (result: EntryResult) => void): NoteOutbox {
  const [pending, setPending] = useState<PendingNote[]>([]);
  const [legacyDraft, setLegacyDraft] = useState("");
  const [wake, setWake] = useState(0);
  const loaded = useRef(false);
  const inflight = useRef<string | null>(null);
  const saved = useRef(onSaved);
  useEffect(() => {
    saved.current = onSaved;
  }, [onSaved]);

  // What an earlier visit left unsaved (reload or closed tab while the database was down).
  useEffect(() => {
    const stored = loadOutbox(incidentId);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration
    setPending(stored.notes);
    setLegacyDraft(stored.legacyDraft);
    loaded.current = true;
  }, [incidentId]);

  useEffect(() => {
    if (loaded.current) saveList(outboxKey(incidentId), pending);
  }, [incidentId, pending]);

  const send = useCallback(
    async (note: PendingNote) => {
      inflight.current = note.key;
      const update = (change: Partial<PendingNote>) => setPending((list) => list.map((n) => (n.key === note.key ? { ...n, ...change } : n)));
      const retry = (retryAfter: number | null, message: string) =>
        update({ attempts: note.attempts + 1, nextAt: Date.now() + backoffMs(note.attempts + 1, retryAfter), lastError: message });
      try {
        const response = await fetch(`/api/incidents/${incidentId}/notes`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ body: note.body, idempotencyKey: note.key }),
        });
        if (response.ok) {
          const result = (await response.json()) as EntryResult;
          setPending((list) => list.filter((n) => n.key !== note.key));
          saved.current(result);
        } else if (isRetryableStatus(response.status)) {
          retry(retryAfterSeconds(response), await errorMessage(response));
        } else {
          update({ rejected: await errorMessage(response) });
        }
      } catch {
        retry(null, "Sem conexão com o portal.");
      } finally {
        inflight.current = null;
        setWake((w) => w + 1);
      }
    },
    [incidentId],
  );

  // Sends the oldest note that is due; sleeps until it is.
  useEffect(() => {
    if (inflight.current) return;
    const head = pending.find((n) => !n.rejected);
    if (!head) return;
    const wait = head.nextAt - Date.now();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the request is the effect; state changes when it answers
    if (wait <= 0) void send(head);
    else {
      const timer = setTimeout(() => setWake((w) => w + 1), wait);
      return () => clearTimeout(timer);
    }
  }, [pending, wake, send]);

  const retryNow = useCallback(() => {
    setPending((list) => (list.some((n) => n.nextAt > Date.now()) ? list.map((n) => ({ ...n, nextAt: 0 })) : list));
    setWake((w) => w + 1);
  }, []);

  useEffect(() => {
    window.addEventListener("online", retryNow);
    return () => window.removeEventListener("online", retryNow);
  }, [retryNow]);

  const add = useCallback((body: string) => {
    const text = body.trim();
    if (!text) return;
    setPending((list) => [...list, { key: newIdempotencyKey(), body: text, attempts: 0, nextAt: 0, lastError: null, rejected: null }]);
  }, []);

  const discard = useCallback((key: string) => setPending((list) => list.filter((n) => n.key !== key)), []);

  return { pending, legacyDraft, add, retryNow, discard };
}
