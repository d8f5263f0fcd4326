import type { StepState, TimelineEntryView } from "./types";

// The state of an incident's runbook steps is not stored anywhere else: it is the latest `step`
// entry of each item on the timeline (ticks and unticks are both appended). Pure functions, so
// the server (page load, SSE snapshot) and the browser (live entries) derive it the same way.

export type StepAction = "tick" | "untick";

/** What a step entry's `data` holds. */
export interface StepEntryData {
  itemId: string;
  itemText: string;
  runbookVersion: string | null;
  action: StepAction;
}

export function stepData(data: unknown): StepEntryData | null {
  const d = data as Partial<StepEntryData> | null;
  if (!d || typeof d !== "object" || typeof d.itemId !== "string" || (d.action !== "tick" && d.action !== "untick"))
    return null;
  return {
    itemId: d.itemId,
    itemText: typeof d.itemText === "string" ? d.itemText : d.itemId,
    runbookVersion: typeof d.runbookVersion === "string" ? d.runbookVersion : null,
    action: d.action,
  };
}

/** The step state a timeline entry sets, or null when it is not a (well-formed) step entry. */
export function stepFromEntry(
  entry: Pick<TimelineEntryView, "id" | "kind" | "data" | "actor" | "at">,
): StepState | null {
  if (entry.kind !== "step") return null;
  const data = stepData(entry.data);
  if (!data) return null;
  return { itemId: data.itemId, done: data.action === "tick", by: entry.actor, at: entry.at, entryId: entry.id };
}

const newer = (a: StepState, b: StepState) => a.at.localeCompare(b.at) || a.entryId.localeCompare(b.entryId);

/** Applies one step; an older one (events can arrive out of order) changes nothing. */
export function applyStep(states: Record<string, StepState>, step: StepState): Record<string, StepState> {
  const current = states[step.itemId];
  if (current && newer(step, current) <= 0) return states;
  return { ...states, [step.itemId]: step };
}

/** The steps' states from entries in any order. */
export function deriveSteps(
  entries: Iterable<Pick<TimelineEntryView, "id" | "kind" | "data" | "actor" | "at">>,
): Record<string, StepState> {
  let states: Record<string, StepState> = {};
  for (const entry of entries) {
    const step = stepFromEntry(entry);
    if (step) states = applyStep(states, step);
  }
  return states;
}
