"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/Alert";
import { Badge } from "@/components/ui/Badge";
import { Textarea } from "@/components/ui/Field";
import { translator } from "@/lib/i18n/messages";
import { fill, formatClock } from "@/lib/i18n/format";
import { ownNote, useChecklist } from "./ChecklistProvider";
import { OptionalBadge } from "./OptionalBadge";
import { readDraft, writeDraft } from "@/components/client/storage";
import { isNote, noteDraftKey } from "./queue";

const NOTE_MAX = 2000;
/** A pause in typing this long saves the note (leaving the field saves it at once). */
const NOTE_AUTOSAVE_MS = 1000;

interface ChecklistItemProps {
  item: { id: string; text: string; optional: boolean };
  /** Registry keys of the live panels in this item's section (its evidence). */
  evidenceKeys: string[];
  children: ReactNode;
}

/**
 * A runbook task item as a real checkbox, with its latest tick, everyone's notes, the viewer's own
 * note (saved on its own while typing, editable later) and its save state.
 */
export function ChecklistItem({ item, evidenceKeys, children }: ChecklistItemProps) {
  const checklist = useChecklist();
  const noteId = useId();
  const [note, setNote] = useState("");
  const typed = useRef(false);
  const runId = checklist?.run?.id ?? null;
  const savedVersion = checklist?.savedNotes[item.id] ?? 0;
  const own = checklist ? ownNote(checklist.run, item.id, checklist.viewerId) : null;
  const ownText = own?.text ?? "";
  const queuedText = checklist?.pendingFor(item.id).filter(isNote).at(-1)?.text ?? null;
  const saveNote = checklist?.saveNote;

  // The draft is per run and item, read after hydration (localStorage is browser-only); with no
  // draft the field shows what the server has (which another tab of the viewer may have changed).
  useEffect(() => {
    if (!runId) return;
    const draft = readDraft(noteDraftKey(runId, item.id));
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration
    setNote(draft !== "" ? draft : (queuedText ?? ownText));
    typed.current = draft !== "";
    // queuedText is read once per change of the saved note, not on every queue change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId, item.id, savedVersion, ownText]);

  // Autosave: a pause in typing puts the note in the outbox (a draft left by a reload included).
  useEffect(() => {
    if (!typed.current || !saveNote) return;
    const timer = setTimeout(() => saveNote(item.id, note), NOTE_AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [note, item.id, saveNote]);

  if (!checklist) return <>{children}</>;
  const { run, canTick, locale, timeZone } = checklist;
  const t = translator(locale);
  const state = run?.items.find((i) => i.id === item.id) ?? null;
  const pending = checklist.pendingFor(item.id);
  const error = checklist.errorFor(item.id);
  const ticks = pending.filter((e) => !isNote(e));
  const checked = ticks.length > 0 ? ticks[ticks.length - 1]!.action === "tick" : !!state?.ticked;
  const editable = !!run && !run.readOnly && canTick;
  const last = state?.last ?? null;
  const notes = run?.notes.filter((n) => n.itemId === item.id && n.text !== "") ?? [];
  // Typed but not in the outbox yet (the autosave pause) is "not saved" too.
  const noteDirty =
    editable && note !== (queuedText ?? ownText) && !(own === null && queuedText === null && note.trim() === "");
  const unsaved = pending.length > 0 || noteDirty;

  const onNote = (value: string) => {
    typed.current = true;
    setNote(value);
    if (runId) writeDraft(noteDraftKey(runId, item.id), value);
  };

  return (
    <div className="flex items-start gap-3" data-checklist-item={item.id} data-saved={unsaved ? "false" : "true"}>
      <input
        type="checkbox"
        aria-label={item.text}
        checked={checked}
        disabled={!editable}
        onChange={(event) => checklist.toggle(item.id, event.currentTarget.checked, evidenceKeys)}
        className="mt-1.5 size-5 shrink-0 cursor-pointer accent-sky-700 disabled:cursor-default"
      />
      <div className="min-w-0 flex-1">
        <div>
          {children}
          {item.optional && <OptionalBadge locale={locale} />}
        </div>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600" aria-live="polite">
          {unsaved && (
            <Badge tone="attention" data-unsaved>
              {t("checklist.unsaved")}
            </Badge>
          )}
          {last && (
            <span data-last-tick>
              {fill(t(last.action === "tick" ? "checklist.ticked" : "checklist.unticked"), {
                name: last.actor.name,
                time: formatClock(last.at, timeZone),
              })}
            </span>
          )}
        </div>
        {error && (
          <Alert tone="error" role="alert" size="sm" borderless className="mt-1">
            {t("checklist.error")} {error}
          </Alert>
        )}
        {last?.note && (
          <p
            className="mt-1 rounded bg-slate-50 px-2 py-1 text-sm break-words whitespace-pre-wrap text-slate-700"
            data-saved-note
          >
            <span className="font-medium">{t("checklist.savedNote")}</span> {last.note}
          </p>
        )}
        {notes.map((n) => (
          <p
            key={n.id}
            className="mt-1 rounded bg-slate-50 px-2 py-1 text-sm break-words whitespace-pre-wrap text-slate-700"
            data-note={n.id}
            data-note-author={n.author.id}
          >
            <span className="font-medium">
              {fill(t("checklist.noteBy"), { name: n.author.name, time: formatClock(n.updatedAt, timeZone) })}
              {n.updatedAt !== n.createdAt && ` ${t("checklist.noteEdited")}`}:
            </span>{" "}
            {n.text}
          </p>
        ))}
        {editable && (
          <details className="mt-1 text-sm" open={note !== "" ? true : undefined}>
            <summary className="cursor-pointer text-xs font-medium text-sky-800 select-none">
              {t("checklist.note")}
            </summary>
            <label htmlFor={noteId} className="sr-only">
              {t("checklist.note")}: {item.text}
            </label>
            <Textarea
              id={noteId}
              value={note}
              maxLength={NOTE_MAX}
              rows={2}
              onChange={(event) => onNote(event.currentTarget.value)}
              onBlur={() => {
                if (typed.current) checklist.saveNote(item.id, note);
              }}
              className="mt-1 block w-full"
            />
            <p className="mt-0.5 flex justify-between gap-2 text-xs text-slate-500">
              <span>{t("checklist.noteHint")}</span>
              <span className="tabular-nums">
                {[...note].length}/{NOTE_MAX}
              </span>
            </p>
          </details>
        )}
      </div>
    </div>
  );
}
