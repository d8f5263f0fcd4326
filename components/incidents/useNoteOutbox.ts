"use client";

import { useState } from "react";
import { newIdempotencyKey } from "@/components/client/keys";
import { takeItem } from "@/components/client/storage";
import { useOutbox, type OutboxEntry } from "@/components/client/useOutbox";
import type { EntryResult } from "@/lib/incidents/types";

// Incident notes in the browser's outbox (components/client/useOutbox.ts): a submitted note is
// "não salvo ainda" until the server answers 2xx for its idempotency key, re-sent by itself with
// the same key while the database is down, so it lands on the timeline exactly once. Notes go one
// at a time, oldest first, so the timeline keeps the order they were written. A refusal stops that
// note and shows the server's reason; the user edits or discards it.

export interface PendingNote extends OutboxEntry {
  body: string;
}

const outboxKey = (incidentId: string) => `ops-portal:incident-notes:${incidentId}`;
/** Before the outbox the form kept `{ text, key }` here; a key meant a save had been attempted. */
const legacyDraftKey = (incidentId: string) => `incident-note:${incidentId}`;

function isPendingNote(entry: unknown): entry is PendingNote {
  const note = entry as PendingNote | null;
  return typeof note?.key === "string" && typeof note.body === "string" && note.body.trim() !== "";
}

/** A note an older version of the page left: one already sent (it has a key) goes to the outbox. */
function readLegacy(incidentId: string): { note: PendingNote | null; draft: string } {
  try {
    const legacy = JSON.parse(takeItem(legacyDraftKey(incidentId)) ?? "null") as {
      text?: unknown;
      key?: unknown;
    } | null;
    if (typeof legacy?.text !== "string" || !legacy.text.trim()) return { note: null, draft: "" };
    if (typeof legacy.key === "string" && legacy.key)
      return {
        note: { key: legacy.key, body: legacy.text.trim(), attempts: 0, nextAt: 0, lastError: null, rejected: null },
        draft: "",
      };
    return { note: null, draft: legacy.text };
  } catch {
    return { note: null, draft: "" };
  }
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
  const [legacyDraft, setLegacyDraft] = useState("");
  const outbox = useOutbox<PendingNote, EntryResult>({
    storageKey: outboxKey(incidentId),
    valid: isPendingNote,
    // Runs once per incident, after hydration, when the outbox reads back what it stored.
    restore: (stored) => {
      const legacy = readLegacy(incidentId);
      setLegacyDraft(legacy.draft);
      return legacy.note ? [...stored, legacy.note] : stored;
    },
    lane: () => incidentId,
    request: (note) => ({
      method: "POST",
      url: `/api/incidents/${incidentId}/notes`,
      body: { body: note.body, idempotencyKey: note.key },
    }),
    onSaved: (_note, result) => onSaved(result),
    onRefused: () => "keep",
  });
  const { entries, add, retryNow, discard } = outbox;
  return {
    pending: entries,
    legacyDraft,
    add: (body: string) => {
      const text = body.trim();
      if (text) add({ key: newIdempotencyKey(), body: text });
    },
    retryNow,
    discard,
  };
}
