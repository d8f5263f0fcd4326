"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { newIdempotencyKey } from "@/components/client/keys";
import { useLiveStream } from "@/components/client/useLiveStream";
import { useOutbox, type OutboxEntry } from "@/components/client/useOutbox";
import { translator, type Locale } from "@/lib/i18n/messages";
import { applyStep, stepFromEntry } from "@/lib/incidents/step-state";
import type { EntryResult, IncidentView, StepResult, StepState } from "@/lib/incidents/types";
import { fill, formatClock } from "@/lib/i18n/format";

// The runbook's task items on the incident page, as checkboxes for this incident. The state of
// each step comes from the server (its latest `step` entry) and from the incident's live stream,
// so every viewer's boxes follow everyone's ticks. A tick goes through the browser's outbox
// (components/client/useOutbox.ts) with a key chosen once: what the retry policy retries is sent
// again with the same key and the box says "não salvo ainda" meanwhile; a refusal puts the box
// back and shows the server's reason. A reload while the database is down sends them again.

interface Pending extends OutboxEntry {
  itemId: string;
  action: "tick" | "untick";
}

const outboxKey = (incidentId: string) => `ops-portal:incident-steps:${incidentId}`;
const isStoredStep = (entry: unknown): entry is Pending => {
  const step = entry as Pending | null;
  return (
    typeof step?.itemId === "string" &&
    typeof step.key === "string" &&
    (step.action === "tick" || step.action === "untick")
  );
};

interface StepsContextValue {
  states: Record<string, StepState>;
  pending: Record<string, Pending>;
  errors: Record<string, string>;
  itemIds: readonly string[];
  canTick: boolean;
  locale: Locale;
  timeZone: string;
  toggle: (itemId: string, checked: boolean) => void;
}

const StepsContext = createContext<StepsContextValue | null>(null);

interface ProviderProps {
  incidentId: string;
  initialSteps: Record<string, StepState>;
  /** The runbook's items, in page order (for the progress line). */
  itemIds: readonly string[];
  canTick: boolean;
  locale: Locale;
  timeZone: string;
  children: ReactNode;
}

const without = <T,>(record: Record<string, T>, key: string): Record<string, T> => {
  if (!(key in record)) return record;
  const { [key]: _drop, ...rest } = record;
  return rest;
};

export function IncidentStepsProvider({
  incidentId,
  initialSteps,
  itemIds,
  canTick,
  locale,
  timeZone,
  children,
}: ProviderProps) {
  const [states, setStates] = useState(initialSteps);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const outbox = useOutbox<Pending, StepResult>({
    storageKey: outboxKey(incidentId),
    valid: isStoredStep,
    // Only this runbook's steps; one left by an earlier visit was tried already ("não salvo ainda").
    restore: (stored) =>
      stored
        .filter((step) => itemIds.includes(step.itemId))
        .map((step) => ({ ...step, attempts: Math.max(1, step.attempts ?? 0), nextAt: 0 })),
    lane: (step) => step.itemId,
    request: (step) => ({
      method: "POST",
      url: `/api/incidents/${encodeURIComponent(incidentId)}/steps`,
      body: { itemId: step.itemId, action: step.action, idempotencyKey: step.key },
    }),
    onSaved: (_step, result) => {
      if (result.step) setStates((current) => applyStep(current, result.step!));
    },
    onRefused: (step, message) => {
      setErrors((e) => ({ ...e, [step.itemId]: message || "erro" }));
      return "drop";
    },
  });
  const { entries, add, retryNow } = outbox;
  const pending = useMemo(() => Object.fromEntries(entries.map((step) => [step.itemId, step])), [entries]);

  useLiveStream(`/api/incidents/${encodeURIComponent(incidentId)}/events`, {
    // The snapshot is derived from every step entry; merged, so a newer state already shown stays.
    snapshot: (view: IncidentView) => {
      setStates((current) => Object.values(view.steps ?? {}).reduce(applyStep, current));
      retryNow();
    },
    entry: (result: EntryResult) => {
      const step = stepFromEntry(result.entry);
      if (step) setStates((current) => applyStep(current, step));
    },
  });

  const toggle = useCallback(
    (itemId: string, checked: boolean) => {
      // One request per step at a time: the box is disabled until it is answered.
      if (!canTick || pending[itemId]) return;
      setErrors((e) => without(e, itemId));
      add({ key: newIdempotencyKey(), itemId, action: checked ? "tick" : "untick" });
    },
    [canTick, pending, add],
  );

  const value = useMemo<StepsContextValue>(
    () => ({ states, pending, errors, itemIds, canTick, locale, timeZone, toggle }),
    [states, pending, errors, itemIds, canTick, locale, timeZone, toggle],
  );
  return <StepsContext.Provider value={value}>{children}</StepsContext.Provider>;
}

/** Above the runbook: how many steps are done, and why the boxes are greyed out for a viewer. */
export function IncidentStepsHeader() {
  const steps = useContext(StepsContext);
  if (!steps || steps.itemIds.length === 0) return null;
  const t = translator(steps.locale);
  const done = steps.itemIds.filter((id) => steps.states[id]?.done).length;
  return (
    <p
      className="mb-3 flex flex-wrap gap-x-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700"
      aria-live="polite"
    >
      <span data-steps-progress={`${done}/${steps.itemIds.length}`}>
        {fill(t("incidents.steps.progress"), { done, total: steps.itemIds.length })}
      </span>
      {!steps.canTick && <span className="text-slate-500">{t("incidents.steps.readOnly")}</span>}
    </p>
  );
}

/** One runbook task item as this incident's checkbox, with who last ticked it and when. */
export function IncidentStep({
  item,
  children,
}: {
  item: { id: string; text: string; optional: boolean };
  children: ReactNode;
}) {
  const steps = useContext(StepsContext);
  if (!steps) return <>{children}</>;
  const t = translator(steps.locale);
  const state = steps.states[item.id];
  const pending = steps.pending[item.id];
  const error = steps.errors[item.id];
  const checked = pending ? pending.action === "tick" : !!state?.done;
  return (
    <div
      className="flex items-start gap-3"
      data-incident-step={item.id}
      data-done={String(checked)}
      data-saved={String(!pending)}
    >
      <input
        type="checkbox"
        aria-label={item.text}
        checked={checked}
        disabled={!steps.canTick || !!pending}
        onChange={(event) => steps.toggle(item.id, event.currentTarget.checked)}
        className="mt-1.5 size-5 shrink-0 cursor-pointer accent-sky-700 disabled:cursor-default"
      />
      <div className="min-w-0 flex-1">
        <div>
          {children}
          {item.optional && (
            <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
              {t("checklist.optional")}
            </span>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600" aria-live="polite">
          {pending && pending.attempts > 0 && (
            <span className="rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900" data-unsaved>
              {t("checklist.unsaved")}
            </span>
          )}
          {state && (
            <span data-step-by>
              {fill(t(state.done ? "checklist.ticked" : "checklist.unticked"), {
                name: state.by?.name ?? t("incidents.timeline.system"),
                time: formatClock(state.at, steps.timeZone),
              })}
            </span>
          )}
        </div>
        {error && (
          <p role="alert" className="mt-1 rounded bg-red-50 px-2 py-1 text-xs text-red-900">
            {t("checklist.error")} {error}
          </p>
        )}
      </div>
    </div>
  );
}
