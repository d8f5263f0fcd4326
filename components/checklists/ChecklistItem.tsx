"use client";

import { useEffect, useId, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/Alert";
import { Badge } from "@/components/ui/Badge";
import { Textarea } from "@/components/ui/Field";
import { translator } from "@/lib/i18n/messages";
import { fill, formatClock } from "@/lib/i18n/format";
import { useChecklist } from "./ChecklistProvider";
import { OptionalBadge } from "./OptionalBadge";
import { noteDraftKey, readDraft, writeDraft } from "./queue";

const NOTE_MAX = 2000;

interface ChecklistItemProps {
  item: { id: string; text: string; optional: boolean };
  /** Registry keys of the live panels in this item's section (its evidence). */
  evidenceKeys: string[];
  children: ReactNode;
}

/** A runbook task item as a real checkbox, with its latest tick, a note and its save state. */
export function ChecklistItem({ item, evidenceKeys, children }: ChecklistItemProps) {
  const checklist = useChecklist();
  const noteId = useId();
  const [note, setNote] = useState("");
  const runId = checklist?.run?.id ?? null;
  const savedVersion = checklist?.savedNotes[item.id] ?? 0;

  // The draft is per run and item, read after hydration (localStorage is browser-only).
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration
    if (runId) setNote(readDraft(noteDraftKey(runId, item.id)));
  }, [runId, item.id, savedVersion]);

  if (!checklist) return <>{children}</>;
  const { run, canTick, locale, timeZone } = checklist;
  const t = translator(locale);
  const state = run?.items.find((i) => i.id === item.id) ?? null;
  const pending = checklist.pendingFor(item.id);
  const error = checklist.errorFor(item.id);
  const checked = pending.length > 0 ? pending[pending.length - 1]!.action === "tick" : !!state?.ticked;
  const editable = !!run && !run.readOnly && canTick;
  const last = state?.last ?? null;

  const onNote = (value: string) => {
    setNote(value);
    if (runId) writeDraft(noteDraftKey(runId, item.id), value);
  };

  return (
    <div className="flex items-start gap-3" data-checklist-item={item.id} data-saved={pending.length === 0 ? "true" : "false"}>
      <input
        type="checkbox"
        aria-label={item.text}
        checked={checked}
        disabled={!editable}
        onChange={(event) => checklist.toggle(item.id, event.currentTarget.checked, note, evidenceKeys)}
        className="mt-1.5 size-5 shrink-0 cursor-pointer accent-sky-700 disabled:cursor-default"
      />
      <div className="min-w-0 flex-1">
        <div>
          {children}
          {item.optional && <OptionalBadge locale={locale} />}
        </div>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600" aria-live="polite">
          {pending.length > 0 && (
            <Badge tone="attention" data-unsaved>
              {t("checklist.unsaved")}
            </Badge>
          )}
          {last && (
            <span data-last-tick>
              {fill(t(last.action === "tick" ? "checklist.ticked" : "checklist.unticked"), { name: last.actor.name, time: formatClock(last.at, timeZone) })}
            </span>
          )}
        </div>
        {error && (
          <Alert tone="error" role="alert" size="sm" borderless className="mt-1">
            {t("checklist.error")} {error}
          </Alert>
        )}
        {last?.note && (
          <p className="mt-1 whitespace-pre-wrap break-words rounded bg-slate-50 px-2 py-1 text-sm text-slate-700" data-saved-note>
            <span className="font-medium">{t("checklist.savedNote")}</span> {last.note}
          </p>
        )}
        {editable && (
          <details className="mt-1 text-sm" open={note !== "" ? true : undefined}>
            <summary className="cursor-pointer select-none text-xs font-medium text-sky-800">{t("checklist.note")}</summary>
            <label htmlFor={noteId} className="sr-only">
              {t("checklist.note")}: {item.text}
            </label>
            <Textarea
              id={noteId}
              value={note}
              maxLength={NOTE_MAX}
              rows={2}
              onChange={(event) => onNote(event.currentTarget.value)}
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
