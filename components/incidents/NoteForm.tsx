"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { Textarea } from "@/components/ui/Field";
import { translator, type Locale } from "@/lib/i18n/messages";
import { fill } from "@/lib/i18n/format";
import type { EntryResult } from "@/lib/incidents/types";
import { readDraft, writeDraft } from "@/components/client/storage";
import { useNoteOutbox } from "./useNoteOutbox";

// The incident's note form. What is being typed is kept in localStorage; a submitted note moves
// to the outbox (useNoteOutbox) and stays listed as "não salvo ainda" until the server has it,
// so the operator can go on writing while PostgreSQL is down.

interface Props {
  incidentId: string;
  locale: Locale;
  /** A note the server saved: the caller puts it on the timeline. */
  onSaved: (result: EntryResult) => void;
}

const link = "underline hover:no-underline";

export function NoteForm({ incidentId, locale, onSaved }: Props) {
  const t = translator(locale);
  const outbox = useNoteOutbox(incidentId, onSaved);
  const draftKey = `ops-portal:incident-note-draft:${incidentId}`;
  const [draft, setDraft] = useState("");
  const loaded = useRef(false);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration
    setDraft(readDraft(draftKey) || outbox.legacyDraft);
    loaded.current = true;
  }, [draftKey, outbox.legacyDraft]);
  useEffect(() => {
    if (loaded.current) writeDraft(draftKey, draft);
  }, [draft, draftKey]);

  const submit = () => {
    if (!draft.trim()) return;
    outbox.add(draft);
    setDraft("");
  };

  return (
    <Card
      as="form"
      className="space-y-1"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor="incident-note" className="text-sm font-medium text-slate-800">
        {t("incidents.note.label")}
      </label>
      <Textarea
        id="incident-note"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
        rows={3}
        maxLength={20_000}
        className="w-full"
      />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={!draft.trim()}>
          {t("incidents.note.submit")}
        </Button>
        <span className="text-xs text-slate-500">{t("incidents.note.draftKept")}</span>
      </div>
      {outbox.pending.length > 0 && (
        <ul className="mt-2 space-y-1" data-note-outbox>
          {outbox.pending.map((note) => (
            <li
              key={note.key}
              data-note-pending={note.key}
              data-note-state={note.rejected ? "rejected" : "pending"}
              className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm"
            >
              <p className="break-words whitespace-pre-wrap text-slate-800">{note.body}</p>
              {note.rejected ? (
                <p role="alert" className="text-red-800">
                  {fill(t("incidents.note.rejected"), { reason: note.rejected })}{" "}
                  <button
                    type="button"
                    className={link}
                    onClick={() => {
                      setDraft((d) => (d.trim() ? `${d}\n\n${note.body}` : note.body));
                      outbox.discard(note.key);
                    }}
                  >
                    {t("incidents.note.edit")}
                  </button>{" "}
                  <button type="button" className={link} onClick={() => outbox.discard(note.key)}>
                    {t("incidents.note.discard")}
                  </button>
                </p>
              ) : (
                <p role="status" className="text-amber-900">
                  {t("incidents.note.unsaved")} — {t("incidents.note.autoRetry")}
                  {note.lastError ? ` (${note.lastError})` : ""}{" "}
                  <button type="button" className={link} onClick={outbox.retryNow}>
                    {t("incidents.note.retry")}
                  </button>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
